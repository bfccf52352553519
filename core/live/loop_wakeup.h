// A libuv async handle that other threads may signal at any time, even while
// the loop thread is closing it: the live app, the stand-in, the model
// analyzer and the agent all stop this way.
#pragma once

#include <uv.h>

#include <mutex>
#include <string>

namespace logsim {

class LoopWakeup {
 public:
  // Loop thread. `data` becomes the handle's data, for the callback.
  // Returns false with *error set when libuv refuses.
  bool open(uv_loop_t* loop, uv_async_cb callback, void* data, std::string* error);

  // Any thread. Does nothing once the handle is closed (or never opened).
  void send();

  // Loop thread. Idempotent.
  void close();

 private:
  std::mutex mutex_;
  uv_async_t handle_{};
  bool open_ = false;
};

}  // namespace logsim
