// The project's own pseudo-random generator. The standard library's
// distributions differ between implementations, so every draw in core/ and
// sim/ goes through this file: xoshiro256** seeded by splitmix64, one stream
// per component derived from (run seed, component name).
#pragma once

#include <cstdint>
#include <string_view>

namespace logsim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);

  // A stream for one component: the same (seed, name) always gives the same
  // sequence, and different names give independent-looking sequences.
  static Rng stream(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();

  // Uniform in [0, 1) with 53 bits of precision.
  double next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform in (0, 1]: safe to pass to log().
  double next_double_open0() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }

  // Uniform integer in [0, n) without modulo bias; n must be > 0.
  std::uint64_t next_below(std::uint64_t n);

 private:
  std::uint64_t s_[4];
};

// 64-bit FNV-1a of a string, used to derive stream seeds from names.
std::uint64_t hash_name(std::string_view name);

}  // namespace logsim
