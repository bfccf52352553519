#include "core/check.h"
#include "core/picker.h"

namespace logsim {
namespace {

// Each pick adds every eligible analyzer's weight to its running score,
// takes the highest score and subtracts the eligible total from it. Over
// any window the picks follow the weights and never bunch up.
class SmoothWrrPicker final : public Picker {
 public:
  explicit SmoothWrrPicker(std::vector<double> weights)
      : weights_(std::move(weights)), current_(weights_.size(), 0.0) {}

  AnalyzerIndex pick(std::uint64_t eligible) override {
    LOGSIM_CHECK(eligible != 0);
    double total = 0;
    AnalyzerIndex best = static_cast<AnalyzerIndex>(__builtin_ctzll(eligible));
    for (std::uint64_t m = eligible; m != 0; m &= m - 1) {
      const auto i = static_cast<AnalyzerIndex>(__builtin_ctzll(m));
      current_[i] += weights_[i];
      total += weights_[i];
      if (current_[i] > current_[best]) best = i;
    }
    current_[best] -= total;
    return best;
  }

 private:
  std::vector<double> weights_;
  std::vector<double> current_;
};

}  // namespace

std::unique_ptr<Picker> make_smooth_wrr_picker(std::vector<double> weights) {
  return std::make_unique<SmoothWrrPicker>(std::move(weights));
}

}  // namespace logsim
