// A packet the distributor accepted, and the pool that holds them. Slots are
// reused after a packet is delivered or dead-lettered; the pool grows only
// when more packets are alive than ever before, so steady state allocates
// nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "core/check.h"
#include "core/runtime.h"
#include "core/time.h"

namespace logsim {

enum class PacketState : std::uint8_t {
  kFree,
  kQueued,    // in the admission queue
  kSending,   // a send is outstanding; holds a worker
  kBackoff,   // waiting for its retry timer; holds a worker if retry_holds_worker
  kReady,     // back from backoff, waiting for a worker (or an analyzer)
};

struct Packet {
  std::uint64_t id = 0;  // 1-based, in order of acceptance
  TimeNs accepted_at = 0;
  TimeNs dispatched_at = 0;  // first time a worker took it
  std::uint32_t bytes = 0;
  // Opaque to the core: live mode's handle to the packet's body.
  std::uint64_t payload = 0;
  std::uint32_t attempts = 0;  // sends started
  std::uint64_t tried_mask = 0;  // bit i: analyzer i was tried
  AnalyzerIndex last_analyzer = 0;
  SendOutcome last_outcome = SendOutcome::kOk;
  PacketState state = PacketState::kFree;
  bool holds_worker = false;
};

class PacketPool {
 public:
  explicit PacketPool(std::size_t initial_capacity) { packets_.reserve(initial_capacity); free_.reserve(initial_capacity); }

  PacketSlot allocate() {
    PacketSlot slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<PacketSlot>(packets_.size());
      packets_.emplace_back();
    }
    ++live_;
    return slot;
  }

  void release(PacketSlot slot) {
    LOGSIM_CHECK(slot < packets_.size());
    packets_[slot] = Packet{};
    free_.push_back(slot);
    --live_;
  }

  Packet& operator[](PacketSlot slot) { return packets_[slot]; }
  const Packet& operator[](PacketSlot slot) const { return packets_[slot]; }
  std::size_t capacity() const { return packets_.size(); }
  std::size_t live() const { return live_; }

 private:
  std::vector<Packet> packets_;
  std::vector<PacketSlot> free_;
  std::size_t live_ = 0;
};

}  // namespace logsim
