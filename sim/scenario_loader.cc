#include "sim/scenario_loader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "sim/data_files.h"
#include "sim/duration.h"
#include "sim/toml_overrides.h"
#include "sim/toml_reader.h"

namespace logsim {

std::string LoadError::to_string() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  out += ": ";
  if (!key.empty()) out += key + " ";
  return out + message;
}

namespace {

// What a distribution's numbers measure: latencies are durations (ns),
// packet sizes plain numbers (bytes).
enum class Quantity { kLatency, kBytes };

std::string show(double value, Quantity q) {
  return q == Quantity::kLatency ? format_duration(static_cast<TimeNs>(value)) : format_number(value);
}

const std::initializer_list<std::string_view> kDistParams = {"value",  "mean", "min",  "max",    "stddev",
                                                             "median", "p99",  "file", "samples"};
const std::initializer_list<std::string_view> kPatternKeys = {"rate",   "start",     "end",     "at",   "count",
                                                              "spread", "from_rate", "to_rate", "file", "speed"};
const std::initializer_list<std::string_view> kActionKeys = {"factor", "rate", "for"};

class Loader {
 public:
  Loader(Diagnostics& diag, std::string path)
      : diag_(diag), path_(std::move(path)), base_dir_(std::filesystem::path(path_).parent_path()) {}

  std::optional<Scenario> load(const toml::table& doc);

 private:
  void read_scenario(TableReader& root, const toml::table& doc, Scenario& s);
  void read_distributor(const toml::table& t, DistributorConfig& d);
  void read_analyzers(TableReader& root, const toml::table& doc, Scenario& s);
  void read_analyzer(const toml::table& t, const std::string& prefix, AnalyzerModel& a);
  void read_source(const toml::table& t, const std::string& prefix, const Scenario& s, TrafficSource& src);
  void read_window(TableReader& r, const Scenario& s, TrafficSource& src);
  void read_events(TableReader& root, Scenario& s);
  void read_expect(const toml::table& t, Expectations& e);
  void read_sweep(const toml::table& t, const toml::table& doc, std::vector<SweepAxis>& axes);
  void read_live(const toml::table& t, LiveSettings& live);
  std::optional<Distribution> read_distribution(const toml::node& node, const std::string& key, Quantity q);
  bool read_empirical(TableReader& r, Quantity q, Distribution& d);
  std::filesystem::path resolve(std::string_view file) const;

