#include "sim/summary.h"

#include <cmath>
#include <cstdio>

#include "sim/csv_output.h"

namespace logsim {

Summary summarize(const std::string& name, std::uint64_t seed, const Distributor& distributor) {
  const Stats& stats = distributor.stats();
  Summary s;
  s.scenario = name;
  s.seed = seed;
  s.totals = stats.totals;
  s.queued = distributor.queue_depth();
  s.in_flight = distributor.in_flight();
  const Counters& c = s.totals;
  s.reject_rate = c.offered ? static_cast<double>(c.rejected) / static_cast<double>(c.offered) : 0.0;
  s.delivered_ratio = c.accepted ? static_cast<double>(c.delivered) / static_cast<double>(c.accepted) : 1.0;
  s.latency_p50 = stats.latency.percentile(0.50);
  s.latency_p90 = stats.latency.percentile(0.90);
  s.latency_p99 = stats.latency.percentile(0.99);
  s.latency_max = stats.latency.max();
  s.latency_mean_ms = stats.latency.mean() / 1e6;
  s.queue_wait_mean_ms = stats.mean_queue_wait_s() * 1e3;
  s.queue_depth_max = stats.queue_depth_max;
  s.queue_capacity = distributor.config().queue_capacity;
  s.workers = distributor.config().workers;
  double weight_total = 0;
  for (const auto& a : distributor.config().analyzers) weight_total += a.weight;
  for (AnalyzerIndex i = 0; i < distributor.analyzer_count(); ++i) {
    AnalyzerSummary a;
    a.name = distributor.config().analyzers[i].name;
    a.healthy = distributor.healthy(i);
    a.sent = stats.analyzers[i].sent;
    a.delivered = stats.analyzers[i].delivered;
    a.failed = stats.analyzers[i].failed;
    a.share = c.delivered ? static_cast<double>(a.delivered) / static_cast<double>(c.delivered) : 0.0;
    a.target_share = distributor.config().analyzers[i].weight / weight_total;
    s.analyzers.push_back(a);
  }
  return s;
}

void evaluate_expectations(const Expectations& e, Summary* s) {
  s->expectations.clear();
  auto add = [&](const char* name, std::string limit, std::string actual, bool passed) {
    s->expectations.push_back(ExpectationResult{name, std::move(limit), std::move(actual), passed});
  };
  if (e.max_reject_rate) {
    add("max_reject_rate", format_ratio(*e.max_reject_rate), format_ratio(s->reject_rate),
        s->reject_rate <= *e.max_reject_rate);
  }
  if (e.min_delivered_ratio) {
    add("min_delivered_ratio", format_ratio(*e.min_delivered_ratio), format_ratio(s->delivered_ratio),
        s->delivered_ratio >= *e.min_delivered_ratio);
  }
  if (e.max_dead_lettered) {
    add("max_dead_lettered", std::to_string(*e.max_dead_lettered), std::to_string(s->totals.dead_lettered),
        s->totals.dead_lettered <= *e.max_dead_lettered);
  }
  if (e.max_latency_p99) {
    add("max_latency_p99", format_ms(*e.max_latency_p99) + "ms", format_ms(s->latency_p99) + "ms",
        s->latency_p99 <= *e.max_latency_p99);
  }
  if (e.max_queue_depth) {
    add("max_queue_depth", std::to_string(*e.max_queue_depth), std::to_string(s->queue_depth_max),
        s->queue_depth_max <= *e.max_queue_depth);
  }
  s->passed = true;
  for (const auto& r : s->expectations) s->passed = s->passed && r.passed;
}

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}


