#include "sim/scheduler.h"

namespace logsim {

void Scheduler::schedule(TimeNs at, EventKind kind, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                         std::uint32_t d) {
  LOGSIM_CHECK(at >= now_);
  heap_.push_back(Event{at, next_seq_++, kind, a, b, c, d});
  sift_up(heap_.size() - 1);
}

Event Scheduler::pop() {
  LOGSIM_CHECK(!heap_.empty());
  Event top = heap_.front();
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
  now_ = top.time;
  return top;
}

void Scheduler::sift_up(std::size_t i) {
  Event moving = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!earlier(moving, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = moving;
}

void Scheduler::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  Event moving = heap_[i];
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && earlier(heap_[child + 1], heap_[child])) ++child;
    if (!earlier(heap_[child], moving)) break;
    heap_[i] = heap_[child];
    i = child;
  }
  heap_[i] = moving;
}

}  // namespace logsim