  Diagnostics& diag_;
  std::string path_;
  std::filesystem::path base_dir_;
  bool duration_ok_ = false;
  std::vector<bool> analyzer_named_;  // per [[analyzer]]: its name passed validation
};

std::filesystem::path Loader::resolve(std::string_view file) const {
  std::filesystem::path p{std::string(file)};
  return p.is_absolute() || base_dir_.empty() ? p : base_dir_ / p;
}

std::optional<Scenario> Loader::load(const toml::table& doc) {
  Scenario s;
  s.path = path_;
  TableReader root(diag_, doc, "");
  read_scenario(root, doc, s);
  if (const toml::table* t = read_table(root, "distributor")) read_distributor(*t, s.distributor);
  read_analyzers(root, doc, s);
  const std::vector<const toml::table*> traffic = read_table_array(root, "traffic");
  for (std::size_t i = 0; i < traffic.size(); ++i) {
    TrafficSource& src = s.traffic.emplace_back();
    src.name = "traffic-" + std::to_string(i + 1);
    if (traffic[i]) read_source(*traffic[i], "traffic[" + std::to_string(i) + "]", s, src);
  }
  read_events(root, s);
  if (const toml::table* t = read_table(root, "expect")) read_expect(*t, s.expect);
  if (const toml::table* t = read_table(root, "sweep")) read_sweep(*t, doc, s.sweep);
  if (const toml::table* t = read_table(root, "live")) read_live(*t, s.live);
  root.finish();
  if (diag_.count() > 0) return std::nullopt;

  for (const AnalyzerModel& a : s.analyzers) {
    s.distributor.analyzers.push_back(AnalyzerConfig{a.name, a.weight, a.url});
  }
  return s;
}

// SPEC §3 [scenario]: name defaults to the file name without .toml; duration
// is required; seed defaults to 1; sample_interval to 100ms.
void Loader::read_scenario(TableReader& root, const toml::table& doc, Scenario& s) {
  s.name = std::filesystem::path(path_).filename().string();
  if (s.name.size() > 5 && s.name.ends_with(".toml")) s.name.resize(s.name.size() - 5);
  const bool present = root.has("scenario");
  const toml::table* table = read_table(root, "scenario");
  if (present && !table) return;
  static const toml::table kEmpty;
  TableReader r(diag_, table ? *table : kEmpty, "scenario", table ? nullptr : &doc);

  const toml::node* name = r.get("name");
  if (name) {
    if (auto v = as_string(diag_, *name, "scenario.name")) s.name = *v;
  }
  if (s.name.empty() || s.name == "." || s.name == ".." || s.name.find_first_of("/\\") != std::string::npos) {
    // The name becomes the results folder, results/<name>/.
    diag_.add(name ? *name : r.anchor(), "scenario.name",
              "must be a non-empty folder name without '/' (got " + quote_toml_string(s.name) + ")");
  }
  read_string(r, "description", &s.description);
  duration_ok_ = read_duration(r, "duration", /*positive=*/true, &s.duration, /*required=*/true);
  read_uint(r, "seed", 0, INT64_MAX, &s.seed);
  read_duration(r, "sample_interval", /*positive=*/true, &s.sample_interval);
  read_bool(r, "drain", &s.drain);
  r.finish();
}

void Loader::read_distributor(const toml::table& t, DistributorConfig& d) {
  TableReader r(diag_, t, "distributor");
  read_u32(r, "queue_capacity", 0, &d.queue_capacity);
  read_u32(r, "workers", 1, &d.workers);
  read_duration(r, "request_timeout", /*positive=*/true, &d.request_timeout);
  read_u32(r, "max_attempts", 1, &d.max_attempts);
  const bool base_ok = read_duration(r, "backoff_base", /*positive=*/false, &d.backoff_base);
  read_number(r, "backoff_multiplier", Range::at_least(1), &d.backoff_multiplier);
  const bool max_ok = read_duration(r, "backoff_max", /*positive=*/false, &d.backoff_max);
  read_number(r, "backoff_jitter", Range::between(0, 1), &d.backoff_jitter);
  read_bool(r, "retry_holds_worker", &d.retry_holds_worker);
  if (const toml::node* node = r.get("selection")) {
    if (auto v = as_string(diag_, *node, r.key("selection"))) {
      if (*v == "weighted_random") {
        d.selection = SelectionPolicy::kWeightedRandom;
      } else if (*v == "smooth_weighted_round_robin") {
        d.selection = SelectionPolicy::kSmoothWeightedRoundRobin;
      } else {
        diag_.add(*node, r.key("selection"),
                  "must be \"weighted_random\" or \"smooth_weighted_round_robin\" (got " + quote_toml_string(*v) + ")");
      }
    }
  }
  read_duration(r, "health_interval", /*positive=*/true, &d.health_interval);
  read_duration(r, "health_timeout", /*positive=*/true, &d.health_timeout);
  read_u32(r, "unhealthy_after", 1, &d.unhealthy_after);
  read_u32(r, "healthy_after", 1, &d.healthy_after);
  read_u32(r, "eject_after_failures", 0, &d.eject_after_failures);
  if (base_ok && max_ok && d.backoff_max < d.backoff_base) {
    if (const toml::node* max = t.get("backoff_max")) {
      diag_.add(*max, "distributor.backoff_max",
                "must be >= distributor.backoff_base (" + format_duration(d.backoff_base) + ") (got " +
                    format_duration(d.backoff_max) + ")");
    } else {
      diag_.add(*t.get("backoff_base"), "distributor.backoff_base",
                "must be <= distributor.backoff_max (" + format_duration(d.backoff_max) + ", the default) (got " +
                    format_duration(d.backoff_base) + ")");
    }
  }
  r.finish();
}

// SPEC §3 [[analyzer]]: at least one, at most kMaxAnalyzers, unique names.
void Loader::read_analyzers(TableReader& root, const toml::table& doc, Scenario& s) {
  const std::vector<const toml::table*> tables = read_table_array(root, "analyzer");
  const toml::node* node = doc.get("analyzer");
  if (tables.empty() && (!node || node->is_array())) {
    diag_.add(node ? *node : doc, "analyzer", "needs at least one [[analyzer]] table");
  }
  if (tables.size() > kMaxAnalyzers) {
    diag_.add(
        tables[kMaxAnalyzers] ? static_cast<const toml::node&>(*tables[kMaxAnalyzers]) : *node, "analyzer",
        "must have at most " + std::to_string(kMaxAnalyzers) + " tables (got " + std::to_string(tables.size()) + ")");
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    AnalyzerModel& a = s.analyzers.emplace_back();
    const std::string prefix = "analyzer[" + std::to_string(i) + "]";
    if (tables[i]) read_analyzer(*tables[i], prefix, a);
    analyzer_named_.push_back(!a.name.empty());  // set only when the name is valid
    for (std::size_t j = 0; j < i && analyzer_named_[i]; ++j) {
      if (analyzer_named_[j] && s.analyzers[j].name == a.name) {
        diag_.add(*tables[i]->get("name"), prefix + ".name",
                  "must be unique; analyzer[" + std::to_string(j) + "] has the same name (got " +
                      quote_toml_string(a.name) + ")");
        break;
      }
    }
  }
}

void Loader::read_analyzer(const toml::table& t, const std::string& prefix, AnalyzerModel& a) {
  TableReader r(diag_, t, prefix);
  const toml::node* name = r.require("name");
  if (name) {
    if (auto v = as_string(diag_, *name, r.key("name"))) {
      // Names appear in CSV columns and in --set keys.
      const bool clean = std::none_of(
          v->begin(), v->end(), [](char c) { return c == ',' || c == '"' || static_cast<unsigned char>(c) < 0x20; });
      if (v->empty() || !clean) {
        diag_.add(
            *name, r.key("name"),
            "must be non-empty, without commas, quotes or control characters (got " + render_toml_value(*name) + ")");
      } else {
        a.name = *v;
      }
    }
  }
  read_number(r, "weight", Range::above(0), &a.weight);
  if (const toml::node* latency = r.get("latency")) {
    if (auto d = read_distribution(*latency, r.key("latency"), Quantity::kLatency)) a.latency = *d;
  }
  read_u32(r, "capacity", 0, &a.capacity);
  read_number(r, "error_rate", Range::between(0, 1), &a.error_rate);
  if (const toml::node* url = r.get("url")) {
    if (auto v = as_string(diag_, *url, r.key("url"))) {
      if (!v->empty() && !v->starts_with("http://") && !v->starts_with("https://")) {
        diag_.add(*url, r.key("url"), "must start with http:// (got " + quote_toml_string(*v) + ")");
      } else {
        a.url = *v;
      }
    }
  }
  r.finish();
}

// SPEC §3 distributions: a bare value is a constant; otherwise an inline
// table with dist = constant | exponential | uniform | normal | lognormal |
// empirical and that kind's parameters.
std::optional<Distribution> Loader::read_distribution(const toml::node& node, const std::string& key, Quantity q) {
  if (!node.is_table()) {
    if (q == Quantity::kLatency) {
      if (auto v = as_duration(diag_, node, key, /*positive=*/false)) {
        return Distribution::constant(static_cast<double>(*v));
      }
    } else if (auto v = as_number(diag_, node, key, Range::at_least(0))) {
      return Distribution::constant(*v);
    }
    return std::nullopt;
  }
  TableReader r(diag_, *node.as_table(), key);
  std::optional<DistKind> kind;
  std::string kind_name;
  if (read_string(r, "dist", &kind_name, /*required=*/true) && r.has("dist")) {
    static constexpr std::pair<std::string_view, DistKind> kKinds[] = {
        {"constant", DistKind::kConstant},   {"exponential", DistKind::kExponential},
        {"uniform", DistKind::kUniform},     {"normal", DistKind::kNormal},
        {"lognormal", DistKind::kLognormal}, {"empirical", DistKind::kEmpirical}};
    for (const auto& [name, k] : kKinds) {
      if (name == kind_name) kind = k;
    }
    if (!kind) {
      diag_.add(*r.get("dist"), r.key("dist"),
                "must be one of constant, exponential, uniform, normal, lognormal, empirical (got " +
                    quote_toml_string(kind_name) + ")");
    }
  }
  if (!kind) {
    r.allow(kDistParams);
    r.finish();
    return std::nullopt;
  }

  Distribution d;
  d.kind = *kind;
  // A required parameter in the distribution's unit, >= 0 (> 0 when positive).
  const auto param = [&](std::string_view name, bool positive, double* out) {
    const toml::node* p = r.require(name);
    if (!p) return false;
    if (q == Quantity::kLatency) {
      const auto v = as_duration(diag_, *p, r.key(name), positive);
      if (v) *out = static_cast<double>(*v);
      return v.has_value();
    }
    const auto v = as_number(diag_, *p, r.key(name), positive ? Range::above(0) : Range::at_least(0));
    if (v) *out = *v;
    return v.has_value();
  };
  bool ok = true;
  switch (*kind) {
    case DistKind::kConstant:
      ok = param("value", false, &d.value);
      break;
    case DistKind::kExponential:
      ok = param("mean", true, &d.mean);
      break;
    case DistKind::kUniform: {
      const bool min_ok = param("min", false, &d.min);
      const bool max_ok = param("max", false, &d.max);
      ok = min_ok && max_ok;
      if (ok && d.min > d.max) {
        diag_.add(*r.get("max"), r.key("max"), "must be >= min (" + show(d.min, q) + ") (got " + show(d.max, q) + ")");
        ok = false;
      }
      break;
    }
    case DistKind::kNormal: {
      const bool mean_ok = param("mean", false, &d.mean);
      const bool stddev_ok = param("stddev", false, &d.stddev);
      ok = mean_ok && stddev_ok;
      break;
    }
    case DistKind::kLognormal: {
      const bool median_ok = param("median", true, &d.median);
      const bool p99_ok = param("p99", true, &d.p99);
      ok = median_ok && p99_ok;
      if (ok && d.p99 <= d.median) {
        diag_.add(*r.get("p99"), r.key("p99"),
                  "must be > median (" + show(d.median, q) + ") (got " + show(d.p99, q) + ")");
        ok = false;
      }
      break;
    }
    case DistKind::kEmpirical:
      ok = read_empirical(r, q, d);
      break;
  }
  r.finish(kDistParams, "does not apply to dist " + quote_toml_string(kind_name));
  if (!ok) return std::nullopt;
  return d;
}

// empirical: `file` (one sample per line: seconds for latencies, bytes for
// sizes; relative to the scenario file) or inline `samples`, not both.
bool Loader::read_empirical(TableReader& r, Quantity q, Distribution& d) {
  const toml::node* file = r.get("file");
  const toml::node* samples = r.get("samples");
  if (file && samples) {
    diag_.add(*samples, r.key("samples"), "cannot be given together with file");
    return false;
  }
  if (!file && !samples) {
    diag_.add(r.anchor(), r.key("file"), "is required for dist \"empirical\" (or give samples)");
    return false;
  }
  if (file) {
    const auto name = as_string(diag_, *file, r.key("file"));
    return name && read_samples_file(diag_, resolve(*name), *file, r.key("file"),
                                     /*seconds=*/q == Quantity::kLatency, &d.samples);
  }

  const toml::array* array = samples->as_array();
  if (!array || array->empty()) {
    diag_.add(*samples, r.key("samples"),
              "must be a non-empty array" + std::string(array ? "" : " (got " + render_toml_value(*samples) + ")"));
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string key = r.key("samples") + "[" + std::to_string(i) + "]";
    if (q == Quantity::kLatency) {
      const auto v = as_duration(diag_, (*array)[i], key, /*positive=*/false);
      if (v) d.samples.push_back(static_cast<double>(*v));
      ok = ok && v.has_value();
    } else {
      const auto v = as_number(diag_, (*array)[i], key, Range::at_least(0));
      if (v) d.samples.push_back(*v);
      ok = ok && v.has_value();
    }
  }
  return ok;
}

// SPEC §3 [[traffic]]: pattern = constant | poisson | burst | ramp | trace,
// each with its own keys; start defaults to 0 and end to the duration.
void Loader::read_source(const toml::table& t, const std::string& prefix, const Scenario& s, TrafficSource& src) {
  TableReader r(diag_, t, prefix);
  std::string pattern_name;
  std::optional<TrafficPattern> pattern;
  if (read_string(r, "pattern", &pattern_name, /*required=*/true) && r.has("pattern")) {
    static constexpr std::pair<std::string_view, TrafficPattern> kPatterns[] = {{"constant", TrafficPattern::kConstant},
                                                                                {"poisson", TrafficPattern::kPoisson},
                                                                                {"burst", TrafficPattern::kBurst},
                                                                                {"ramp", TrafficPattern::kRamp},
                                                                                {"trace", TrafficPattern::kTrace}};
    for (const auto& [name, p] : kPatterns) {
      if (name == pattern_name) pattern = p;
    }
    if (!pattern) {
      diag_.add(*r.get("pattern"), r.key("pattern"),
                "must be one of constant, poisson, burst, ramp, trace (got " + quote_toml_string(pattern_name) + ")");
    }
  }
  if (const toml::node* bytes = r.get("packet_bytes")) {
    if (auto d = read_distribution(*bytes, r.key("packet_bytes"), Quantity::kBytes)) {
      src.packet_bytes = *d;
    }
  }
  if (!pattern) {
    r.allow(kPatternKeys);
    r.finish();
    return;
  }
  src.pattern = *pattern;
  switch (*pattern) {
    case TrafficPattern::kConstant:
    case TrafficPattern::kPoisson:
      read_number(r, "rate", Range::above(0), &src.rate, /*required=*/true);
      read_window(r, s, src);
      break;
    case TrafficPattern::kBurst:
      read_duration(r, "at", /*positive=*/false, &src.at, /*required=*/true);
      read_uint(r, "count", 1, INT64_MAX, &src.count, /*required=*/true);
      read_duration(r, "spread", /*positive=*/false, &src.spread);
      read_window(r, s, src);  // the engine stops every source at its end
      break;
    case TrafficPattern::kRamp: {
      const bool from_ok = read_number(r, "from_rate", Range::at_least(0), &src.from_rate, true);
      const bool to_ok = read_number(r, "to_rate", Range::at_least(0), &src.to_rate, true);
      if (from_ok && to_ok && src.from_rate == 0 && src.to_rate == 0) {
        diag_.add(*r.get("to_rate"), r.key("to_rate"), "must be > 0 when from_rate is 0 (got 0)");
      }
      read_window(r, s, src);
      break;
    }
    case TrafficPattern::kTrace: {
      read_number(r, "speed", Range::above(0), &src.speed);
      read_window(r, s, src);
      if (read_string(r, "file", &src.file, /*required=*/true) && r.has("file")) {
        read_trace_file(diag_, resolve(src.file), *r.get("file"), r.key("file"), &src.trace);
      }
      break;
    }
  }
  r.finish(kPatternKeys, "does not apply to pattern " + quote_toml_string(pattern_name));
}

// start (default 0) must come before end (default: the scenario duration).
void Loader::read_window(TableReader& r, const Scenario& s, TrafficSource& src) {
  const bool start_ok = read_duration(r, "start", /*positive=*/false, &src.start);
  const toml::node* end = r.get("end");
  bool end_ok = duration_ok_;
  if (end) {
    const auto v = as_duration(diag_, *end, r.key("end"), /*positive=*/false);
    end_ok = v.has_value();
    if (v) src.end = *v;
  } else {
    src.end = s.duration;
  }
  if (!start_ok || !end_ok || src.start < src.end) return;
  if (end) {
    diag_.add(*end, r.key("end"),
              "must be > start (" + format_duration(src.start) + ") (got " + format_duration(src.end) + ")");
  } else {
    diag_.add(*r.get("start"), r.key("start"),
              "must be < the scenario duration (" + format_duration(s.duration) + ") when end is not given (got " +
                  format_duration(src.start) + ")");
  }
}

// SPEC §3 [[event]]: at, analyzer (an existing one), action = crash | hang |
// slow | errors | recover; slow needs factor, errors needs rate; `for`
// auto-recovers.
void Loader::read_events(TableReader& root, Scenario& s) {
  const std::vector<const toml::table*> tables = read_table_array(root, "event");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (!tables[i]) continue;
    TableReader r(diag_, *tables[i], "event[" + std::to_string(i) + "]");
    ScriptedEvent e;
    read_duration(r, "at", /*positive=*/false, &e.at, /*required=*/true);
    if (read_string(r, "analyzer", &e.analyzer, /*required=*/true) && r.has("analyzer")) {
      std::string names;
      bool found = false;
      for (std::size_t a = 0; a < s.analyzers.size() && !found; ++a) {
        if (!analyzer_named_[a]) continue;
        if (s.analyzers[a].name == e.analyzer) {
          e.analyzer_index = static_cast<std::uint32_t>(a);
          found = true;
        }
        names += (names.empty() ? "" : ", ") + quote_toml_string(s.analyzers[a].name);
      }
      if (!found) {
        diag_.add(*r.get("analyzer"), r.key("analyzer"),
                  "must name an [[analyzer]] (got " + quote_toml_string(e.analyzer) +
                      "; analyzers: " + (names.empty() ? "none" : names) + ")");
      }
    }
    std::string action;
    bool action_ok = false;
    if (read_string(r, "action", &action, /*required=*/true) && r.has("action")) {
      static constexpr std::pair<std::string_view, EventAction> kActions[] = {{"crash", EventAction::kCrash},
                                                                              {"hang", EventAction::kHang},
                                                                              {"slow", EventAction::kSlow},
                                                                              {"errors", EventAction::kErrors},
                                                                              {"recover", EventAction::kRecover}};
      for (const auto& [name, a] : kActions) {
        if (name == action) {
          e.action = a;
          action_ok = true;
        }
      }
      if (!action_ok) {
        diag_.add(*r.get("action"), r.key("action"),
                  "must be one of crash, hang, slow, errors, recover (got " + quote_toml_string(action) + ")");
      }
    }
    if (!action_ok) {
      r.allow(kActionKeys);
    } else {
      if (e.action == EventAction::kSlow) {
        read_number(r, "factor", Range::above(0), &e.factor, /*required=*/true);
      }
      if (e.action == EventAction::kErrors) {
        read_number(r, "rate", Range::between(0, 1), &e.rate, /*required=*/true);
      }
      if (e.action != EventAction::kRecover) {
        read_duration(r, "for", /*positive=*/true, &e.duration);
      }
    }
    r.finish(kActionKeys, "does not apply to action " + quote_toml_string(action));
    s.events.push_back(std::move(e));
  }
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const ScriptedEvent& a, const ScriptedEvent& b) { return a.at < b.at; });
}

