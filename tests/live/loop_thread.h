// A libuv loop on its own thread, for tests that drive a live component
// (the HTTP client) directly: work is posted to the loop thread, so the
// component is only ever touched there.
#pragma once

#include <uv.h>

#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace logsim::testing {

class LoopThread {
 public:
  LoopThread() {
    uv_loop_init(&loop_);
    uv_async_init(&loop_, &async_, [](uv_async_t* a) { static_cast<LoopThread*>(a->data)->drain(); });
    async_.data = this;
    thread_ = std::thread([this] { uv_run(&loop_, UV_RUN_DEFAULT); });
  }
  // `cleanup` runs on the loop thread before it stops: close your handles
  // there. The loop then runs until every handle is closed.
  void stop(std::function<void()> cleanup = {}) {
    if (!thread_.joinable()) return;
    run_sync([this, cleanup] {
      if (cleanup) cleanup();
      uv_close(reinterpret_cast<uv_handle_t*>(&async_), nullptr);
    });
    thread_.join();
    uv_loop_close(&loop_);
  }
  ~LoopThread() { stop(); }

  uv_loop_t* loop() { return &loop_; }

  void post(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    uv_async_send(&async_);
  }

  void run_sync(const std::function<void()>& task) {
    std::promise<void> done;
    post([&] {
      task();
      done.set_value();
    });
    done.get_future().wait();
  }

 private:
  void drain() {
    std::deque<std::function<void()>> tasks;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks.swap(tasks_);
    }
    for (auto& t : tasks) t();
  }

  uv_loop_t loop_{};
  uv_async_t async_{};
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  std::thread thread_;
};

}  // namespace logsim::testing
