// Redundancy arithmetic for replication (r copies) and erasure coding (k data + m parity chunks).
//   raw overhead      = units / data units            (r;  (k+m)/k)
//   usable capacity   = raw x data / units            (raw / r;  raw x k/(k+m))
//   fault tolerance   = units - data units            (r-1;  m losses survive)
//   rebuild reads     = lost bytes x data units       (a replica is copied once; an EC chunk is recomputed
//                                                      from k surviving chunks: k-fold read amplification)
//   rebuild time      = capacity x fullness / (recovery rate x sources)
// (MODELS.md "Storage at exabyte scale"; Weatherspoon & Kubiatowicz, IPTPS 2002, for replication vs EC.)
// Sources = disks rebuilding in parallel: 1 for a classic disk-to-disk rebuild, ~all disks sharing PGs with
// the failed one under declustered (CRUSH) placement.
#pragma once
#include <stdexcept>

namespace dcsim::storage {

struct Redundancy {
  int data_units = 1;   // k (1 for replication)
  int total_units = 3;  // k + m (r for replication)

  static Redundancy replication(int replicas) {
    if (replicas < 1) throw std::invalid_argument("storage::Redundancy: replicas must be >= 1");
    return {1, replicas};
  }
  static Redundancy erasure(int k, int m) {
    if (k < 1 || m < 0) throw std::invalid_argument("storage::Redundancy: need k >= 1, m >= 0");
    return {k, k + m};
  }

  bool is_replication() const { return data_units == 1; }
  // Raw bytes stored per user byte.
  double raw_overhead() const { return static_cast<double>(total_units) / data_units; }
  // User bytes that fit in raw_bytes of disk.
  double usable_bytes(double raw_bytes) const { return raw_bytes * data_units / total_units; }
  // Raw bytes needed for user_bytes of data.
  double raw_bytes(double user_bytes) const { return user_bytes * raw_overhead(); }
  // Unit (replica or chunk) losses a PG survives.
  int fault_tolerance() const { return total_units - data_units; }
  // Bytes read to rebuild lost_bytes of replicas or chunks.
  double rebuild_read_amplification() const { return static_cast<double>(data_units); }
  double rebuild_read_bytes(double lost_bytes) const { return lost_bytes * data_units; }
  // Bytes of one unit (replica or chunk) of an object or PG of user_bytes.
  double unit_bytes(double user_bytes) const { return user_bytes / data_units; }
};

// Time to rebuild a failed disk: capacity x fullness / (rate per source x sources), in s.
inline double rebuild_time_s(double capacity_bytes, double fullness, double rate_Bps_per_source, int sources) {
  if (!(capacity_bytes >= 0.0) || !(fullness >= 0.0 && fullness <= 1.0) || !(rate_Bps_per_source > 0.0) ||
      sources < 1)
    throw std::invalid_argument(
        "storage::rebuild_time_s: need capacity >= 0, 0 <= fullness <= 1, rate > 0, sources >= 1");
  return capacity_bytes * fullness / (rate_Bps_per_source * sources);
}

}  // namespace dcsim::storage
