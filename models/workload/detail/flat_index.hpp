// Open-addressing hash index from a key (stored by the caller, e.g. in its record array) to a 32-bit record
// index: one contiguous array of (hash, index) slots, linear probing, load factor <= 1/2. Replaces
// std::unordered_map on the readers' per-row path (one cache miss per lookup instead of two or three).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/rng.hpp"

namespace dcsim::workload::detail {

inline std::uint64_t hash_bytes(std::string_view s) { return mix64(hash_name(s)); }
inline std::uint64_t hash_pair(std::uint64_t a, std::uint64_t b) { return mix64(mix64(a) ^ b); }

class FlatIndex {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  // Index stored for a key with this hash for which eq(index) is true, or kNone.
  template <class Eq>
  std::uint32_t find(std::uint64_t hash, Eq&& eq) const {
    if (slots_.empty()) return kNone;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == kNone) return kNone;
      if (s.hash == hash && eq(s.index)) return s.index;
    }
  }

  // Stores `index` for a key known to be absent (call find first).
  void insert(std::uint64_t hash, std::uint32_t index) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    place(hash, index);
    ++size_;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t index = kNone;
  };
  void place(std::uint64_t hash, std::uint32_t index) {
    std::size_t i = hash & mask_;
    while (slots_[i].index != kNone) i = (i + 1) & mask_;
    slots_[i] = Slot{hash, index};
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.index != kNone) place(s.hash, s.index);
  }
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dcsim::workload::detail