std::string summary_to_json(const Summary& s) {
  const Counters& c = s.totals;
  std::string j = "{\n";
  j += "  \"scenario\": " + json_quote(s.scenario) + ",\n";
  j += "  \"seed\": " + std::to_string(s.seed) + ",\n";
  j += "  \"duration_s\": " + format_seconds(s.duration) + ",\n";
  j += "  \"end_time_s\": " + format_seconds(s.end_time) + ",\n";
  j += "  \"drained\": " + std::string(s.drained ? "true" : "false") + ",\n";
  j += "  \"mode\": " + std::string(s.live ? "\"live\"" : "\"simulated\"") + ",\n";
  j += "  \"offered\": " + std::to_string(c.offered) + ",\n";
  j += "  \"accepted\": " + std::to_string(c.accepted) + ",\n";
  j += "  \"rejected\": " + std::to_string(c.rejected) + ",\n";
  j += "  \"delivered\": " + std::to_string(c.delivered) + ",\n";
  j += "  \"dead_lettered\": " + std::to_string(c.dead_lettered) + ",\n";
  j += "  \"retries\": " + std::to_string(c.retries) + ",\n";
  j += "  \"queued\": " + std::to_string(s.queued) + ",\n";
  j += "  \"in_flight\": " + std::to_string(s.in_flight) + ",\n";
  j += "  \"reject_rate\": " + format_ratio(s.reject_rate) + ",\n";
  j += "  \"delivered_ratio\": " + format_ratio(s.delivered_ratio) + ",\n";
  j += "  \"latency_p50_ms\": " + format_ms(s.latency_p50) + ",\n";
  j += "  \"latency_p90_ms\": " + format_ms(s.latency_p90) + ",\n";
  j += "  \"latency_p99_ms\": " + format_ms(s.latency_p99) + ",\n";
  j += "  \"latency_max_ms\": " + format_ms(s.latency_max) + ",\n";
  j += "  \"latency_mean_ms\": " + format_ratio(s.latency_mean_ms) + ",\n";
  j += "  \"queue_wait_mean_ms\": " + format_ratio(s.queue_wait_mean_ms) + ",\n";
  j += "  \"queue_depth_max\": " + std::to_string(s.queue_depth_max) + ",\n";
  j += "  \"queue_capacity\": " + std::to_string(s.queue_capacity) + ",\n";
  j += "  \"workers\": " + std::to_string(s.workers) + ",\n";
  j += "  \"events\": " + std::to_string(s.events) + ",\n";
  j += "  \"analyzers\": [";
  for (std::size_t i = 0; i < s.analyzers.size(); ++i) {
    const AnalyzerSummary& a = s.analyzers[i];
    j += i ? ",\n    " : "\n    ";
    j += "{\"name\": " + json_quote(a.name) + ", \"healthy\": " + (a.healthy ? "true" : "false") +
         ", \"sent\": " + std::to_string(a.sent) + ", \"delivered\": " + std::to_string(a.delivered) +
         ", \"failed\": " + std::to_string(a.failed) + ", \"share\": " + format_ratio(a.share) +
         ", \"target_share\": " + format_ratio(a.target_share) + "}";
  }
  j += s.analyzers.empty() ? "],\n" : "\n  ],\n";
  j += "  \"expectations\": [";
  for (std::size_t i = 0; i < s.expectations.size(); ++i) {
    const ExpectationResult& e = s.expectations[i];
    j += i ? ",\n    " : "\n    ";
    j += "{\"name\": " + json_quote(e.name) + ", \"limit\": " + json_quote(e.limit) +
         ", \"actual\": " + json_quote(e.actual) + ", \"passed\": " + (e.passed ? "true" : "false") + "}";
  }
  j += s.expectations.empty() ? "],\n" : "\n  ],\n";
  j += "  \"passed\": " + std::string(s.passed ? "true" : "false") + "\n";
  j += "}\n";
  return j;
}

std::string summary_to_text(const Summary& s) {
  const Counters& c = s.totals;
  char line[256];
  std::string t;
  if (s.live) {
    std::snprintf(line, sizeof line, "live %s  seed %llu  ran %ss%s\n", s.scenario.c_str(),
                  static_cast<unsigned long long>(s.seed), format_seconds(s.end_time).c_str(),
                  s.drained ? "" : " (shutdown dead-lettered what was left)");
  } else {
    std::snprintf(line, sizeof line, "scenario %s  seed %llu  simulated %ss%s\n", s.scenario.c_str(),
                  static_cast<unsigned long long>(s.seed), format_seconds(s.end_time).c_str(),
                  s.end_time > s.duration ? (s.drained ? " (drained)" : " (drain cut off)") : "");
  }
  t += line;
  std::snprintf(line, sizeof line, "  offered %llu  accepted %llu  rejected %llu (%s %%)\n",
                static_cast<unsigned long long>(c.offered), static_cast<unsigned long long>(c.accepted),
                static_cast<unsigned long long>(c.rejected), format_number(std::round(s.reject_rate * 1e4) / 1e2).c_str());
  t += line;
  std::snprintf(line, sizeof line, "  delivered %llu  dead-lettered %llu  retries %llu  queued %llu  in flight %llu\n",
                static_cast<unsigned long long>(c.delivered), static_cast<unsigned long long>(c.dead_lettered),
                static_cast<unsigned long long>(c.retries), static_cast<unsigned long long>(s.queued),
                static_cast<unsigned long long>(s.in_flight));
  t += line;
  std::snprintf(line, sizeof line, "  latency p50 %s ms  p99 %s ms  max %s ms   max queue depth %u\n",
                format_ms(s.latency_p50).c_str(), format_ms(s.latency_p99).c_str(), format_ms(s.latency_max).c_str(),
                s.queue_depth_max);
  t += line;
  t += "  analyzer              share  target   sent  failed  state\n";
  for (const AnalyzerSummary& a : s.analyzers) {
    std::snprintf(line, sizeof line, "  %-18s %6.1f%% %6.1f%% %7llu %7llu  %s\n", a.name.c_str(), a.share * 100,
                  a.target_share * 100, static_cast<unsigned long long>(a.sent),
                  static_cast<unsigned long long>(a.failed), a.healthy ? "up" : "down");
    t += line;
  }
  for (const ExpectationResult& e : s.expectations) {
    std::snprintf(line, sizeof line, "  expect %-20s limit %-12s actual %-12s %s\n", e.name.c_str(), e.limit.c_str(),
                  e.actual.c_str(), e.passed ? "PASS" : "FAIL");
    t += line;
  }
  return t;
}

}  // namespace logsim