void Loader::read_expect(const toml::table& t, Expectations& e) {
  TableReader r(diag_, t, "expect");
  // Each read leaves its default when the key is absent, so `has` decides.
  const auto rate = [&](std::string_view name, std::optional<double>& out) {
    double v = 0;
    if (read_number(r, name, Range::between(0, 1), &v) && r.has(name)) out = v;
  };
  const auto count = [&](std::string_view name, std::optional<std::uint64_t>& out) {
    std::uint64_t v = 0;
    if (read_uint(r, name, 0, INT64_MAX, &v) && r.has(name)) out = v;
  };
  rate("max_reject_rate", e.max_reject_rate);
  rate("min_delivered_ratio", e.min_delivered_ratio);
  count("max_dead_lettered", e.max_dead_lettered);
  count("max_queue_depth", e.max_queue_depth);
  TimeNs p99 = 0;
  if (read_duration(r, "max_latency_p99", /*positive=*/false, &p99) && r.has("max_latency_p99")) {
    e.max_latency_p99 = p99;
  }
  r.finish();
}

// Collects leaf arrays: `"distributor.workers" = [...]` and the dotted-key
// form `distributor.workers = [...]` (nested tables) give the same key.
void flatten_sweep(const toml::table& t, const std::string& prefix,
                   std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table* sub = v.as_table()) {
      flatten_sweep(*sub, key, out);
    } else {
      out.emplace_back(key, &v);
    }
  }
}

