// Deterministic random streams. Every stream is derived from the scenario seed and a stable component
// name/id (never from iteration order or addresses), so the same scenario and seed give identical results
// and adding a component does not perturb the streams of the others.
#pragma once
#include <cstdint>
#include <random>
#include <string_view>

namespace dcsim {

// SplitMix64 finaliser: a good 64-bit mixer (Steele, Lea, Flood 2014).
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a over the stream name: stable across platforms and runs.
constexpr std::uint64_t hash_name(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

using Rng = std::mt19937_64;

// A stream for (seed, name, index): e.g. make_rng(seed, "workload.arrivals"), make_rng(seed, "vm.util", vm_id).
inline Rng make_rng(std::uint64_t seed, std::string_view name, std::uint64_t index = 0) {
  return Rng(mix64(mix64(seed ^ hash_name(name)) + index));
}

// Uniform in [0,1) from the top 53 bits: identical on every platform (std::uniform_real_distribution is not
// guaranteed to be).
inline double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace dcsim
