#include "core/check.h"
#include "core/picker.h"

namespace logsim {
namespace {

class WeightedRandomPicker final : public Picker {
 public:
  WeightedRandomPicker(std::vector<double> weights, Rng rng) : weights_(std::move(weights)), rng_(rng) {}

  AnalyzerIndex pick(std::uint64_t eligible) override {
    LOGSIM_CHECK(eligible != 0);
    double total = 0;
    AnalyzerIndex last = 0;
    for (std::uint64_t m = eligible; m != 0; m &= m - 1) {
      last = static_cast<AnalyzerIndex>(__builtin_ctzll(m));
      total += weights_[last];
    }
    // One draw per pick, even with a single candidate, so the stream does
    // not depend on how many analyzers happen to be eligible.
    double point = rng_.next_double() * total;
    for (std::uint64_t m = eligible; m != 0; m &= m - 1) {
      const auto i = static_cast<AnalyzerIndex>(__builtin_ctzll(m));
      point -= weights_[i];
      if (point < 0) return i;
    }
    return last;  // rounding left `point` at or just above 0
  }

 private:
  std::vector<double> weights_;
  Rng rng_;
};

}  // namespace

std::unique_ptr<Picker> make_weighted_random_picker(std::vector<double> weights, Rng rng) {
  return std::make_unique<WeightedRandomPicker>(std::move(weights), rng);
}

}  // namespace logsim