// SPEC §3 [sweep]: each key an override key, each value the list to try.
void Loader::read_sweep(const toml::table& t, const toml::table& doc, std::vector<SweepAxis>& axes) {
  std::vector<std::pair<std::string, const toml::node*>> entries;
  flatten_sweep(t, "", entries);
  // File order, not the table's key order.
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.second->source().begin;
    const auto& pb = b.second->source().begin;
    return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
  });
  for (const auto& [key, node] : entries) {
    const std::string where = "sweep." + quote_toml_string(key);
    const toml::array* values = node->as_array();
    if (!values || values->empty()) {
      diag_.add(*node, where,
                "must be a non-empty array of values, e.g. [1000, 5000] (got " + render_toml_value(*node) + ")");
      continue;
    }
    if (const auto error = check_override_key(doc, key)) {
      diag_.add(*node, where, "is not a key --set accepts: " + error->message);
      continue;
    }
    SweepAxis& axis = axes.emplace_back();
    axis.key = key;
    for (const toml::node& value : *values) axis.values.push_back(render_toml_value(value));
  }
}

// SPEC §6 [live].
void Loader::read_live(const toml::table& t, LiveSettings& live) {
  TableReader r(diag_, t, "live");
  if (const toml::node* node = r.get("listen")) {
    if (auto v = as_string(diag_, *node, r.key("listen"))) {
      const std::size_t colon = v->rfind(':');
      std::uint32_t port = 0;
      const char* digits = v->data() + (colon == std::string::npos ? 0 : colon + 1);
      const auto [end, ec] = std::from_chars(digits, v->data() + v->size(), port);
      if (colon == std::string::npos || colon == 0 || ec != std::errc() || end != v->data() + v->size() ||
          digits == end || port > 65535) {
        diag_.add(*node, r.key("listen"),
                  "must be HOST:PORT, e.g. \"127.0.0.1:8000\" (got " + quote_toml_string(*v) + ")");
      } else {
        live.listen = *v;
      }
    }
  }
  for (const auto& [name, out] : {std::pair<std::string_view, std::string*>{"ingest_path", &live.ingest_path},
                                  {"analyze_path", &live.analyze_path},
                                  {"health_path", &live.health_path}}) {
    const toml::node* node = r.get(name);
    if (!node) continue;
    if (auto v = as_string(diag_, *node, r.key(name))) {
      if (v->empty() || v->front() != '/') {
        diag_.add(*node, r.key(name), "must start with '/' (got " + quote_toml_string(*v) + ")");
      } else {
        *out = *v;
      }
    }
  }
  read_uint(r, "max_body_bytes", 1, INT64_MAX, &live.max_body_bytes);
  read_u32(r, "max_connections", 1, &live.max_connections);
  read_duration(r, "header_timeout", /*positive=*/true, &live.header_timeout);
  read_duration(r, "idle_timeout", /*positive=*/true, &live.idle_timeout);
  read_string(r, "auth_token", &live.auth_token);
  if (const toml::node* node = r.get("dead_letter")) {
    if (auto v = as_string(diag_, *node, r.key("dead_letter"))) {
      if (v->empty()) {
        diag_.add(*node, r.key("dead_letter"), "must be a file path (got \"\")");
      } else {
        live.dead_letter = *v;
      }
    }
  }
  read_duration(r, "shutdown_grace", /*positive=*/false, &live.shutdown_grace);
  read_string(r, "record_trace", &live.record_trace);
  r.finish();
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& path,
                              const std::vector<std::string>& overrides) {
  Diagnostics diag(path);
  LoadResult result;
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    diag.add_in_file(path, static_cast<int>(at.line), static_cast<int>(at.column), "", std::string(e.description()));
    result.errors = diag.take_sorted();
    return result;
  }
  for (const std::string& assignment : overrides) {
    if (auto error = apply_override(doc, assignment)) {
      diag.add_in_file(std::string(kOverrideSource), 0, 0, error->key, error->message);
    }
  }
  Loader loader(diag, path);
  result.scenario = loader.load(doc);
  result.errors = diag.take_sorted();
  if (!result.errors.empty()) result.scenario.reset();
  return result;
}

LoadResult load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  std::string error;
  const auto text = read_whole_file(path, &error);
  if (!text) {
    LoadResult result;
    result.errors.push_back(LoadError{path, 0, 0, "", "cannot read the file: " + error});
    return result;
  }
  return load_scenario_text(*text, path, overrides);
}

}  // namespace logsim
