#include "sim/sim_analyzer.h"

#include <cmath>

namespace logsim {

SimAnalyzer::SimAnalyzer(const AnalyzerModel& model, std::uint64_t seed)
    : model_(model),
      rng_(Rng::stream(seed, "analyzer/" + model.name)),
      probe_rng_(Rng::stream(seed, "analyzer/" + model.name + "/probe")),
      error_rate_(model.error_rate) {}

void SimAnalyzer::recover() {
  if (condition_ == AnalyzerCondition::kCrashed) reset_servers();
  condition_ = AnalyzerCondition::kNormal;
  latency_factor_ = 1.0;
  error_rate_ = model_.error_rate;
}

SimAnalyzer::Service SimAnalyzer::draw_service() {
  const double latency = model_.latency.sample(rng_) * latency_factor_;
  const double u = rng_.next_double();
  return Service{round_to_ns(latency), u < error_rate_};
}

TimeNs SimAnalyzer::draw_probe_latency() {
  return round_to_ns(model_.latency.sample(probe_rng_) * latency_factor_);
}

}  // namespace logsim
