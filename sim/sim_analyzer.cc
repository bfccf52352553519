#include "sim/sim_analyzer.h"

#include <cmath>

#include "sim/csv_output.h"

namespace logsim {

SimAnalyzer::SimAnalyzer(const AnalyzerModel& model, std::uint64_t seed)
    : model_(model),
      rng_(Rng::stream(seed, "analyzer/" + model.name)),
      probe_rng_(Rng::stream(seed, "analyzer/" + model.name + "/probe")),
      error_rate_(model.error_rate) {}

const char* event_action_name(EventAction action) {
  switch (action) {
    case EventAction::kCrash: return "crash";
    case EventAction::kHang: return "hang";
    case EventAction::kSlow: return "slow";
    case EventAction::kErrors: return "errors";
    case EventAction::kRecover: return "recover";
  }
  return "?";
}

std::string SimAnalyzer::apply(const ScriptedEvent& e) {
  std::string detail;
  switch (e.action) {
    case EventAction::kCrash:
      crash();
      break;
    case EventAction::kHang:
      hang();
      break;
    case EventAction::kSlow:
      slow(e.factor);
      detail = "factor=" + format_number(e.factor);
      break;
    case EventAction::kErrors:
      errors(e.rate);
      detail = "rate=" + format_number(e.rate);
      break;
    case EventAction::kRecover:
      recover();
      break;
  }
  if (e.duration > 0) detail += std::string(detail.empty() ? "" : " ") + "for=" + format_seconds(e.duration) + "s";
  return detail;
}

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
