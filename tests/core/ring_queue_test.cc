#include "core/ring_queue.h"

#include <gtest/gtest.h>

#include <deque>

#include "core/rng.h"

namespace logsim {
namespace {

// Model test: random pushes and pops behave exactly like std::deque,
// across growth.
TEST(RingQueue, MatchesDequeUnderRandomOperations) {
  RingQueue<int> q(2);
  std::deque<int> ref;
  Rng rng(4);
  for (int i = 0; i < 20000; ++i) {
    if (rng.next_below(3) != 0 || ref.empty()) {
      q.push_back(i);
      ref.push_back(i);
    } else {
      ASSERT_EQ(q.pop_front(), ref.front());
      ref.pop_front();
    }
    ASSERT_EQ(q.size(), ref.size());
    if (!ref.empty()) {
      ASSERT_EQ(q.front(), ref.front());
    }
  }
}

}  // namespace
}  // namespace logsim
