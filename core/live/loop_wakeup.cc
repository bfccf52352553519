#include "core/live/loop_wakeup.h"

#include "core/live/live_log.h"

namespace logsim {

bool LoopWakeup::open(uv_loop_t* loop, uv_async_cb callback, void* data, std::string* error) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int rc = uv_async_init(loop, &handle_, callback);
  if (rc != 0) {
    *error = std::string("async handle: ") + uv_strerror(rc);
    return false;
  }
  handle_.data = data;
  open_ = true;
  return true;
}

void LoopWakeup::send() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (open_) uv_ok(uv_async_send(&handle_), "wakeup");
}

void LoopWakeup::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!open_) return;
  open_ = false;
  uv_close(reinterpret_cast<uv_handle_t*>(&handle_), nullptr);
}

}  // namespace logsim
