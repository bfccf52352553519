#include "sim/twin_compare.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/csv_output.h"

namespace logsim {
namespace {

std::string fixed(double value, int decimals) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s.erase(0, s[0] == '-' ? 1 : 0);
  return s;
}

double ms(TimeNs t) { return static_cast<double>(t) / 1e6; }
double seconds(TimeNs t) { return static_cast<double>(t) / 1e9; }

const AnalyzerSummary* find_analyzer(const Summary& s, const std::string& name) {
  for (const AnalyzerSummary& a : s.analyzers) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

bool is_down(const std::string& kind) { return kind == "marked_down" || kind == "ejected"; }

// The first mark-down (or ejection) of `analyzer`, and the first mark-up
// after it.
struct HealthTimes {
  std::optional<TimeNs> down;
  std::optional<TimeNs> up;
};

HealthTimes health_times(const std::vector<TwinEvent>& events, const std::string& analyzer) {
  HealthTimes h;
  for (const TwinEvent& e : events) {
    if (e.analyzer != analyzer) continue;
    if (!h.down && is_down(e.kind)) h.down = e.time;
    if (h.down && !h.up && e.kind == "marked_up" && e.time >= *h.down) h.up = e.time;
  }
  return h;
}

std::optional<double> in_seconds(const std::optional<TimeNs>& t) {
  if (!t) return std::nullopt;
  return seconds(*t);
}

void judge(TwinMetric* m) {
  if (!m->sim && !m->live) {
    m->passed = true;
  } else if (!m->sim || !m->live) {
    m->passed = false;
  } else {
    // A hair of slack so that a difference equal to the tolerance, computed
    // through decimal conversions, is not failed by rounding.
    const double d = *m->live - *m->sim;
    const double allowed = d < 0 ? std::max(m->tolerance, m->below) : std::max(m->tolerance, m->above);
    m->passed = std::fabs(d) <= allowed * (1 + 1e-9) + 1e-12;
  }
}

std::string percent_text(double fraction) { return fixed(fraction * 100, 2) + " %"; }

std::string value_text(const TwinMetric& m, const std::optional<double>& v) {
  if (!v) return m.unit == TwinUnit::kSeconds ? "none" : "-";
  switch (m.unit) {
    case TwinUnit::kCount:
      return fixed(*v, 0);
    case TwinUnit::kRatio:
      return percent_text(*v);
    case TwinUnit::kMs:
      return fixed(*v, 2) + " ms";
    case TwinUnit::kSeconds:
      return fixed(*v, 3) + " s";
  }
  return "?";
}

std::string signed_text(double value, int decimals) {
  const std::string s = fixed(value, decimals);
  return (value >= 0 && s.find_first_not_of("0.") != std::string::npos ? "+" : "") + s;
}

std::string difference_text(const TwinMetric& m) {
  if (!m.sim || !m.live) return "-";
  const double d = *m.live - *m.sim;
  switch (m.unit) {
    case TwinUnit::kCount:
      return signed_text(d, 0);
    case TwinUnit::kRatio:
      return signed_text(d * 100, 2) + " pt";
    case TwinUnit::kMs:
      return signed_text(d, 2) + " ms";
    case TwinUnit::kSeconds:
      return signed_text(d, 3) + " s";
  }
  return "?";
}

std::string tolerance_text(const TwinMetric& m) {
  const double below = std::max(m.tolerance, m.below);
  const double above = std::max(m.tolerance, m.above);
  if (m.unit == TwinUnit::kMs && below != above) return "-" + fixed(below, 2) + "/+" + fixed(above, 2) + " ms";
  switch (m.unit) {
    case TwinUnit::kCount:
      return m.tolerance == 0 ? "exact" : "±" + fixed(m.tolerance, 0);
    case TwinUnit::kRatio:
      return "±" + fixed(m.tolerance * 100, 2) + " pt";
    case TwinUnit::kMs:
      return "±" + fixed(m.tolerance, 2) + " ms";
    case TwinUnit::kSeconds:
      return "±" + fixed(m.tolerance, 3) + " s";
  }
  return "?";
}

std::string csv_number(const TwinMetric& m, const std::optional<double>& v) {
  if (!v) return "";
  switch (m.unit) {
    case TwinUnit::kCount:
      return fixed(*v, 0);
    case TwinUnit::kRatio:
      return fixed(*v, 6);
    case TwinUnit::kMs:
      return fixed(*v, 3);
    case TwinUnit::kSeconds:
      return fixed(*v, 6);
  }
  return "";
}

const char* unit_name(TwinUnit u) {
  switch (u) {
    case TwinUnit::kCount:
      return "packets";
    case TwinUnit::kRatio:
      return "ratio";
    case TwinUnit::kMs:
      return "ms";
    case TwinUnit::kSeconds:
      return "s";
  }
  return "";
}

}  // namespace

std::size_t TwinComparison::failed_count() const {
  return static_cast<std::size_t>(
      std::count_if(metrics.begin(), metrics.end(), [](const TwinMetric& m) { return !m.passed; }));
}

TwinComparison compare_twin(const TwinSide& sim, const TwinSide& live, const TwinTolerances& t) {
  TwinComparison out;
  const Summary& s = sim.summary;
  const Summary& l = live.summary;
  const double k = t.scale;
  const auto metric = [](std::string name, TwinUnit unit, std::optional<double> sim_value,
                         std::optional<double> live_value, double tolerance, std::string rule) {
    TwinMetric m;
    m.name = std::move(name);
    m.unit = unit;
    m.sim = sim_value;
    m.live = live_value;
    m.tolerance = tolerance;
    m.rule = std::move(rule);
    return m;
  };
  const auto add = [&](TwinMetric m) {
    judge(&m);
    out.metrics.push_back(std::move(m));
  };
  const auto count = [](std::uint64_t v) { return std::optional<double>(static_cast<double>(v)); };
  const std::string scaled = k != 1 ? ", x " + fixed(k, 2) : "";
  // Rare failure-driven events: Poisson scatter, a relative part for large
  // counts, and a floor.
  const auto failures = [&](const char* name, std::uint64_t sim_count, std::uint64_t live_count) {
    const double n = static_cast<double>(sim_count);
    add(metric(name, TwinUnit::kCount, n, count(live_count),
               std::max({3 * std::sqrt(n), t.failures_rel * n, t.failures_floor}) * k,
               "max(3 sqrt(sim), " + fixed(t.failures_rel * 100, 0) + " % of sim, " + fixed(t.failures_floor, 0) + ")" +
                   scaled));
  };
  const auto latency = [&](const char* name, TimeNs sim_value, TimeNs live_value, double rel, TimeNs floor,
                           std::optional<std::pair<TimeNs, TimeNs>> band, const char* band_name) {
    TwinMetric m =
        metric(name, TwinUnit::kMs, ms(sim_value), ms(live_value), std::max(rel * ms(sim_value), ms(floor)) * k,
               fixed(rel * 100, 0) + " % of sim, at least " + fixed(ms(floor), 1) + " ms" + scaled);
    if (band) {
      m.below = std::max(0.0, ms(sim_value) - ms(band->first)) * k;
      m.above = std::max(0.0, ms(band->second) - ms(sim_value)) * k;
      m.rule += ", or within the simulated " + std::string(band_name);
    }
    add(std::move(m));
  };

  add(metric("offered", TwinUnit::kCount, count(s.totals.offered), count(l.totals.offered), 0,
             "exact: the agent replays the simulator's own arrivals"));
  add(metric("reject_rate", TwinUnit::kRatio, s.reject_rate, l.reject_rate, t.reject_rate_abs * k,
             "absolute, " + fixed(t.reject_rate_abs * k * 100, 2) + " points"));
  const double sim_delivered = static_cast<double>(s.totals.delivered);
  add(metric("delivered", TwinUnit::kCount, sim_delivered, count(l.totals.delivered),
             std::max(t.delivered_rel * sim_delivered, t.delivered_floor) * k,
             fixed(t.delivered_rel * 100, 1) + " % of sim, at least " + fixed(t.delivered_floor, 0) + scaled));
  failures("dead_lettered", s.totals.dead_lettered, l.totals.dead_lettered);
  failures("retries", s.totals.retries, l.totals.retries);
  std::optional<std::pair<TimeNs, TimeNs>> p50_band;
  std::optional<std::pair<TimeNs, TimeNs>> p99_band;
  if (sim.latency_bands) {
    p50_band = std::pair{sim.latency_bands->p45, sim.latency_bands->p55};
    p99_band = std::pair{sim.latency_bands->p98_5, sim.latency_bands->p99_5};
  }
  latency("latency_p50_ms", s.latency_p50, l.latency_p50, t.latency_p50_rel, t.latency_p50_floor, p50_band, "p45..p55");
  latency("latency_p99_ms", s.latency_p99, l.latency_p99, t.latency_p99_rel, t.latency_p99_floor, p99_band,
          "p98.5..p99.5");
  const double sim_depth = s.queue_depth_max;
  add(metric("queue_depth_max", TwinUnit::kCount, sim_depth, static_cast<double>(l.queue_depth_max),
             std::max(t.queue_depth_rel * sim_depth, t.queue_depth_floor) * k,
             fixed(t.queue_depth_rel * 100, 0) + " % of sim, at least " + fixed(t.queue_depth_floor, 0) + scaled));

  for (const AnalyzerSummary& a : s.analyzers) {
    const AnalyzerSummary* other = find_analyzer(l, a.name);
    // A share measured over n deliveries scatters by sqrt(p (1 - p) / n)
    // even when both runs follow the same model; three of those, or the
    // fixed floor, whichever is wider.
    const double n = std::max(sim_delivered, 1.0);
    const double sigma3 = 3 * std::sqrt(a.share * (1 - a.share) / n);
    add(metric("share." + a.name, TwinUnit::kRatio, a.share, other ? std::optional<double>(other->share) : std::nullopt,
               std::max(t.share_abs, sigma3) * k,
               "absolute, max(" + fixed(t.share_abs * 100, 1) + " points, 3 binomial sd)" + scaled));
  }

  {
    const std::optional<double> sim_first = in_seconds(sim.first_rejection);
    double fill_s = sim_first.value_or(0);
    std::string since = "t = 0";
    if (sim.first_rejection && sim.queue_empty_before_rejection) {
      fill_s = seconds(*sim.first_rejection - *sim.queue_empty_before_rejection);
      since = fixed(seconds(*sim.queue_empty_before_rejection), 3) + " s";
    }
    add(metric("first_503_s", TwinUnit::kSeconds, sim_first, in_seconds(live.first_rejection),
               std::max(t.first_rejection_rel * fill_s, seconds(t.first_rejection_floor)) * k,
               fixed(t.first_rejection_rel * 100, 0) + " % of the fill time (queue last empty at " + since +
                   "), at least " + fixed(seconds(t.first_rejection_floor), 3) + " s" + scaled));
  }

  for (const AnalyzerSummary& a : s.analyzers) {
    const HealthTimes hs = health_times(sim.events, a.name);
    const HealthTimes hl = health_times(live.events, a.name);
    if (!hs.down && !hl.down) continue;
    const double tol = seconds(t.health_change_abs) * k;
    const std::string rule = "absolute, " + fixed(seconds(t.health_change_abs), 3) + " s" + scaled;
    add(metric("marked_down_s." + a.name, TwinUnit::kSeconds, in_seconds(hs.down), in_seconds(hl.down), tol, rule));
    if (hs.up || hl.up) {
      add(metric("marked_up_s." + a.name, TwinUnit::kSeconds, in_seconds(hs.up), in_seconds(hl.up), tol, rule));
    }
  }

  out.passed = out.failed_count() == 0;
  return out;
}

std::string twin_comparison_text(const TwinComparison& c) {
  std::size_t width = 6;
  for (const TwinMetric& m : c.metrics) width = std::max(width, m.name.size());
  const auto pad = [](std::string s, std::size_t n) {
    if (s.size() < n) s.append(n - s.size(), ' ');
    return s;
  };
  const auto lpad = [](std::string s, std::size_t n) {
    if (s.size() < n) s.insert(0, n - s.size(), ' ');
    return s;
  };
  std::string out = "  " + pad("metric", width) + "  " + lpad("sim", 12) + "  " + lpad("live", 12) + "  " +
                    lpad("difference", 12) + "  " + lpad("tolerance", 12) + "  verdict\n";
  for (const TwinMetric& m : c.metrics) {
    out += "  " + pad(m.name, width) + "  " + lpad(value_text(m, m.sim), 12) + "  " + lpad(value_text(m, m.live), 12) +
           "  " + lpad(difference_text(m), 12) + "  " + lpad(tolerance_text(m), 12) + "  " +
           (m.passed ? "ok" : "DIFFERS") + "\n";
  }
  const std::size_t total = c.metrics.size();
  out += "  " + std::to_string(total - c.failed_count()) + " of " + std::to_string(total) +
         " figures within tolerance: " + (c.passed ? "the simulation predicts the live run" : "they differ") + "\n";
  return out;
}

std::string twin_comparison_csv(const TwinComparison& c) {
  std::string out = "metric,unit,sim,live,difference,allowed_below,allowed_above,rule,passed\n";
  for (const TwinMetric& m : c.metrics) {
    std::optional<double> diff;
    if (m.sim && m.live) diff = *m.live - *m.sim;
    out += csv_field(m.name) + "," + unit_name(m.unit) + "," + csv_number(m, m.sim) + "," + csv_number(m, m.live) +
           "," + csv_number(m, diff) + "," + csv_number(m, std::max(m.tolerance, m.below)) + "," +
           csv_number(m, std::max(m.tolerance, m.above)) + "," + csv_field(m.rule) + "," + (m.passed ? "1" : "0") +
           "\n";
  }
  return out;
}

}  // namespace logsim
