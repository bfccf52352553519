#include "cmd/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace logsim::cmd {

TaskRunner thread_runner(unsigned jobs) {
  return [jobs](std::size_t count, const std::function<void(std::size_t)>& task) {
    const std::size_t threads = std::min<std::size_t>(std::max(jobs, 1u), count);
    if (threads <= 1) {
      run_tasks_serially(count, task);
      return;
    }
    // Each thread takes the next unclaimed index until none is left.
    std::atomic<std::size_t> next{0};
    const auto worker = [&] {
      for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) task(i);
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  };
}

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace logsim::cmd
