#include "core/live/live_metrics.h"

#include <charconv>

#include "core/live/http_message.h"
#include "sim/summary.h"

namespace logsim {
namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void append_double(std::string* out, double value) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, r.ptr);
}

void header(std::string* out, const char* name, const char* type, const char* help) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

void sample(std::string* out, const char* name, std::uint64_t value) {
  *out += name;
  *out += ' ';
  append_decimal(out, value);
  *out += '\n';
}

}  // namespace

void LatencyBuckets::record(TimeNs latency) {
  const double seconds = to_seconds(latency);
  for (std::size_t i = 0; i < kBoundsSeconds.size(); ++i) {
    if (seconds <= kBoundsSeconds[i]) {
      ++counts_[i];
      break;
    }
  }
  ++count_;
  sum_ns_ += latency;
}

std::uint64_t LatencyBuckets::cumulative(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i; ++k) total += counts_[k];
  return total;
}

std::string render_prometheus(const Distributor& d, const LatencyBuckets& latency, const LiveExtraMetrics& extra) {
  const Counters& c = d.stats().totals;
  std::string out;
  out.reserve(4096);
  struct Total {
    const char* name;
    std::uint64_t value;
    const char* help;
  };
  const Total totals[] = {
      {"logsim_offered_total", c.offered, "Packets offered at the ingest endpoint."},
      {"logsim_accepted_total", c.accepted, "Packets accepted into the queue (HTTP 202)."},
      {"logsim_rejected_total", c.rejected, "Packets rejected (HTTP 503: queue full or draining)."},
      {"logsim_delivered_total", c.delivered, "Packets an analyzer acknowledged with 2xx."},
      {"logsim_dead_lettered_total", c.dead_lettered, "Packets written to the dead-letter file."},
      {"logsim_retries_total", c.retries, "Sends after the first, per packet."},
  };
  for (const Total& t : totals) {
    header(&out, t.name, "counter", t.help);
    sample(&out, t.name, t.value);
  }
  const char* per_analyzer[] = {"logsim_analyzer_sent_total", "logsim_analyzer_delivered_total",
                                "logsim_analyzer_failed_total"};
  const char* per_analyzer_help[] = {"Sends started to the analyzer.", "Sends the analyzer answered with 2xx.",
                                     "Sends that failed (refused, reset, timeout, non-2xx)."};
  for (int k = 0; k < 3; ++k) {
    header(&out, per_analyzer[k], "counter", per_analyzer_help[k]);
    for (AnalyzerIndex a = 0; a < d.analyzer_count(); ++a) {
      const AnalyzerCounters& ac = d.stats().analyzers[a];
      const std::uint64_t v = k == 0 ? ac.sent : k == 1 ? ac.delivered : ac.failed;
      out += per_analyzer[k];
      out += "{analyzer=\"" + label_value(d.config().analyzers[a].name) + "\"} ";
      append_decimal(&out, v);
      out += '\n';
    }
  }
  header(&out, "logsim_queue_depth", "gauge", "Packets waiting in the admission queue.");
  sample(&out, "logsim_queue_depth", d.queue_depth());
  header(&out, "logsim_in_flight", "gauge", "Accepted packets sending or backing off.");
  sample(&out, "logsim_in_flight", d.in_flight());
  header(&out, "logsim_accepting", "gauge", "1 while ingest accepts packets, 0 while draining.");
  sample(&out, "logsim_accepting", extra.accepting ? 1 : 0);
  header(&out, "logsim_analyzer_healthy", "gauge", "1 when the analyzer is eligible, 0 when marked down.");
  for (AnalyzerIndex a = 0; a < d.analyzer_count(); ++a) {
    out += "logsim_analyzer_healthy{analyzer=\"" + label_value(d.config().analyzers[a].name) + "\"} ";
    out += d.healthy(a) ? "1\n" : "0\n";
  }
  header(&out, "logsim_http_connections", "gauge", "Open client connections to the ingest server.");
  sample(&out, "logsim_http_connections", extra.http_connections);
  header(&out, "logsim_http_bad_requests_total", "counter", "Requests answered 400, 413 or 431 by the server.");
  sample(&out, "logsim_http_bad_requests_total", extra.http_bad_requests);
  header(&out, "logsim_dead_letter_write_failures_total", "counter", "Dead letters that could not be written.");
  sample(&out, "logsim_dead_letter_write_failures_total", extra.dead_letter_write_failures);

  header(&out, "logsim_delivery_latency_seconds", "histogram", "Time from acceptance to delivery.");
  for (std::size_t i = 0; i < LatencyBuckets::kBoundsSeconds.size(); ++i) {
    out += "logsim_delivery_latency_seconds_bucket{le=\"";
    append_double(&out, LatencyBuckets::kBoundsSeconds[i]);
    out += "\"} ";
    append_decimal(&out, latency.cumulative(i));
    out += '\n';
  }
  out += "logsim_delivery_latency_seconds_bucket{le=\"+Inf\"} ";
  append_decimal(&out, latency.count());
  out += "\nlogsim_delivery_latency_seconds_sum ";
  append_double(&out, latency.sum_seconds());
  out += "\nlogsim_delivery_latency_seconds_count ";
  append_decimal(&out, latency.count());
  out += '\n';
  return out;
}

std::string render_stats_json(const Scenario& scenario, const Distributor& distributor, TimeNs now) {
  Summary s = summarize(scenario.name, scenario.seed, distributor);
  s.duration = now;
  s.end_time = now;
  evaluate_expectations(scenario.expect, &s);
  return summary_to_json(s);
}

}  // namespace logsim
