// Analyzer selection policies (HAProxy-style: one algorithm per file behind
// a small interface). A picker sees only weights and an eligibility mask;
// which analyzers are eligible (healthy, not yet tried) is the
// distributor's decision.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/config.h"
#include "core/rng.h"
#include "core/runtime.h"

namespace logsim {

class Picker {
 public:
  virtual ~Picker() = default;
  // Chooses one analyzer among the set bits of `eligible` (non-empty), with
  // probability (or long-run frequency) proportional to its weight.
  virtual AnalyzerIndex pick(std::uint64_t eligible) = 0;
};

// Weighted random: draws U*total over the eligible weights.
std::unique_ptr<Picker> make_weighted_random_picker(std::vector<double> weights, Rng rng);

// nginx's smooth weighted round robin: deterministic, spreads picks evenly.
std::unique_ptr<Picker> make_smooth_wrr_picker(std::vector<double> weights);

std::unique_ptr<Picker> make_picker(SelectionPolicy policy, std::vector<double> weights, Rng rng);

}  // namespace logsim
