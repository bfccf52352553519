// Scenario-mode speed: simulated packets per wall-clock second through the
// real core (Distributor + SimEngine, 10 workers, 4 analyzers, sampling on),
// against a hand-written minimal M/M/c/K event loop measured in the same
// run as the reference. See bench/README.md for how to read the ratio.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <queue>
#include <string>
#include <vector>

#include "core/rng.h"
#include "sim/engine.h"
#include "sim/scenario_loader.h"

namespace {

constexpr double kRate = 9000;  // packets/s offered
constexpr double kMeanServiceS = 0.001;
constexpr int kWorkers = 10;
constexpr int kQueue = 1000;

// Resident set size now, in MiB (Linux /proc/self/statm).
double rss_mib() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

// The reference: Poisson arrivals, c exponential servers, a bounded FIFO
// count, one binary heap of completion times. No routing, no retries, no
// health, no sampling: the floor of what any event loop must do.
std::uint64_t reference_mmck(double horizon_s, std::uint64_t seed) {
  logsim::Rng rng(seed);
  std::priority_queue<double, std::vector<double>, std::greater<>> completions;
  double t = 0, next_arrival = -std::log(rng.next_double_open0()) / kRate;
  int waiting = 0;
  std::uint64_t done = 0;
  while (true) {
    const bool arrival_first = completions.empty() || next_arrival < completions.top();
    const double now = arrival_first ? next_arrival : completions.top();
    if (now > horizon_s) break;
    t = now;
    if (arrival_first) {
      if (static_cast<int>(completions.size()) < kWorkers) {
        completions.push(t - kMeanServiceS * std::log(rng.next_double_open0()));
      } else if (waiting < kQueue) {
        ++waiting;
      }
      next_arrival = t - std::log(rng.next_double_open0()) / kRate;
    } else {
      completions.pop();
      ++done;
      if (waiting > 0) {
        --waiting;
        completions.push(t - kMeanServiceS * std::log(rng.next_double_open0()));
      }
    }
  }
  return done;
}

void BM_ReferenceMmck(benchmark::State& state) {
  const double horizon_s = static_cast<double>(state.range(0));
  std::uint64_t packets = 0;
  for (auto _ : state) {
    const std::uint64_t done = reference_mmck(horizon_s, 1);
    benchmark::DoNotOptimize(done);
    packets += done;
  }
  state.counters["packets_per_s"] = benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
}

logsim::Scenario bench_scenario(int horizon_s) {
  std::string text = "[scenario]\nname = \"bench\"\nduration = \"" + std::to_string(horizon_s) +
                     "s\"\nsample_interval = \"100ms\"\n"
                     "[distributor]\nworkers = 10\nqueue_capacity = 1000\nmax_attempts = 1\n";
  for (int a = 1; a <= 4; ++a) {
    text += "[[analyzer]]\nname = \"analyzer-" + std::to_string(a) + "\"\nweight = " + std::to_string(0.5 - 0.1 * a) +
            "\nlatency = { dist = \"exponential\", mean = \"1ms\" }\n";
  }
  text += "[[traffic]]\npattern = \"poisson\"\nrate = 9000\n";
  logsim::LoadResult r = logsim::load_scenario_text(text, "bench.toml");
  if (!r.ok()) {
    for (const auto& e : r.errors) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    std::abort();
  }
  return *r.scenario;
}

void BM_SimEngine(benchmark::State& state) {
  const logsim::Scenario scenario = bench_scenario(static_cast<int>(state.range(0)));
  std::uint64_t packets = 0;
  double rss = 0;
  for (auto _ : state) {
    logsim::SimEngine engine(scenario, logsim::SimEngine::Options{});
    std::string error;
    if (!engine.run(&error)) state.SkipWithError(error.c_str());
    packets += engine.summary().totals.delivered;
    rss = std::max(rss, rss_mib());
  }
  state.counters["packets_per_s"] = benchmark::Counter(static_cast<double>(packets), benchmark::Counter::kIsRate);
  state.counters["rss_mib"] = rss;
}

BENCHMARK(BM_ReferenceMmck)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimEngine)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
