#include "core/picker.h"

namespace logsim {

std::unique_ptr<Picker> make_picker(SelectionPolicy policy, std::vector<double> weights, Rng rng) {
  switch (policy) {
    case SelectionPolicy::kWeightedRandom:
      return make_weighted_random_picker(std::move(weights), rng);
    case SelectionPolicy::kSmoothWeightedRoundRobin:
      return make_smooth_wrr_picker(std::move(weights));
  }
  return nullptr;
}

}  // namespace logsim
