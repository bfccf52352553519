// Packet bodies of live mode, kept outside the core: the core holds one
// opaque payload handle per packet (Packet::payload), which indexes this
// slab. Entries are reused, so at steady state storing a body reuses the
// capacity of an earlier one instead of allocating.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logsim {

struct StoredBody {
  std::string body;
  std::string content_type;
  bool used = false;
};

class BodyStore {
 public:
  // A fresh handle; its entry is empty until fill().
  std::uint64_t reserve();
  // Takes the body (moved) and copies the content type into the entry.
  void fill(std::uint64_t handle, std::string&& body, std::string_view content_type);
  const StoredBody& get(std::uint64_t handle) const;
  void release(std::uint64_t handle);

  std::size_t live() const { return live_; }

 private:
  std::vector<StoredBody> entries_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace logsim
