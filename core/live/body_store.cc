#include "core/live/body_store.h"

#include "core/check.h"

namespace logsim {

std::uint64_t BodyStore::reserve() {
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(entries_.size());
    entries_.emplace_back();
  }
  StoredBody& e = entries_[index];
  LOGSIM_CHECK(!e.used);
  e.used = true;
  e.body.clear();
  e.content_type.clear();
  ++live_;
  return index;
}

void BodyStore::fill(std::uint64_t handle, std::string&& body, std::string_view content_type) {
  LOGSIM_CHECK(handle < entries_.size() && entries_[handle].used);
  StoredBody& e = entries_[handle];
  // Assigning into the reused string keeps its capacity when the incoming
  // body fits; otherwise taking the incoming buffer avoids a copy.
  if (e.body.capacity() >= body.size()) {
    e.body.assign(body);
  } else {
    e.body = std::move(body);
  }
  e.content_type.assign(content_type);
}

const StoredBody& BodyStore::get(std::uint64_t handle) const {
  LOGSIM_CHECK(handle < entries_.size() && entries_[handle].used);
  return entries_[handle];
}

void BodyStore::release(std::uint64_t handle) {
  LOGSIM_CHECK(handle < entries_.size() && entries_[handle].used);
  StoredBody& e = entries_[handle];
  e.used = false;
  // A huge body should not pin its memory for the rest of the run.
  if (e.body.capacity() > 64 * 1024) std::string().swap(e.body);
  free_.push_back(static_cast<std::uint32_t>(handle));
  --live_;
}

}  // namespace logsim
