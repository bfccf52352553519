// A FIFO of trivially copyable values in one contiguous ring. It grows by
// doubling when full (so steady state allocates nothing); callers that need
// a bound, like the admission queue, enforce it themselves.
#pragma once

#include <cstddef>
#include <vector>

#include "core/check.h"

namespace logsim {

template <typename T>
class RingQueue {
 public:
  explicit RingQueue(std::size_t initial_capacity = 16) {
    std::size_t cap = 16;
    while (cap < initial_capacity) cap *= 2;
    items_.resize(cap);
  }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push_back(T value) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & (items_.size() - 1)] = value;
    ++size_;
  }

  T pop_front() {
    LOGSIM_CHECK(size_ > 0);
    T value = items_[head_];
    head_ = (head_ + 1) & (items_.size() - 1);
    --size_;
    return value;
  }

  const T& front() const {
    LOGSIM_CHECK(size_ > 0);
    return items_[head_];
  }

  // i-th element from the front (0 = oldest).
  const T& at(std::size_t i) const {
    LOGSIM_CHECK(i < size_);
    return items_[(head_ + i) & (items_.size() - 1)];
  }

 private:
  void grow() {
    std::vector<T> bigger(items_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = items_[(head_ + i) & (items_.size() - 1)];
    items_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> items_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace logsim
