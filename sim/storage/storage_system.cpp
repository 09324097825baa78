#include "sim/storage/storage_system.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <new>
#include <queue>
#include <stdexcept>
#include <unordered_map>

#include "core/input_error.hpp"
#include "core/rng.hpp"
#include "models/failure/availability.hpp"
#include "models/failure/distributions.hpp"
#include "models/failure/markov.hpp"
#include "models/storage/hierarchy.hpp"
#include "models/storage/rebalance.hpp"
#include "models/storage/redundancy.hpp"
#include "models/storage/straw2.hpp"
#include "sim/simulation.hpp"

namespace dcsim {
namespace sg4 = simgrid::s4u;
using json = nlohmann::json;
using storage::ItemId;
using storage::Level;

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
// Slots whose cache lines are requested together before a job's pass over them (a few hundred KiB: stays in L2).
constexpr std::size_t kPrefetchBatch = 256;
// Ok: readable. Down: on a down node, data intact. Lost: destroyed, waiting for a rebuild (not on any disk).
// Rebuilding: destroyed, being rebuilt onto the disk it is indexed on. Moving: on a down node past the
// re-replication timeout, being copied to a new disk from the other units (still indexed on the old disk).
// Absent: the PG is not in this cluster (a migration moved it away, or has not brought it here yet): on no disk,
// counted nowhere.
enum SlotState : std::uint8_t { kOk = 0, kDown = 1, kLost = 2, kRebuilding = 3, kMoving = 4, kAbsent = 5 };
enum class Ev : std::uint8_t { Fail, Repair, Inject, NodeTimeout, NodeLost, JobReady, Expand, AccessTick, MigStart, ChunkStart,
                               Sample, FlowEnd };
enum class Comp : std::uint8_t { Server, Disk, Rack, Pdu, Switch };
constexpr const char* kCompNames[] = {"servers", "disks", "racks", "pdus", "switches"};

struct Event {
  double t;
  Ev type;
  Comp comp;
  std::int64_t id;
  std::uint32_t gen;
  std::uint64_t seq;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

failure::Distribution make_dist(const TimeDistributionSpec& d, double accelerate) {
  const double mean = d.mean_s / accelerate;
  if (d.kind == "fixed") return failure::Distribution::fixed(mean);
  if (d.kind == "exponential") return failure::Distribution::exponential_mean(mean);
  if (d.kind == "weibull") return failure::Distribution::weibull_mean(d.shape, mean);
  if (d.sigma > 0) return failure::Distribution::lognormal(std::log(d.median_s / accelerate), d.sigma);
  return failure::Distribution::lognormal_median_mean(d.median_s / accelerate, mean);
}

Level level_from(const std::string& s) {
  if (s == "disk") return Level::Disk;
  if (s == "node") return Level::Node;
  if (s == "pdu") return Level::Pdu;
  return Level::Rack;
}

// Storage for the per-slot and per-PG arrays (tens of MiB at exabyte scale, accessed at random): 2 MiB pages
// where the kernel allows it (transparent huge pages in madvise mode), so that those accesses do not also miss
// the TLB. Small arrays use the ordinary heap, on a cache line (PGs of up to 4 units then lie in one line).
template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{1} << 21;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  static std::size_t rounded(std::size_t n) { return (n * sizeof(T) + kHuge - 1) / kHuge * kHuge; }
  T* allocate(std::size_t n) {
    if (n * sizeof(T) < kHuge) return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{64}));
    void* p = std::aligned_alloc(kHuge, rounded(n));
    if (!p) throw std::bad_alloc();
    ::madvise(p, rounded(n), MADV_HUGEPAGE);  // a hint: without THP the array works the same, only slower
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) {
    if (n * sizeof(T) < kHuge) ::operator delete(p, std::align_val_t{64});
    else std::free(p);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

// A set of disks, to count the distinct source and destination disks of a job: one bit per disk (9 KiB for
// 72,000 disks: stays in L1, where a per-disk stamp array missed the cache on most of a job's items). Cleared
// word by word (only the words it set), so a small job on a large cluster costs little.
class DiskSet {
 public:
  void resize(std::size_t disks) { bits_.assign((disks + 63) / 64, 0); }
  bool insert(int d) {  // true if d was not in the set
    std::uint64_t& w = bits_[static_cast<std::size_t>(d) >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (d & 63);
    if (w & bit) return false;
    if (w == 0) used_.push_back(static_cast<std::uint32_t>(d >> 6));
    w |= bit;
    return true;
  }
  void clear() {
    for (std::uint32_t i : used_) bits_[i] = 0;
    used_.clear();
  }

 private:
  std::vector<std::uint64_t> bits_;
  std::vector<std::uint32_t> used_;
};

// Slot records per PG: the width rounded up to 1, 2, 4 or a multiple of 4, so that with 16-byte records and pools
// starting on a cache line, a PG of up to 4 units lies in one 64-byte line (a 3-replica PG at any offset would
// straddle two lines half of the time).
int slot_stride(int width) { return width <= 1 ? 1 : width == 2 ? 2 : (width + 3) / 4 * 4; }

// Division and remainder by a divisor fixed at run time, without a divide instruction (Lemire, Kaser & Kurz,
// "Faster remainder by direct computation", 2019: exact for every 32-bit n with a 64-bit reciprocal, and for
// every 64-bit x with a 128-bit one). The hot paths divide by a pool's PG stride, by disks per node and by the
// number of nodes for each of ~10^9 placement draws and slot lookups; a 64-bit `div` costs ~15-20 cycles.
struct FastDiv32 {  // n / d
  std::uint64_t M = 0;
  std::uint32_t d = 1;
  FastDiv32() = default;
  explicit FastDiv32(std::uint32_t divisor) : M(divisor > 1 ? ~std::uint64_t{0} / divisor + 1 : 0), d(divisor) {}
  std::uint32_t operator()(std::uint32_t n) const {
    return d == 1 ? n : static_cast<std::uint32_t>((static_cast<unsigned __int128>(M) * n) >> 64);
  }
};
struct FastMod64 {  // x % d
  unsigned __int128 M = 0;
  std::uint64_t d = 1;
  FastMod64() = default;
  explicit FastMod64(std::uint64_t divisor) : M(~static_cast<unsigned __int128>(0) / divisor + 1), d(divisor) {}
  std::uint64_t operator()(std::uint64_t x) const {
    const unsigned __int128 low = M * x;  // (for d = 1, M wraps to 0: x % 1 = 0)
    const unsigned __int128 bottom = (static_cast<unsigned __int128>(static_cast<std::uint64_t>(low)) * d) >> 64;
    const unsigned __int128 top = static_cast<unsigned __int128>(static_cast<std::uint64_t>(low >> 64)) * d;
    return static_cast<std::uint64_t>((bottom + top) >> 64);
  }
};

struct Stat {  // running mean / max
  long n = 0;
  double sum = 0, max = 0;
  void add(double x) {
    ++n;
    sum += x;
    max = std::max(max, x);
  }
  double mean() const { return n ? sum / n : 0.0; }
};
}  // namespace

struct StorageSystem::Impl {
  Simulation& sim;
  const Scenario& sc;
  const SiteLayout& L;
  explicit Impl(Simulation& s) : sim(s), sc(s.scenario()), L(s.layout()) {}

  // ---- model state ----
  struct Pool {
    std::string name;
    int cluster = 0, width = 3, k = 1, m = 2;
    int stride = 4;  // slot records per PG: width padded so that a PG never straddles more cache lines than needed
    FastDiv32 per_pg;  // slot offset / stride
    bool erasure = false;
    Level level = Level::Rack;
    storage::PoolRule rule;
    long pgs = 0;
    std::int64_t pg_base = 0, slot_base = 0;
    double pg_user_B = 0, unit_B = 0;
    storage::PgMap map;
    long loss_events = 0;
    double lost_B = 0;
    long rebuilt_slots = 0;
    double rebuild_net_B = 0;
    Stat repair_s;  // slot lost -> rebuilt
    // Migrations (docs/storage.md): a migrated pool's PGs leave it, and form a new pool at the destination.
    long present = 0;                  // PGs in the cluster now
    long migrated_out = 0, migrated_in = 0;
    std::string migration;             // the migration that created this pool at its destination ("" = none)
    bool membership_changed = false;   // PGs left or arrived: MTTDL figures use its PG-time
    double pg_s = 0, pg_s_mark = 0;    // PG-seconds of presence up to time pg_s_mark
  };
  struct Node {
    long server = 0;
    int cluster = 0, rack = 0, pdu = 0, first_disk = 0, disks = 0;
    bool joined = false, data_lost = false;
    std::uint32_t gen = 0;
    double cap_B = 0;
  };
  // What choose_dest reads of its random candidate nodes and of the nodes of a PG's other units, packed apart
  // from the rest (16 bytes a node: 48 KiB for 3,000 nodes, which stays in cache where Node records would not).
  // The PDU is rack / racks_per_pdu (pdu_of).
  struct NodeHot {
    double used_B = 0;  // bytes of the slots on its disks
    std::int32_t rack = 0;
    bool down = false;
  };
  FastDiv32 racks_per_pdu;
  int pdu_of(const NodeHot& n) const { return static_cast<int>(racks_per_pdu(static_cast<std::uint32_t>(n.rack))); }
  struct Cluster {
    StorageClusterSpec spec;
    std::vector<int> nodes, joined;
    int first_node = 0, first_disk = 0;  // its nodes, and their disks, are consecutive (disks_per_node each)
    double node_cap_B = 0;               // raw capacity of one node (all alike)
    FastDiv32 per_node;                  // disk offset / disks_per_node
    FastMod64 pick_node, pick_disk;      // draw % joined nodes, draw % disks_per_node
    int next_join = 0;  // index into nodes of the first held-back node
    storage::Hierarchy h;
    std::unordered_map<int, ItemId> rack_item, pdu_item;
    std::vector<int> item_disk;  // hierarchy item -> global disk, -1
    std::vector<int> pools;
    std::deque<int> ready;
    int running = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> deferred;
    long active_disks = 0;
    double access_units = 0;  // disks' worth of busy time from access streams
    double recovery_Bps = 0;  // disk bytes/s of running rebuild and move jobs
    double stored_user_B = 0;
    json expansions = json::array();
    int pending_move_jobs = 0;
    // access traffic
    long access_flows = 0, access_late = 0;
    double access_B = 0;
    Stat access_slowdown;
    bool access_saturated = false;
  };
  struct Job {
    int cluster = 0;
    bool move = false;
    int expansion = -1;
    const char* cause = "disk";
    std::vector<std::pair<std::uint32_t, std::uint32_t>> items;  // (slot, epoch)
    std::vector<int> targets;                                    // move: destination disk per item
    double created = 0, ready_at = 0, started = -1, ended = -1;
    int flows_left = 0;
    long slots = 0;
    double read_B = 0, write_B = 0, net_B = 0, disk_Bps = 0, predicted_s = 0;
    int sources = 0, dests = 0;
    bool retry = false;
  };
  struct Flow {
    enum Kind : std::uint8_t { Rebuild, Move, Access, Migration } kind = Rebuild;
    int id = 0;  // job, cluster or migration
    int pos = -1;
    double bytes = 0, started = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> slots;
    std::vector<int> targets;
    int live = 0;
    double min_end = 0;  // bytes / rate cap after the start: the flow completes no earlier
    std::uint32_t gen = 0;
    bool waiting = false;  // network part done, waiting for min_end
  };
  struct Migration {
    MigrationSpec spec;
    int from = 0, to = 0, wan = -1;
    double total_B = 0, assigned_B = 0, done_B = 0, started = -1, ended = -1;
    int active = 0;
    json progress = json::array();
    // Placement: one leg per moved pool; PGs are settled (placed at the destination, or failed and kept at the
    // source) in order, as soon as the copied bytes cover them.
    struct Leg {
      int src = 0, dst = 0;  // pools
      long pgs = 0, settled = 0, placed = 0, failed = 0;
    };
    std::vector<Leg> legs;
    std::size_t leg = 0;  // first leg with PGs left to settle
    double settled_B = 0, placed_B = 0, failed_B = 0;
  };

  std::vector<Cluster> clusters;
  std::vector<Pool> pools;
  std::vector<Node> nodes;
  std::vector<NodeHot> node_hot;
  std::vector<int> server_node;  // -1: not a storage node
  // Disks: choose_dest reads `up` of its random candidates' disks and `used` of the chosen node's, kept in
  // separate arrays: `up` as bits (9 KiB for 72,000 disks: stays in L1), `used` 576 KiB. A disk's node is
  // computed (node_of_disk), not looked up.
  std::vector<bool> disk_up;
  std::vector<double> disk_used;
  std::vector<std::vector<std::uint32_t>> disk_slots;
  DiskSet src_disks, dst_disks;  // distinct-disk counting in a job (sources, destinations)
  // PGs and slots. At exabyte scale (1e6 PGs, 3e6 slots) every pass over a node's or a job's slots is a string
  // of cache misses, so what those passes read is packed: a slot's disk, position, epoch and state in 16 bytes,
  // the slots of a PG adjacent (one or two cache lines), and the PG's counters in its first slot's spare bytes
  // (they come with the PG's lines instead of costing a line of their own).
  struct Slot {
    std::int32_t disk = -1;   // -1: on no disk (lost)
    std::uint32_t pos = 0;    // index in disk_slots[disk]
    std::uint32_t epoch = 0;  // bumped on every change: stale job and flow entries are skipped
    std::uint8_t state = kOk;
    std::uint8_t pg_unavail = 0;  // first slot of a PG only: its slots not ok
    std::uint8_t pg_lost = 0;     // first slot of a PG only: its slots destroyed (lost or rebuilding)
  };
  static_assert(sizeof(Slot) == 16);
  struct InFlight {  // while Rebuilding/Moving
    std::int32_t flow = -1;
    std::int32_t dest = -1;  // Moving: the destination disk
  };
  HugeVector<Slot> slots;
  HugeVector<InFlight> inflight;
  HugeVector<float> slot_lost_at;
  bool one_line_pgs = true;      // every pool's PGs lie in one cache line each (stride <= 4)
  std::int64_t total_pgs = 0;    // PG records (including absent ones)
  std::int64_t present_pgs = 0;  // PGs present in some cluster (constant: a migrated PG leaves as it arrives)
  long unavailable_pgs = 0, degraded_pgs = 0, lost_pending = 0;
  // Jobs and flows.
  std::vector<Job> jobs;
  std::vector<Flow> flows;
  std::vector<int> free_flows;
  std::vector<sg4::CommPtr> comms;
  std::vector<int> comm_flow;
  std::vector<Migration> migrations;
  std::vector<int> wan_streams;
  std::vector<long> clients;
  // Failures.
  struct Process {
    bool on = false;
    failure::Distribution ttf = failure::Distribution::fixed(0), repair = failure::Distribution::fixed(0);
    double permanent = 0;
    long failures = 0;
  };
  Process proc[6];  // Server, Disk, Rack, Pdu, Switch, StorageNode (index 5)
  std::vector<std::uint8_t> server_down;
  long servers_down = 0;
  long permanent_node_losses = 0;
  int pdus = 0;
  Rng rng_fail{1}, rng_access{3};
  // Placement draws: a counter hashed by mix64 (core/rng.hpp): deterministic, and cheaper than mt19937_64 on
  // the hot path (millions of destination choices per simulated year).
  std::uint64_t place_key = 0, place_ctr = 0;
  std::uint64_t rng_place() { return mix64(place_key + ++place_ctr); }
  Rng rng_rebuild{2};
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue;
  std::uint64_t seq = 0;
  // Metrics.
  double t_int = 0, end_s = 0;
  double unavail_pg_s = 0, degraded_pg_s = 0, disk_J = 0, nodes_J = 0, servers_down_s = 0;
  double disk_W = 0, nodes_W = 0;
  long max_degraded = 0, max_unavailable = 0;
  long loss_events = 0;
  double lost_B = 0;
  long win = 0, bad_windows = 0;
  double win_err = 0, err_sum = 0;
  Stat job_s, node_job_s, disk_job_s;
  long jobs_done = 0;
  double rebuild_net_B = 0, rebuild_write_B = 0, move_net_B = 0;
  json job_detail = json::array();
  json series_t = json::array(), series_deg = json::array(), series_unavail = json::array(),
       series_lost = json::array();
  double sample_dt = 300;
  std::exception_ptr error;
  long flows_started = 0, max_flows = 0, iterations = 0, dest_calls = 0, job_items = 0;
  bool finalized = false;

  // ---------------------------------------------------------------- setup
  void build();
  void place_pool(Pool& p);
  void join_node(Cluster& c, int n);
  // ---------------------------------------------------------------- events
  void push(double t, Ev type, Comp comp = Comp::Server, std::int64_t id = 0, std::uint32_t gen = 0) {
    queue.push({t, type, comp, id, gen, seq++});
  }
  void loop();
  void handle(const Event& e);
  void integrate(double t);
  void sync_power();
  double now() const { return sg4::Engine::get_clock(); }
  // Slots.
  int pool_of_slot(std::uint32_t s) const {
    int p = 0;
    while (p + 1 < static_cast<int>(pools.size()) && pools[p + 1].slot_base <= s) ++p;
    return p;
  }
  int pool_of_pg(std::int64_t pg) const {
    int p = 0;
    while (p + 1 < static_cast<int>(pools.size()) && pools[p + 1].pg_base <= pg) ++p;
    return p;
  }
  std::uint32_t first_slot(const Pool& p, std::int64_t pg) const {
    return static_cast<std::uint32_t>(p.slot_base + (pg - p.pg_base) * p.stride);
  }
  Slot& head(const Pool& p, std::int64_t pg) { return slots[first_slot(p, pg)]; }  // holds the PG's counters
  std::int64_t pg_of_slot(std::uint32_t s, const Pool& p) const {
    return p.pg_base + p.per_pg(static_cast<std::uint32_t>(s - p.slot_base));
  }
  // Software prefetch. The passes over a node's slots (a node failure, its return, its re-replication) and over
  // a job's slots visit ~1000 PGs scattered over the whole slot array: one cache miss after another when done
  // in order. Requesting the lines of a whole batch first lets the memory system overlap the misses.
  void prefetch_slot(std::uint32_t s, bool with_inflight) const;
  void prefetch_node_slots(const Node& nd, bool with_inflight) const;
  void prefetch_flow_slots(const Flow& fl) const;
  void index_slot(std::uint32_t s, int d);
  void unindex_slot(std::uint32_t s);
  // A PG's count of units not ok changed by delta: the degraded and unavailable PG counts follow.
  [[gnu::always_inline]] void add_unavail(const Pool& p, std::int64_t pg, int delta) {
    Slot& h = head(p, pg);
    const int before = h.pg_unavail, after = before + delta;
    h.pg_unavail = static_cast<std::uint8_t>(after);
    degraded_pgs += (after > 0) - (before > 0);
    unavailable_pgs += (after > p.m) - (before > p.m);
    max_degraded = std::max(max_degraded, degraded_pgs);
    max_unavailable = std::max(max_unavailable, unavailable_pgs);
  }
  std::uint32_t set_lost(std::uint32_t s, bool* loss_happened = nullptr);
  void slot_ok(std::uint32_t s);
  void lose_pg(std::int64_t pg);
  void abort_flow_slot(std::uint32_t s);
  // The clusters' nodes and disks are numbered consecutively (build), so a disk's node is arithmetic: no lookup
  // in a per-disk array that would miss the cache on the hot paths.
  [[gnu::always_inline]] int node_of_disk(int d) const {
    std::size_t c = 0;
    while (c + 1 < clusters.size() && clusters[c + 1].first_disk <= d) ++c;
    return clusters[c].first_node +
           static_cast<int>(clusters[c].per_node(static_cast<std::uint32_t>(d - clusters[c].first_disk)));
  }
  int domain(int disk, Level level) const {
    switch (level) {
      case Level::Disk: return disk;
      case Level::Node: return node_of_disk(disk);
      case Level::Rack: return node_hot[node_of_disk(disk)].rack;
      default: return pdu_of(node_hot[node_of_disk(disk)]);
    }
  }
  int choose_dest(std::int64_t pg, std::uint32_t s);
  // Failures.
  void server_set(long s, bool down);
  void node_down(int n);
  void node_up(int n);
  void node_data_lost(int n, const char* cause);
  void node_timeout(int n);
  void disk_fail(int d);
  void drain_disk(int d, int j);
  void fail(Comp c, std::int64_t id, bool storage_node, double repair_after_s = -1);
  // Jobs and flows.
  int new_job(int c, const char* cause, double ready_at);
  void try_start(int c);
  void start_job(int j);
  void start_move_job(int j);
  void launch(int j, std::vector<int>& batch_of, const std::vector<int>& src_host, const std::vector<int>& dst_host,
              const std::vector<double>& bytes, double T0, Flow::Kind kind);
  int start_flow(Flow::Kind kind, int id, long src, long dst, double bytes, double rate);
  int remove_comm(int pos);
  void comm_done(int pos);
  void flow_done(int f, bool cancelled);
  void job_flow_done(int j);
  void finish_job(int j);
  void expand(int c, int idx);
  void access_tick(int c);
  void chunk_start(int mi);
  void add_migration_pools(std::int64_t& pg_base, std::int64_t& slot_base);
  void settle_migration(int mi);
  bool place_arrival(Pool& p, std::int64_t pg);
  void release_pg(Pool& p, std::int64_t pg);
  void mark_presence(Pool& p);
  double node_deviation(const Cluster& c) const;
  json pool_summary(const Pool& p) const;
};

// ==================================================================== setup

void StorageSystem::Impl::build() {
  const auto& F = sc.failures;
  end_s = sc.simulation.duration_s;
  sample_dt = std::max(sc.simulation.sampling_interval_s, end_s / 2000.0);
  server_node.assign(L.servers(), -1);
  server_down.assign(L.servers(), 0);
  const std::uint64_t seed = sc.simulation.seed;
  rng_fail = make_rng(seed, "storage.failures");
  place_key = make_rng(seed, "storage.placement")();
  rng_rebuild = make_rng(seed, "storage.rebuild_time");
  rng_access = make_rng(seed, "storage.access");
  pdus = static_cast<int>((L.racks() + F.racks_per_pdu - 1) / F.racks_per_pdu);
  racks_per_pdu = FastDiv32(static_cast<std::uint32_t>(F.racks_per_pdu));

  std::int64_t pg_base = 0, slot_base = 0;
  for (const auto& cs : sc.storage.clusters) {
    Cluster c;
    c.spec = cs;
    const int ci = static_cast<int>(clusters.size());
    c.first_node = static_cast<int>(nodes.size());
    c.node_cap_B = cs.disks_per_node * cs.disk_capacity_B;
    c.per_node = FastDiv32(static_cast<std::uint32_t>(cs.disks_per_node));
    c.pick_disk = FastMod64(static_cast<std::uint64_t>(cs.disks_per_node));
    c.first_disk = static_cast<int>(disk_up.size());
    for (long s = 0; s < L.servers(); ++s) {
      if (L.server_type[s] != cs.node_server_type) continue;
      if (!cs.halls.empty() &&
          std::find(cs.halls.begin(), cs.halls.end(), L.hall_names[L.server_hall[s]]) == cs.halls.end())
        continue;
      if (server_node[s] >= 0)
        throw_file_error(sc.file, 0, "storage cluster '" + cs.name + "' shares its nodes with another cluster");
      Node n;
      n.server = s;
      n.cluster = ci;
      n.rack = static_cast<int>(L.server_rack[s]);
      n.pdu = n.rack / F.racks_per_pdu;
      n.first_disk = static_cast<int>(disk_up.size());
      n.disks = cs.disks_per_node;
      n.cap_B = cs.disks_per_node * cs.disk_capacity_B;
      server_node[s] = static_cast<int>(nodes.size());
      c.nodes.push_back(static_cast<int>(nodes.size()));
      for (int d = 0; d < cs.disks_per_node; ++d) {
        disk_up.push_back(1);
        disk_used.push_back(0);
      }
      nodes.push_back(n);
      NodeHot hot;
      hot.rack = n.rack;
      node_hot.push_back(hot);
      sim.reserve_server(s);
    }
    long held = 0;
    for (const auto& x : cs.expansions) held += x.nodes;
    const long initial = static_cast<long>(c.nodes.size()) - held;
    if (initial < 1)
      throw_file_error(sc.file, 0, "storage cluster '" + cs.name + "' has no node to start with");
    clusters.push_back(std::move(c));
    Cluster& cl = clusters.back();
    for (long i = 0; i < initial; ++i) join_node(cl, cl.nodes[i]);
    cl.next_join = static_cast<int>(initial);
    double share = 0;
    for (const auto& p : cs.pools) share += p.share;
    const double raw_B = cl.h.weight(cl.h.root());
    for (const auto& ps : cs.pools) {
      Pool p;
      p.name = ps.name;
      p.cluster = ci;
      p.erasure = ps.erasure;
      p.k = ps.erasure ? ps.k : 1;
      p.width = ps.erasure ? ps.k + ps.m : ps.replicas;
      p.m = p.width - p.k;
      p.stride = slot_stride(p.width);
      p.per_pg = FastDiv32(static_cast<std::uint32_t>(p.stride));
      p.level = level_from(ps.failure_domain);
      p.rule = ps.erasure ? storage::PoolRule::erasure(ps.k, ps.m, p.level)
                          : storage::PoolRule::replicated(ps.replicas, p.level);
      p.rule.seed = pools.size() + 1;
      p.pgs = ps.pgs;
      p.present = ps.pgs;
      p.pg_base = pg_base;
      slot_base = (slot_base + 3) / 4 * 4;  // every pool's PGs start on a cache line (4 slot records)
      p.slot_base = slot_base;
      const double raw_pool = raw_B * cs.fullness * ps.share / share;
      p.pg_user_B = raw_pool * p.k / p.width / p.pgs;
      p.unit_B = p.pg_user_B / p.k;
      cl.stored_user_B += p.pg_user_B * p.pgs;
      pg_base += p.pgs;
      slot_base += static_cast<std::int64_t>(p.pgs) * p.stride;
      if (slot_base > std::numeric_limits<std::int32_t>::max())
        throw_file_error(sc.file, 0, "storage: more than 2^31 PG slots in all pools; use fewer PGs");
      cl.pools.push_back(static_cast<int>(pools.size()));
      pools.push_back(std::move(p));
    }
  }
  add_migration_pools(pg_base, slot_base);
  total_pgs = pg_base;
  slots.resize(slot_base);
  slot_lost_at.assign(slot_base, 0.f);
  inflight.resize(slot_base);
  disk_slots.resize(disk_up.size());
  src_disks.resize(disk_up.size());
  dst_disks.resize(disk_up.size());
  for (auto& p : pools) {
    place_pool(p);
    present_pgs += p.present;
    one_line_pgs = one_line_pgs && p.stride <= 4;
  }
  for (long s = 0; s < L.servers(); ++s)
    if (server_node[s] < 0) clients.push_back(s);

  // Failure processes.
  if (F.enabled) {  // (without a failures section the distributions are unset)
    const double a = F.accelerate;
    const FailureProcessSpec* specs[6] = {&F.servers, &F.disks, &F.racks, &F.pdus, &F.switches, &F.storage_nodes};
    for (int i = 0; i < 6; ++i) {
      proc[i].on = specs[i]->enabled;
      proc[i].ttf = make_dist(specs[i]->time_to_failure, a);
      proc[i].repair = make_dist(specs[i]->repair, 1.0);
      proc[i].permanent = specs[i]->permanent_fraction;
    }
  }
  wan_streams.assign(sc.storage.wan_links.size(), 0);
  for (size_t i = 0; i < F.inject.size(); ++i) {
    const auto& x = F.inject[i];
    const long limit = x.component == "disk" ? static_cast<long>(disk_up.size())
                       : x.component == "server" ? L.servers()
                       : x.component == "storage_node" ? static_cast<long>(nodes.size())
                       : x.component == "pdu" ? pdus : L.racks();
    if (x.id >= limit)
      throw_file_error(sc.file, 0, "failures.inject[" + std::to_string(i) + "]: " + x.component + " " +
                                       std::to_string(x.id) + " does not exist (there are " + std::to_string(limit) + ")");
  }
}

void StorageSystem::Impl::join_node(Cluster& c, int n) {
  Node& nd = nodes[n];
  if (c.h.size() == 1 && c.item_disk.empty()) c.item_disk.push_back(-1);
  auto grow = [&](ItemId id, int disk) {
    if (static_cast<int>(c.item_disk.size()) <= id) c.item_disk.resize(id + 1, -1);
    c.item_disk[id] = disk;
  };
  auto pit = c.pdu_item.find(nd.pdu);
  if (pit == c.pdu_item.end()) {
    pit = c.pdu_item.emplace(nd.pdu, c.h.add_bucket(Level::Pdu, c.h.root())).first;
    grow(pit->second, -1);
  }
  auto rit = c.rack_item.find(nd.rack);
  if (rit == c.rack_item.end()) {
    rit = c.rack_item.emplace(nd.rack, c.h.add_bucket(Level::Rack, pit->second)).first;
    grow(rit->second, -1);
  }
  const ItemId node_item = c.h.add_bucket(Level::Node, rit->second);
  grow(node_item, -1);
  for (int d = 0; d < nd.disks; ++d) grow(c.h.add_disk(node_item, c.spec.disk_capacity_B), nd.first_disk + d);
  nd.joined = true;
  c.joined.push_back(n);
  c.pick_node = FastMod64(c.joined.size());
  if (!node_hot[n].down)
    for (int d = 0; d < nd.disks; ++d) c.active_disks += disk_up[nd.first_disk + d];
}

void StorageSystem::Impl::place_pool(Pool& p) {
  Cluster& c = clusters[p.cluster];
  p.map = storage::map_pgs(c.h, static_cast<int>(p.pgs), p.rule);
  if (const auto un = p.map.unmapped(); un > 0)
    throw_file_error(sc.file, 0,
                     (p.migration.empty() ? "" : "storage.migrations '" + p.migration + "': ") + "storage pool '" +
                         p.name + "' in cluster '" + c.spec.name + "': " + std::to_string(un) +
                         " slots cannot be placed in distinct " + storage::level_name(p.level) + "s (width " +
                         std::to_string(p.width) + "); use a smaller failure domain or more racks/nodes");
  if (!p.migration.empty()) {  // its PGs arrive with the migration (place_arrival): absent until then
    for (long g = 0; g < p.pgs; ++g)
      for (int i = 0; i < p.width; ++i) slots[first_slot(p, p.pg_base + g) + i].state = kAbsent;
    return;
  }
  for (long g = 0; g < p.pgs; ++g)
    for (int i = 0; i < p.width; ++i) {
      const std::uint32_t s = first_slot(p, p.pg_base + g) + i;
      index_slot(s, c.item_disk[p.map.at(static_cast<int>(g), i)]);
    }
}

// ==================================================================== slots

// The PG's slot records (one or a few cache lines, with its counters) and, if asked, the slot's in-flight record.
void StorageSystem::Impl::prefetch_slot(std::uint32_t s, bool with_inflight) const {
  if (with_inflight) __builtin_prefetch(&inflight[s], 1);
  if (one_line_pgs) {  // the line of slot s holds its whole PG
    __builtin_prefetch(&slots[s], 1);
    return;
  }
  const Pool& p = pools[pool_of_slot(s)];
  const std::uint32_t rel = static_cast<std::uint32_t>(s - p.slot_base);
  const std::uint32_t g = p.per_pg(rel);
  const std::uint32_t first = static_cast<std::uint32_t>(p.slot_base) + g * p.stride;
  constexpr std::uintptr_t kLine = 64;
  const auto a = reinterpret_cast<std::uintptr_t>(&slots[first]) & ~(kLine - 1);
  const auto b = reinterpret_cast<std::uintptr_t>(&slots[first + p.width - 1]);
  for (std::uintptr_t x = a; x <= b; x += kLine) __builtin_prefetch(reinterpret_cast<const void*>(x), 1);
}

void StorageSystem::Impl::prefetch_node_slots(const Node& nd, bool with_inflight) const {
  for (int d = nd.first_disk; d < nd.first_disk + nd.disks; ++d)
    for (std::uint32_t s : disk_slots[d]) prefetch_slot(s, with_inflight);
}

// A completed rebuild flow writes its slots into the lists of their destination disks (moves also leave the
// lists of their old disks): the slot records first, then the destination lists' headers, then their ends.
void StorageSystem::Impl::prefetch_flow_slots(const Flow& fl) const {
  for (const auto& item : fl.slots) prefetch_slot(item.first, true);
  for (const auto& item : fl.slots) {
    const int dest = slots[item.first].state == kMoving ? inflight[item.first].dest : slots[item.first].disk;
    if (dest < 0) continue;
    __builtin_prefetch(&disk_slots[dest], 1);
    __builtin_prefetch(&disk_used[dest], 1);
  }
  for (const auto& item : fl.slots) {
    if (slots[item.first].state != kMoving) continue;
    const auto& v = disk_slots[inflight[item.first].dest];
    __builtin_prefetch(v.data() + v.size(), 1);
  }
}

void StorageSystem::Impl::index_slot(std::uint32_t s, int d) {
  const Pool& p = pools[pool_of_slot(s)];
  slots[s].disk = d;
  slots[s].pos = static_cast<std::uint32_t>(disk_slots[d].size());
  disk_slots[d].push_back(s);
  disk_used[d] += p.unit_B;
  node_hot[node_of_disk(d)].used_B += p.unit_B;
}

void StorageSystem::Impl::unindex_slot(std::uint32_t s) {
  const int d = slots[s].disk;
  if (d < 0) return;
  const Pool& p = pools[pool_of_slot(s)];
  auto& v = disk_slots[d];
  const std::uint32_t last = v.back();
  v[slots[s].pos] = last;
  slots[last].pos = slots[s].pos;
  v.pop_back();
  slots[s].disk = -1;
  disk_used[d] = std::max(0.0, disk_used[d] - p.unit_B);
  node_hot[node_of_disk(d)].used_B = std::max(0.0, node_hot[node_of_disk(d)].used_B - p.unit_B);
}

// Ok / Down / Rebuilding -> Lost (unindexed, waiting for a rebuild job). Returns the new epoch.
std::uint32_t StorageSystem::Impl::set_lost(std::uint32_t s, bool* loss_happened) {
  const std::uint8_t st = slots[s].state;
  Pool& p = pools[pool_of_slot(s)];
  const std::int64_t pg = pg_of_slot(s, p);
  if (st == kLost) return slots[s].epoch;
  if (st == kMoving) {
    const int dest = inflight[s].dest;
    if (!disk_up[dest] || node_hot[node_of_disk(dest)].down) {
      abort_flow_slot(s);
      slots[s].state = kDown;  // and on to Lost below
      return set_lost(s, loss_happened);
    }
    // The old copy is destroyed while a new one is being made: it becomes a rebuild onto that destination.
    unindex_slot(s);
    index_slot(s, dest);
    slots[s].state = kRebuilding;
    ++head(p, pg).pg_lost;
    slot_lost_at[s] = static_cast<float>(now());
    if (head(p, pg).pg_lost > p.m) {
      lose_pg(pg);
      if (loss_happened) *loss_happened = true;
    }
    return slots[s].epoch;
  }
  unindex_slot(s);
  if (st == kRebuilding) abort_flow_slot(s);
  if (st == kOk) add_unavail(p, pg, +1);
  if (st == kOk || st == kDown) {
    ++head(p, pg).pg_lost;
    slot_lost_at[s] = static_cast<float>(now());
  }
  slots[s].state = kLost;
  ++lost_pending;
  const std::uint32_t ep = ++slots[s].epoch;
  if (head(p, pg).pg_lost > p.m) {
    lose_pg(pg);
    if (loss_happened) *loss_happened = true;
  }
  return ep;
}

// Rebuilding -> Ok (its data is complete on its new disk).
void StorageSystem::Impl::slot_ok(std::uint32_t s) {
  Pool& p = pools[pool_of_slot(s)];
  const std::int64_t pg = pg_of_slot(s, p);
  slots[s].state = kOk;
  ++slots[s].epoch;
  --head(p, pg).pg_lost;
  add_unavail(p, pg, -1);
  ++p.rebuilt_slots;
  p.repair_s.add(now() - slot_lost_at[s]);
}

// More units lost than the code tolerates: count it, then restore the PG (as from a backup) so the run goes on.
void StorageSystem::Impl::lose_pg(std::int64_t pg) {
  Pool& p = pools[pool_of_pg(pg)];
  ++p.loss_events;
  p.lost_B += p.pg_user_B;
  ++loss_events;
  lost_B += p.pg_user_B;
  const std::uint32_t first = first_slot(p, pg);
  for (int i = 0; i < p.width; ++i) {
    const std::uint32_t s = first + i;
    if (slots[s].state == kLost) {
      const int d = choose_dest(pg, s);
      if (d < 0) continue;  // stays lost; picked up by a later job
      index_slot(s, d);
      --lost_pending;
    } else if (slots[s].state == kRebuilding) {
      abort_flow_slot(s);
    } else {
      continue;
    }
    slots[s].state = kOk;
    ++slots[s].epoch;
    --head(p, pg).pg_lost;
    add_unavail(p, pg, -1);
  }
}

void StorageSystem::Impl::abort_flow_slot(std::uint32_t s) {
  const int f = inflight[s].flow;
  if (f < 0) return;
  inflight[s].flow = -1;
  if (--flows[f].live != 0) return;
  if (flows[f].pos >= 0) {
    comms[flows[f].pos]->cancel();
    remove_comm(flows[f].pos);
    flow_done(f, true);
  } else if (flows[f].waiting) {
    flow_done(f, true);
  }
}

// A new disk for slot s of pg: an up node in a failure domain that holds no other slot of the PG; best of two
// candidates by node fill, then best of two disks by disk fill.
int StorageSystem::Impl::choose_dest(std::int64_t pg, std::uint32_t s) {
  const Pool& p = pools[pool_of_pg(pg)];
  const Cluster& c = clusters[p.cluster];
  ++dest_calls;
  int doms[storage::kMaxPgWidth];
  int nd = 0;
  const std::uint32_t first = first_slot(p, pg);
  for (int i = 0; i < p.width; ++i)
    if (first + i != s && slots[first + i].disk >= 0) doms[nd++] = domain(slots[first + i].disk, p.level);
  auto taken = [&](int dom) { return std::find(doms, doms + nd, dom) != doms + nd; };
  // Which disk of a candidate node to take (the emptier of its eligible draws) matters only for the node that
  // wins: its disks' fill is read at the end (the draws themselves depend only on up/taken, not on fill).
  int best_disks[3], n_best = 0, found = 0;
  double best_fill = kInf;
  std::uint64_t ctr = place_ctr;  // = rng_place(), with the counter kept in a register
  auto draw = [&] { return mix64(place_key + ++ctr); };
  for (int t = 0; t < 64 && found < 2; ++t) {
    const int n = c.joined[c.pick_node(draw())];
    const NodeHot& node = node_hot[n];
    if (node.down) continue;
    const bool node_taken = p.level == Level::Node   ? taken(n)
                            : p.level == Level::Rack ? taken(node.rack)
                            : p.level == Level::Pdu  ? taken(pdu_of(node))
                                                     : false;
    const int first_disk = c.first_disk + (n - c.first_node) * c.spec.disks_per_node;
    int eligible[3], n_eligible = 0;
    for (int u = 0; u < 3; ++u) {
      const int d = first_disk + static_cast<int>(c.pick_disk(draw()));
      if (!disk_up[d]) continue;
      if (node_taken) break;
      if (p.level == Level::Disk && taken(d)) continue;
      eligible[n_eligible++] = d;
    }
    if (n_eligible == 0) continue;
    ++found;
    const double fill = node.used_B / c.node_cap_B;
    if (fill < best_fill) {
      best_fill = fill;
      n_best = n_eligible;
      for (int i = 0; i < n_best; ++i) {
        best_disks[i] = eligible[i];
        __builtin_prefetch(&disk_used[best_disks[i]]);  // read below
      }
    }
  }
  place_ctr = ctr;
  int best = -1;
  double disk_fill = kInf;
  for (int i = 0; i < n_best; ++i)
    if (disk_used[best_disks[i]] < disk_fill) {
      disk_fill = disk_used[best_disks[i]];
      best = best_disks[i];
    }
  return best;
}

// ==================================================================== failures

void StorageSystem::Impl::server_set(long s, bool down) {
  const int n = server_node[s];
  const double before = n >= 0 ? sim.server_power_W(s) : 0.0;
  if (down) {
    if (server_down[s]++ != 0) return;
    ++servers_down;
    sim.fail_server(s);
    if (n >= 0) node_down(n);
  } else {
    if (server_down[s] == 0 || --server_down[s] != 0) return;
    --servers_down;
    sim.repair_server(s);
    if (n >= 0) {
      sim.reserve_server(s);
      node_up(n);
    }
  }
  if (n >= 0) nodes_W += sim.server_power_W(s) - before;
}

void StorageSystem::Impl::node_down(int n) {
  Node& nd = nodes[n];
  node_hot[n].down = true;
  ++nd.gen;
  if (!nd.joined) return;
  prefetch_node_slots(nd, false);
  Cluster& c = clusters[nd.cluster];
  for (int d = nd.first_disk; d < nd.first_disk + nd.disks; ++d) {
    c.active_disks -= disk_up[d];
    bool queued = false;
    int job = -1;
    // Backwards: set_lost swap-removes slot i, moving the (already visited) last slot into place i.
    for (std::size_t i = disk_slots[d].size(); i-- > 0;) {
      if (i >= disk_slots[d].size()) continue;
      const std::uint32_t s = disk_slots[d][i];
      if (slots[s].state == kOk) {
        const Pool& p = pools[pool_of_slot(s)];
        slots[s].state = kDown;
        ++slots[s].epoch;
        add_unavail(p, pg_of_slot(s, p), +1);
      } else if (slots[s].state == kRebuilding) {
        if (!queued) job = new_job(nd.cluster, "rebuild-target-down", now()), queued = true;
        const std::uint32_t ep = set_lost(s);
        jobs[job].items.push_back({s, ep});  // ep first: set_lost may add jobs
      }
    }
  }
  push(now() + sc.failures.rereplication_timeout_s, Ev::NodeTimeout, Comp::Server, n, nd.gen);
}

void StorageSystem::Impl::node_up(int n) {
  Node& nd = nodes[n];
  node_hot[n].down = false;
  ++nd.gen;
  nd.data_lost = false;
  if (!nd.joined) return;
  prefetch_node_slots(nd, true);
  Cluster& c = clusters[nd.cluster];
  for (int d = nd.first_disk; d < nd.first_disk + nd.disks; ++d) {
    c.active_disks += disk_up[d];
    for (std::uint32_t s : disk_slots[d]) {
      if (slots[s].state != kDown && slots[s].state != kMoving) continue;
      if (slots[s].state == kMoving) abort_flow_slot(s);
      const Pool& p = pools[pool_of_slot(s)];
      slots[s].state = kOk;
      ++slots[s].epoch;
      add_unavail(p, pg_of_slot(s, p), -1);
    }
  }
  if (!c.deferred.empty()) {
    const int j = new_job(nd.cluster, "deferred", now());
    jobs[j].items.swap(c.deferred);
    jobs[j].retry = true;
  }
}

// Re-replication timeout: the down node's units are copied elsewhere from the other units (the node's own
// copies stay valid until each copy completes; if it returns first, they serve again).
void StorageSystem::Impl::node_timeout(int n) {
  Node& nd = nodes[n];
  if (!nd.joined || nd.data_lost) return;
  prefetch_node_slots(nd, false);
  const int j = new_job(nd.cluster, "node-timeout", now());
  for (int d = nd.first_disk; d < nd.first_disk + nd.disks; ++d)
    for (std::uint32_t s : disk_slots[d])
      if (slots[s].state == kDown) jobs[j].items.push_back({s, slots[s].epoch});
}

// A permanent node failure: its data is destroyed and rebuilt elsewhere; the node comes back empty.
void StorageSystem::Impl::node_data_lost(int n, const char* cause) {
  Node& nd = nodes[n];
  if (!nd.joined || nd.data_lost) return;
  nd.data_lost = true;
  prefetch_node_slots(nd, true);
  const int j = new_job(nd.cluster, cause, now());
  for (int d = nd.first_disk; d < nd.first_disk + nd.disks; ++d) {
    drain_disk(d, j);
  }
}

void StorageSystem::Impl::disk_fail(int d) {
  const int n = node_of_disk(d);
  Node& nd = nodes[n];
  if (!disk_up[d]) return;
  disk_up[d] = 0;
  Cluster& c = clusters[nd.cluster];
  if (nd.joined && !node_hot[n].down) --c.active_disks;
  if (!nd.joined) return;
  const int j = new_job(nd.cluster, "disk", now() + sc.failures.detection_delay_s);
  drain_disk(d, j);
}

// Every slot of disk d is destroyed (set_lost unindexes it) and queued in job j.
void StorageSystem::Impl::drain_disk(int d, int j) {
  std::size_t guard = 2 * disk_slots[d].size() + 1;
  while (!disk_slots[d].empty() && guard-- > 0) {
    const std::uint32_t s = disk_slots[d].back();
    const std::uint32_t ep = set_lost(s);  // before indexing jobs: it may add jobs
    jobs[j].items.push_back({s, ep});
  }
}

// gen bit 0: storage node; bit 1: injected (no renewal after the repair).
void StorageSystem::Impl::fail(Comp comp, std::int64_t id, bool storage_node, double repair_after_s) {
  const int pi = storage_node ? 5 : static_cast<int>(comp);
  Process& pr = proc[pi];
  ++pr.failures;
  const double t = now();
  const bool injected = repair_after_s >= 0 || !pr.on;
  const double repair = repair_after_s >= 0 ? repair_after_s : pr.repair.sample(rng_fail);
  push(t + repair, Ev::Repair, comp, id, (storage_node ? 1u : 0u) | (injected ? 2u : 0u));
  switch (comp) {
    case Comp::Server:
      server_set(id, true);
      if (storage_node && uniform01(rng_fail) < pr.permanent) {
        ++permanent_node_losses;
        push(t + sc.failures.detection_delay_s, Ev::NodeLost, Comp::Server, server_node[id],
             nodes[server_node[id]].gen);
      }
      break;
    case Comp::Disk: disk_fail(static_cast<int>(id)); break;
    case Comp::Rack:
    case Comp::Switch:
      for (long s = L.rack_first_server[id]; s < L.rack_first_server[id] + L.rack_server_count[id]; ++s)
        server_set(s, true);
      break;
    case Comp::Pdu:
      for (long r = id * sc.failures.racks_per_pdu; r < std::min<long>(L.racks(), (id + 1) * sc.failures.racks_per_pdu); ++r)
        for (long s = L.rack_first_server[r]; s < L.rack_first_server[r] + L.rack_server_count[r]; ++s)
          server_set(s, true);
      break;
  }
}

// ==================================================================== jobs

int StorageSystem::Impl::new_job(int c, const char* cause, double ready_at) {
  // Failures at the same instant (a rack, a PDU) make one job.
  if (!jobs.empty()) {
    const Job& b = jobs.back();
    if (b.cluster == c && !b.move && b.started < 0 && b.created == now() && b.ready_at == ready_at &&
        std::string_view(b.cause) == cause)
      return static_cast<int>(jobs.size()) - 1;
  }
  Job j;
  j.ready_at = ready_at;
  j.cluster = c;
  j.cause = cause;
  j.created = now();
  jobs.push_back(std::move(j));
  const int id = static_cast<int>(jobs.size()) - 1;
  if (ready_at <= now()) clusters[c].ready.push_back(id);
  else push(ready_at, Ev::JobReady, Comp::Server, id);
  return id;
}

void StorageSystem::Impl::try_start(int c) {
  Cluster& cl = clusters[c];
  while (!cl.ready.empty() && (cl.spec.max_jobs == 0 || cl.running < cl.spec.max_jobs) &&
         static_cast<long>(comms.size()) < cl.spec.max_concurrent_flows) {
    const int j = cl.ready.front();
    cl.ready.pop_front();
    start_job(j);
  }
}

void StorageSystem::Impl::start_job(int j) {
  Cluster& c = clusters[jobs[j].cluster];
  const auto& cs = c.spec;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> items;
  items.swap(jobs[j].items);
  src_disks.clear();
  dst_disks.clear();
  int S = 0, D = 0;
  double read_B = 0, write_B = 0;
  std::vector<std::uint32_t> sel;
  std::vector<int> src_node, dst_node;
  sel.reserve(items.size());
  src_node.reserve(items.size());
  dst_node.reserve(items.size());
  jobs[j].items.reserve(items.size());
  job_items += static_cast<long>(items.size());
  for (std::size_t it = 0; it < items.size(); ++it) {
    if (it % kPrefetchBatch == 0)
      for (std::size_t q = it; q < std::min(items.size(), it + kPrefetchBatch); ++q) prefetch_slot(items[q].first, true);
    const auto [s, ep] = items[it];
    if (slots[s].epoch != ep || (slots[s].state != kLost && slots[s].state != kDown)) continue;
    const bool moving = slots[s].state == kDown;
    Pool& p = pools[pool_of_slot(s)];
    const std::int64_t pg = pg_of_slot(s, p);
    const std::uint32_t first = first_slot(p, pg);
    int ok[storage::kMaxPgWidth], n_ok = 0;
    for (int i = 0; i < p.width; ++i)
      if (slots[first + i].state == kOk) ok[n_ok++] = slots[first + i].disk;
    int dest = n_ok >= p.k ? choose_dest(pg, s) : -1;
    if (dest < 0) {
      c.deferred.push_back({s, ep});
      continue;
    }
    // Sources: one replica (at random) or k chunks.
    const int rot = static_cast<int>(rng_place() % n_ok);
    for (int i = 0; i < p.k; ++i) {
      const int d = ok[(rot + i) % n_ok];
      S += src_disks.insert(d);
    }
    src_node.push_back(node_of_disk(ok[rot]));
    D += dst_disks.insert(dest);
    dst_node.push_back(node_of_disk(dest));
    if (moving) {
      slots[s].state = kMoving;
      inflight[s].dest = dest;
    } else {
      index_slot(s, dest);
      slots[s].state = kRebuilding;
      --lost_pending;
    }
    sel.push_back(s);
    read_B += p.k * p.unit_B;
    write_B += p.unit_B;
    p.rebuild_net_B += p.k * p.unit_B;
    jobs[j].items.push_back({s, ++slots[s].epoch});
  }
  Job& job = jobs[j];
  job.started = now();
  job.slots = static_cast<long>(sel.size());
  if (sel.empty()) {
    job.ended = now();
    return;
  }
  S = std::max(S, 1);
  D = std::max(D, 1);
  job.sources = S;
  job.dests = D;
  job.read_B = read_B;
  job.write_B = write_B;
  job.net_B = read_B;
  job.predicted_s = std::max(read_B / (cs.recovery_rate_Bps * S), write_B / (cs.recovery_rate_Bps * D));
  const double T0 = cs.rebuild_time_given ? make_dist(cs.rebuild_time, 1.0).sample(rng_rebuild) : job.predicted_s;
  job.disk_Bps = (read_B + write_B) / std::max(T0, 1e-9);
  c.recovery_Bps += job.disk_Bps;
  ++c.running;
  rebuild_net_B += read_B;
  rebuild_write_B += write_B;
  std::vector<int> batch_of(sel.size());
  std::vector<double> bytes;
  for (size_t i = 0; i < sel.size(); ++i) batch_of[i] = dst_node[i];
  // flows: job rate / server link (rounded up), within the configured bounds: no NIC is the bottleneck of an
  // otherwise idle network
  const double link = std::max(1.0, sc.network.server_link_Bps);
  int F = static_cast<int>(std::ceil(read_B / std::max(T0, 1e-9) / link));
  F = std::clamp(F, cs.flows_per_job, cs.max_flows_per_job);
  F = std::min<int>(F, static_cast<int>(sel.size()));
  for (auto& b : batch_of) b = static_cast<int>(mix64(b) % F);
  std::vector<int> src_host(F, -1), dst_host(F, -1);
  bytes.assign(F, 0.0);
  for (size_t i = 0; i < sel.size(); ++i) {
    const int b = batch_of[i];
    const Pool& p = pools[pool_of_slot(sel[i])];
    if (src_host[b] < 0) src_host[b] = static_cast<int>(nodes[src_node[i]].server);
    if (dst_host[b] < 0) dst_host[b] = static_cast<int>(nodes[dst_node[i]].server);
    bytes[b] += p.k * p.unit_B;
  }
  launch(j, batch_of, src_host, dst_host, bytes, T0, Flow::Rebuild);
}

// Starts one flow per non-empty batch at rate bytes / T0 (so the job lasts T0 on an idle network).
void StorageSystem::Impl::launch(int j, std::vector<int>& batch_of, const std::vector<int>& src_host,
                                 const std::vector<int>& dst_host, const std::vector<double>& bytes, double T0,
                                 Flow::Kind kind) {
  Job& job = jobs[j];
  const int F = static_cast<int>(bytes.size());
  std::vector<int> fid(F, -1);
  for (int b = 0; b < F; ++b) {
    if (!(bytes[b] > 0)) continue;
    long src = src_host[b], dst = dst_host[b];
    if (src == dst) dst = (dst + 1) % L.servers();
    fid[b] = start_flow(kind, j, src, dst, bytes[b], bytes[b] / std::max(T0, 1e-9));
    ++job.flows_left;
  }
  for (size_t i = 0; i < batch_of.size(); ++i) {
    const int f = fid[batch_of[i]];
    const auto item = job.items[i];
    flows[f].slots.push_back(item);
    if (kind == Flow::Move) flows[f].targets.push_back(job.targets[i]);
    else inflight[item.first].flow = f;
    ++flows[f].live;
  }
  job.items.clear();
  job.items.shrink_to_fit();
  job.targets.clear();
  job.targets.shrink_to_fit();
}

int StorageSystem::Impl::start_flow(Flow::Kind kind, int id, long src, long dst, double bytes, double rate) {
  int f;
  if (!free_flows.empty()) {
    f = free_flows.back();
    free_flows.pop_back();
    // A fresh record that keeps the gen counter and its lists' capacity (no reallocation as they refill).
    Flow fresh;
    fresh.gen = flows[f].gen;
    fresh.slots.swap(flows[f].slots);
    fresh.targets.swap(flows[f].targets);
    flows[f] = std::move(fresh);
  } else {
    f = static_cast<int>(flows.size());
    flows.emplace_back();
  }
  Flow& fl = flows[f];
  fl.kind = kind;
  fl.id = id;
  fl.bytes = bytes;
  fl.started = now();
  fl.min_end = rate > 0 && std::isfinite(rate) ? fl.started + bytes / rate : fl.started;
  fl.pos = static_cast<int>(comms.size());
  if (src == dst) dst = (dst + 1) % L.servers();
  // Rate and size before the hosts: SimGrid 3.32 starts a one-sided comm once both ends are set.
  auto comm = sg4::Comm::sendto_init();
  if (rate > 0 && std::isfinite(rate)) comm->set_rate(rate);  // (ignored by 3.32 for sendto: see comm_done)
  comm->set_payload_size(static_cast<std::uint64_t>(std::max(1.0, std::round(bytes))));
  comm->set_source(sim.platform().hosts[src]);
  comm->set_destination(sim.platform().hosts[dst]);  // starts it
  comms.push_back(comm);
  ++flows_started;
  max_flows = std::max<long>(max_flows, static_cast<long>(comms.size()));
  comm_flow.push_back(f);
  return f;
}

int StorageSystem::Impl::remove_comm(int pos) {
  const int f = comm_flow[pos];
  const int last = static_cast<int>(comms.size()) - 1;
  if (pos != last) {
    comms[pos] = comms[last];
    comm_flow[pos] = comm_flow[last];
    flows[comm_flow[pos]].pos = pos;
  }
  comms.pop_back();
  comm_flow.pop_back();
  flows[f].pos = -1;
  return f;
}

// The network part of a flow is done. SimGrid 3.32 ignores Comm::set_rate on one-sided (sendto) comms, so the
// rate cap is applied here: the flow completes at max(network completion, start + bytes / rate).
void StorageSystem::Impl::comm_done(int pos) {
  const int f = remove_comm(pos);
  if (now() < flows[f].min_end - 1e-9) {
    flows[f].waiting = true;
    push(flows[f].min_end, Ev::FlowEnd, Comp::Server, f, flows[f].gen);
  } else {
    flow_done(f, false);
  }
}

void StorageSystem::Impl::flow_done(int f, bool cancelled) {
  flows[f].waiting = false;
  ++flows[f].gen;
  const auto kind = flows[f].kind;
  const int id = flows[f].id;
  const double bytes = flows[f].bytes, dur = now() - flows[f].started;
  if (kind == Flow::Rebuild && !cancelled) {
    int retry = -1;
    prefetch_flow_slots(flows[f]);
    for (auto [s, ep] : flows[f].slots) {
      if (slots[s].epoch != ep) continue;
      if (slots[s].state == kRebuilding) {
        inflight[s].flow = -1;
        slot_ok(s);
      } else if (slots[s].state == kMoving) {
        const int dest = inflight[s].dest;
        inflight[s].flow = -1;
        if (disk_up[dest] && !node_hot[node_of_disk(dest)].down) {
          const Pool& p = pools[pool_of_slot(s)];
          unindex_slot(s);
          index_slot(s, dest);
          slots[s].state = kOk;
          ++slots[s].epoch;
          add_unavail(p, pg_of_slot(s, p), -1);
        } else {  // the destination went away meanwhile: copy again
          slots[s].state = kDown;
          if (retry < 0) retry = new_job(jobs[id].cluster, "node-timeout", now());
          jobs[retry].items.push_back({s, ++slots[s].epoch});
        }
      }
    }
  } else if (kind == Flow::Move) {
    const Flow& fl = flows[f];
    for (size_t i = 0; i < fl.slots.size(); ++i) {
      auto [s, ep] = fl.slots[i];
      const int d = fl.targets[i];
      if (slots[s].epoch != ep || slots[s].state != kOk || !disk_up[d] || node_hot[node_of_disk(d)].down) continue;
      unindex_slot(s);
      index_slot(s, d);
      ++slots[s].epoch;
    }
  }
  // Free the record before anything below can start new flows (which may reuse or reallocate it). Its lists
  // keep their capacity for the next flow unless they were unusually large (a rack's or an expansion's job).
  constexpr std::size_t kKeep = 4096;
  flows[f].slots.clear();
  flows[f].targets.clear();
  if (flows[f].slots.capacity() > kKeep) flows[f].slots.shrink_to_fit();
  if (flows[f].targets.capacity() > kKeep) flows[f].targets.shrink_to_fit();
  free_flows.push_back(f);
  switch (kind) {
    case Flow::Rebuild:
    case Flow::Move: job_flow_done(id); break;
    case Flow::Access: {
      Cluster& c = clusters[id];
      ++c.access_flows;
      c.access_B += bytes;
      c.access_slowdown.add(dur / c.spec.access_interval_s);
      if (dur > 1.05 * c.spec.access_interval_s) ++c.access_late;
      break;
    }
    case Flow::Migration: {
      Migration& mg = migrations[id];
      mg.done_B += bytes;
      --mg.active;
      settle_migration(id);  // the PGs these bytes complete (all of them with the last chunk)
      const double frac = mg.done_B / mg.total_B;
      if (mg.progress.empty() || frac - mg.progress.back()[1].get<double>() >= 0.005 || mg.done_B >= mg.total_B - 0.5)
        mg.progress.push_back({now(), frac});
      if (mg.assigned_B < mg.total_B - 0.5) {
        push(now() + (mg.wan >= 0 ? sc.storage.wan_links[mg.wan].latency_s : 0.0), Ev::ChunkStart, Comp::Server, id);
        ++mg.active;
      } else if (mg.active == 0) {
        mg.ended = now();
        if (mg.wan >= 0) wan_streams[mg.wan] -= mg.spec.streams;
      }
      break;
    }
  }
}

void StorageSystem::Impl::job_flow_done(int j) {
  if (--jobs[j].flows_left == 0) finish_job(j);
}

void StorageSystem::Impl::finish_job(int j) {
  Job& job = jobs[j];
  Cluster& c = clusters[job.cluster];
  job.ended = now();
  c.recovery_Bps = std::max(0.0, c.recovery_Bps - job.disk_Bps);
  const double dur = job.ended - job.started;
  if (job.move) {
    move_net_B += job.net_B;
    if (--c.pending_move_jobs == 0 && job.expansion >= 0) {
      auto& x = c.expansions[job.expansion];
      x["moves_completed_s"] = now();
      x["move_duration_s"] = dur;
      x["max_deviation_actual_after"] = node_deviation(c);
    }
  } else {
    --c.running;
    ++jobs_done;
    job_s.add(dur);
    if (std::string_view(job.cause) == "disk") disk_job_s.add(dur);
    else node_job_s.add(dur);
  }
  if (job_detail.size() < 100)
    job_detail.push_back({{"cause", job.cause}, {"move", job.move}, {"slots", job.slots}, {"read_B", job.read_B},
                          {"written_B", job.write_B}, {"sources", job.sources}, {"destinations", job.dests},
                          {"parallel_sources", job.predicted_s > 0 ? job.read_B / (c.spec.recovery_rate_Bps * job.predicted_s) : 0.0},
                          {"predicted_s", job.predicted_s}, {"started_s", job.started}, {"duration_s", dur}});
  // (the event loop starts queued jobs after every event)
  if (!job.move && !c.deferred.empty() && !job.retry && job.slots > 0) {
    const int cluster = job.cluster;
    const int r = new_job(cluster, "deferred", now());  // may reallocate jobs: `job` is not used below
    jobs[r].items.swap(clusters[cluster].deferred);
    jobs[r].retry = true;
  }
}

// ==================================================================== expansion, access, migration

double StorageSystem::Impl::node_deviation(const Cluster& c) const {
  double used = 0, cap = 0;
  for (int n : c.joined) used += node_hot[n].used_B, cap += nodes[n].cap_B;
  const double mean = cap > 0 ? used / cap : 0;
  double dev = 0;
  for (int n : c.joined) dev = std::max(dev, std::abs(node_hot[n].used_B / nodes[n].cap_B - mean));
  return dev;
}

void StorageSystem::Impl::expand(int ci, int idx) {
  Cluster& c = clusters[ci];
  const auto& x = c.spec.expansions[idx];
  const double W0 = c.h.weight(c.h.root());
  const double dev_before = node_deviation(c);
  for (long i = 0; i < x.nodes && c.next_join < static_cast<int>(c.nodes.size()); ++i)
    join_node(c, c.nodes[c.next_join++]);
  const double dW = c.h.weight(c.h.root()) - W0;
  json xj = {{"at_s", now()}, {"nodes_added", x.nodes}, {"weight_before", W0}, {"weight_added", dW},
             {"ideal_moved_fraction", storage::ideal_moved_fraction(W0, dW)},
             {"max_deviation_before", dev_before}};
  json pj = json::array();
  Job job;
  job.cluster = ci;
  job.move = true;
  job.expansion = idx;
  job.cause = "expansion";
  job.created = now();
  double moved_B = 0, stored_B = 0;
  for (int pi : c.pools) {
    Pool& p = pools[pi];
    storage::PgMap next = storage::map_pgs(c.h, static_cast<int>(p.pgs), p.rule);
    const auto st = storage::diff(p.map, next);
    storage::BalancerConfig bc;
    bc.band = c.spec.balance_band;
    const auto bal = storage::balance(c.h, next, p.rule, p.unit_B, bc);
    long pool_moves = 0;
    for (long g = 0; g < p.pgs; ++g) {
      const std::uint32_t first = first_slot(p, p.pg_base + g);
      const auto target = next.pg(static_cast<int>(g));
      if (p.erasure) {
        for (int i = 0; i < p.width; ++i) {
          const std::uint32_t s = first + i;
          if (target[i] == storage::kNoItem || slots[s].state != kOk) continue;
          const int d = c.item_disk[target[i]];
          if (d == slots[s].disk) continue;
          job.items.push_back({s, slots[s].epoch});
          job.targets.push_back(d);
          ++pool_moves;
        }
      } else {
        int want[storage::kMaxPgWidth], nw = 0;
        for (int i = 0; i < p.width; ++i) {
          if (target[i] == storage::kNoItem) continue;
          const int d = c.item_disk[target[i]];
          bool held = false;
          for (int q = 0; q < p.width; ++q) held = held || slots[first + q].disk == d;
          if (!held) want[nw++] = d;
        }
        int w = 0;
        for (int i = 0; i < p.width && w < nw; ++i) {
          const std::uint32_t s = first + i;
          if (slots[s].state != kOk) continue;
          bool keep = false;
          for (int q = 0; q < p.width; ++q)
            keep = keep || (target[q] != storage::kNoItem && c.item_disk[target[q]] == slots[s].disk);
          if (keep) continue;
          job.items.push_back({s, slots[s].epoch});
          job.targets.push_back(want[w++]);
          ++pool_moves;
        }
      }
    }
    moved_B += pool_moves * p.unit_B;
    stored_B += static_cast<double>(p.present) * p.width * p.unit_B;
    pj.push_back({{"pool", p.name}, {"straw2_moved_fraction", st.fraction}, {"straw2_moved_slots", st.moved},
                  {"balancer_moves", static_cast<long>(bal.moves.size())}, {"balancer_bytes", bal.bytes_moved},
                  {"balancer_deviation_before", bal.max_deviation_before},
                  {"balancer_deviation_after", bal.max_deviation_after}, {"balancer_within_band", bal.within_band},
                  {"slots_to_move", pool_moves}});
    p.map = std::move(next);
  }
  xj["pools"] = pj;
  xj["bytes_to_move"] = moved_B;
  xj["moved_fraction"] = stored_B > 0 ? moved_B / stored_B : 0.0;
  c.expansions.push_back(xj);
  jobs.push_back(std::move(job));
  const int j = static_cast<int>(jobs.size()) - 1;
  if (jobs[j].items.empty()) {
    c.expansions.back()["moves_completed_s"] = now();
    c.expansions.back()["max_deviation_actual_after"] = node_deviation(c);
    return;
  }
  start_move_job(j);
}

void StorageSystem::Impl::start_move_job(int j) {
  Job& job = jobs[j];
  Cluster& c = clusters[job.cluster];
  src_disks.clear();
  dst_disks.clear();
  int S = 0, D = 0;
  double B = 0;
  const size_t n = job.items.size();
  std::vector<int> batch_of(n);
  for (size_t i = 0; i < n; ++i) {
    const std::uint32_t s = job.items[i].first;
    const int src = slots[s].disk, dst = job.targets[i];
    S += src_disks.insert(src);
    D += dst_disks.insert(dst);
    B += pools[pool_of_slot(s)].unit_B;
  }
  job.started = now();
  job.slots = static_cast<long>(n);
  job.sources = S;
  job.dests = D;
  job.read_B = job.write_B = job.net_B = B;
  job.predicted_s = B / (c.spec.recovery_rate_Bps * std::max(1, std::min(S, D)));
  job.disk_Bps = 2 * B / job.predicted_s;
  c.recovery_Bps += job.disk_Bps;
  ++c.pending_move_jobs;
  const double link = std::max(1.0, sc.network.server_link_Bps);
  // Moves of an expansion converge on few new nodes: half a link per flow, so destination NICs keep headroom.
  // One flow per destination node where the flow budget allows (a shared representative host would carry
  // several nodes' bytes through one NIC).
  std::unordered_map<int, int> dest_batch;
  for (size_t i = 0; i < n; ++i) dest_batch.emplace(node_of_disk(job.targets[i]), static_cast<int>(dest_batch.size()));
  int F = static_cast<int>(std::ceil(2 * B / job.predicted_s / link));
  F = std::max<int>(F, static_cast<int>(dest_batch.size()));
  F = std::clamp(F, c.spec.flows_per_job, c.spec.max_flows_per_job);
  F = std::min<int>(F, static_cast<int>(n));
  std::vector<int> src_host(F, -1), dst_host(F, -1);
  std::vector<double> bytes(F, 0.0);
  for (size_t i = 0; i < n; ++i) {
    const std::uint32_t s = job.items[i].first;
    const int b = dest_batch[node_of_disk(job.targets[i])] % F;
    batch_of[i] = b;
    if (src_host[b] < 0) src_host[b] = static_cast<int>(nodes[node_of_disk(slots[s].disk)].server);
    if (dst_host[b] < 0) dst_host[b] = static_cast<int>(nodes[node_of_disk(job.targets[i])].server);
    bytes[b] += pools[pool_of_slot(s)].unit_B;
  }
  launch(j, batch_of, src_host, dst_host, bytes, job.predicted_s, Flow::Move);
}

void StorageSystem::Impl::access_tick(int ci) {
  Cluster& c = clusters[ci];
  const double I = c.spec.access_interval_s;
  const auto& J = c.joined;
  auto storage_host = [&]() { return nodes[J[rng_access() % J.size()]].server; };
  auto client_host = [&]() { return clients.empty() ? storage_host() : clients[rng_access() % clients.size()]; };
  const int F = c.spec.access_flows;
  for (const auto& a : c.spec.access) {
    const Pool& p = pools[c.pools[0]];
    const Pool* pp = &p;
    for (int pi : c.pools)
      if (pools[pi].name == a.pool) pp = &pools[pi];
    const double reads = a.rate_per_s * I * a.read_fraction * a.size_B;
    const double writes = a.rate_per_s * I * (1 - a.read_fraction) * a.size_B;
    const double fanout = writes * (pp->width - 1) / pp->k;
    for (int f = 0; f < F; ++f) {
      if (reads > 0) start_flow(Flow::Access, ci, storage_host(), client_host(), reads / F, reads / F / I);
      if (writes > 0) start_flow(Flow::Access, ci, client_host(), storage_host(), writes / F, writes / F / I);
      if (fanout > 0) {
        long a1 = storage_host(), b1 = storage_host();
        if (a1 == b1) b1 = storage_host();
        if (a1 != b1) start_flow(Flow::Access, ci, a1, b1, fanout / F, fanout / F / I);
      }
    }
  }
  if (now() + I < end_s) push(now() + I, Ev::AccessTick, Comp::Server, ci);
}

void StorageSystem::Impl::chunk_start(int mi) {
  Migration& mg = migrations[mi];
  const double bytes = std::min(mg.spec.chunk_B, mg.total_B - mg.assigned_B);
  if (!(bytes > 0)) {
    --mg.active;
    return;
  }
  mg.assigned_B += bytes;
  double rate = mg.spec.bandwidth_cap_Bps > 0 ? mg.spec.bandwidth_cap_Bps / mg.spec.streams : kInf;
  if (mg.wan >= 0)
    rate = std::min(rate, sc.storage.wan_links[mg.wan].bandwidth_Bps / std::max(1, wan_streams[mg.wan]));
  const auto& A = clusters[mg.from].joined;
  const auto& B = clusters[mg.to].joined;
  const long src = nodes[A[rng_access() % A.size()]].server, dst = nodes[B[rng_access() % B.size()]].server;
  start_flow(Flow::Migration, mi, src, dst, bytes, rate);
}

// Migrations and the pools their PGs form at the destination. One leg per moved pool: its first
// round(fraction x pgs) PGs move, as PGs 0.. of a new pool of the destination cluster with the same redundancy,
// PG size and failure domain, placed there by straw2 (mapped now, written as they arrive). Bytes moved = those
// PGs' user bytes.
void StorageSystem::Impl::add_migration_pools(std::int64_t& pg_base, std::int64_t& slot_base) {
  for (const auto& ms : sc.storage.migrations) {
    Migration mg;
    mg.spec = ms;
    for (size_t c = 0; c < clusters.size(); ++c) {
      if (clusters[c].spec.name == ms.from) mg.from = static_cast<int>(c);
      if (clusters[c].spec.name == ms.to) mg.to = static_cast<int>(c);
    }
    const std::vector<int> sources = clusters[mg.from].pools;  // (copy: pools may grow below)
    for (int pi : sources) {
      if (!ms.pool.empty() && pools[pi].name != ms.pool) continue;
      const long n = std::lround(ms.fraction * static_cast<double>(pools[pi].pgs));
      if (n == 0) continue;
      Pool q = pools[pi];  // same redundancy, rule, PG size
      q.name = ms.to_pool.empty() ? pools[pi].name : ms.to_pool;
      q.cluster = mg.to;
      q.rule.seed = pools.size() + 1;
      q.pgs = n;
      q.present = 0;
      q.migration = ms.name;
      q.membership_changed = true;
      q.map = storage::PgMap{};
      q.pg_base = pg_base;
      slot_base = (slot_base + 3) / 4 * 4;
      q.slot_base = slot_base;
      pg_base += n;
      slot_base += static_cast<std::int64_t>(n) * q.stride;
      if (slot_base > std::numeric_limits<std::int32_t>::max())
        throw_file_error(sc.file, 0, "storage: more than 2^31 PG slots in all pools; use fewer PGs");
      mg.legs.push_back({pi, static_cast<int>(pools.size()), n});
      mg.total_B += pools[pi].pg_user_B * n;
      pools[pi].membership_changed = true;
      clusters[mg.to].pools.push_back(static_cast<int>(pools.size()));
      pools.push_back(std::move(q));
    }
    const auto& sa = clusters[mg.from].spec.site;
    const auto& sb = clusters[mg.to].spec.site;
    for (size_t w = 0; w < sc.storage.wan_links.size(); ++w) {
      const auto& l = sc.storage.wan_links[w];
      if ((l.a == sa && l.b == sb) || (l.a == sb && l.b == sa)) mg.wan = static_cast<int>(w);
    }
    migrations.push_back(std::move(mg));
  }
}

// PG-time of a pool whose membership changes (for its MTTDL figures): accumulated up to now.
void StorageSystem::Impl::mark_presence(Pool& p) {
  p.pg_s += static_cast<double>(p.present) * (now() - p.pg_s_mark);
  p.pg_s_mark = now();
}

// Settles the PGs whose bytes the migration has copied so far (all of them once the copy is complete): each is
// written at the destination and released at the source, or, if the destination cannot take it, stays at the
// source and is counted as failed. The bytes are conserved either way (check_invariants).
void StorageSystem::Impl::settle_migration(int mi) {
  Migration& mg = migrations[mi];
  const bool complete = mg.done_B >= mg.total_B - 0.5;
  while (mg.leg < mg.legs.size()) {
    auto& l = mg.legs[mg.leg];
    if (l.settled == l.pgs) {
      ++mg.leg;
      continue;
    }
    Pool& src = pools[l.src];
    Pool& dst = pools[l.dst];
    if (!complete && mg.settled_B + src.pg_user_B > mg.done_B + 0.5) break;
    const long g = l.settled++;
    mg.settled_B += src.pg_user_B;
    mark_presence(src);
    mark_presence(dst);
    if (!place_arrival(dst, dst.pg_base + g)) {
      ++l.failed;
      mg.failed_B += src.pg_user_B;
      continue;
    }
    release_pg(src, src.pg_base + g);
    ++l.placed;
    mg.placed_B += src.pg_user_B;
    clusters[src.cluster].stored_user_B -= src.pg_user_B;
    clusters[dst.cluster].stored_user_B += dst.pg_user_B;
  }
}

// Writes an arriving PG at the destination: each unit on its straw2 disk or, if that disk or its node is down at
// that moment, on a disk chosen as for a rebuild (choose_dest: an up node in a free failure domain). A unit that
// finds no disk is created lost and rebuilt from the others; with fewer than k units written the PG cannot land
// (returns false, nothing written).
bool StorageSystem::Impl::place_arrival(Pool& p, std::int64_t pg) {
  const Cluster& c = clusters[p.cluster];
  const std::uint32_t first = first_slot(p, pg);
  const int g = static_cast<int>(pg - p.pg_base);
  bool fallback = false;
  for (int i = 0; i < p.width; ++i) {  // straw2 targets first: choose_dest must see them as taken
    const int d = c.item_disk[p.map.at(g, i)];
    const bool usable = disk_up[d] && !node_hot[node_of_disk(d)].down;
    slots[first + i].disk = usable ? d : -1;
    fallback = fallback || !usable;
  }
  if (fallback)
    for (int i = 0; i < p.width; ++i)
      if (slots[first + i].disk < 0) slots[first + i].disk = choose_dest(pg, first + i);
  int written = 0;
  for (int i = 0; i < p.width; ++i) written += slots[first + i].disk >= 0;
  if (written < p.k) {
    for (int i = 0; i < p.width; ++i) slots[first + i].disk = -1;
    return false;
  }
  int job = -1;
  for (int i = 0; i < p.width; ++i) {
    const std::uint32_t s = first + i;
    const int d = slots[s].disk;
    slots[s].disk = -1;
    ++slots[s].epoch;
    if (d >= 0) {
      index_slot(s, d);
      slots[s].state = kOk;
      continue;
    }
    slots[s].state = kLost;
    ++head(p, pg).pg_lost;
    add_unavail(p, pg, +1);
    ++lost_pending;
    slot_lost_at[s] = static_cast<float>(now());
    if (job < 0) job = new_job(p.cluster, "migration", now());
    jobs[job].items.push_back({s, slots[s].epoch});
  }
  ++p.present;
  ++p.migrated_in;
  return true;
}

// The source side of a migrated PG: its units leave their disks (copies and rebuilds in flight are dropped: their
// job entries go stale) and it no longer counts for availability or durability here.
void StorageSystem::Impl::release_pg(Pool& p, std::int64_t pg) {
  const std::uint32_t first = first_slot(p, pg);
  add_unavail(p, pg, -slots[first].pg_unavail);
  slots[first].pg_lost = 0;
  for (int i = 0; i < p.width; ++i) {
    const std::uint32_t s = first + i;
    const auto st = slots[s].state;
    if (st == kRebuilding || st == kMoving) abort_flow_slot(s);
    if (st == kLost) --lost_pending;
    unindex_slot(s);
    slots[s].state = kAbsent;
    ++slots[s].epoch;
  }
  --p.present;
  ++p.migrated_out;
}

// ==================================================================== loop

void StorageSystem::Impl::integrate(double t) {
  const double dt = t - t_int;
  if (dt <= 0) return;
  unavail_pg_s += unavailable_pgs * dt;
  degraded_pg_s += degraded_pgs * dt;
  disk_J += disk_W * dt;
  nodes_J += nodes_W * dt;
  servers_down_s += servers_down * dt;
  // Error rate per 5-minute window = mean fraction of PGs unavailable in it.
  const double frac = unavailable_pgs / static_cast<double>(std::max<std::int64_t>(1, present_pgs));
  const double W = failure::kSlaWindow_s;
  double a = t_int;
  while (a < t) {
    const double wend = (win + 1) * W;
    const double b = std::min(t, wend);
    win_err += frac * (b - a);
    if (t >= wend) {
      if (win_err > 0) ++bad_windows, err_sum += win_err / W;
      win_err = 0;
      ++win;
      a = wend;
      if (frac == 0 && t > wend) {
        win = static_cast<long>(std::floor(t / W));
        a = win * W;
      }
    } else {
      a = t;
    }
  }
  t_int = t;
}

void StorageSystem::Impl::sync_power() {
  double w = 0;
  for (const auto& c : clusters) {
    const double busy = std::min<double>(c.active_disks, c.access_units + c.recovery_Bps / c.spec.disk_bandwidth_Bps);
    w += c.active_disks * c.spec.disk_idle_W + (c.spec.disk_active_W - c.spec.disk_idle_W) * busy;
  }
  if (w != disk_W) {
    sim.before_change();
    disk_W = w;
    sim.after_change();
  }
}

void StorageSystem::Impl::handle(const Event& e) {
  switch (e.type) {
    case Ev::Fail: {
      const bool storage_node = (e.gen & 1) != 0;
      fail(e.comp, e.id, storage_node);
      break;
    }
    case Ev::Inject: {
      const auto& x = sc.failures.inject[e.id];
      const double rep = x.repair_after_s;
      if (x.component == "disk") fail(Comp::Disk, x.id, false, rep);
      else if (x.component == "server") fail(Comp::Server, x.id, server_node[x.id] >= 0, rep);
      else if (x.component == "storage_node") fail(Comp::Server, nodes[x.id].server, true, rep);
      else if (x.component == "rack") fail(Comp::Rack, x.id, false, rep);
      else if (x.component == "pdu") fail(Comp::Pdu, x.id, false, rep);
      else fail(Comp::Switch, x.id, false, rep);
      break;
    }
    case Ev::Repair: {
      const bool storage_node = (e.gen & 1) != 0;
      const int pi = storage_node ? 5 : static_cast<int>(e.comp);
      switch (e.comp) {
        case Comp::Server: server_set(e.id, false); break;
        case Comp::Disk: {
          const int d = static_cast<int>(e.id);
          disk_up[d] = 1;  // replaced: empty
          const int n = node_of_disk(d);
          if (nodes[n].joined && !node_hot[n].down) ++clusters[nodes[n].cluster].active_disks;
          break;
        }
        case Comp::Rack:
        case Comp::Switch:
          for (long s = L.rack_first_server[e.id]; s < L.rack_first_server[e.id] + L.rack_server_count[e.id]; ++s)
            server_set(s, false);
          break;
        case Comp::Pdu:
          for (long r = e.id * sc.failures.racks_per_pdu;
               r < std::min<long>(L.racks(), (e.id + 1) * sc.failures.racks_per_pdu); ++r)
            for (long s = L.rack_first_server[r]; s < L.rack_first_server[r] + L.rack_server_count[r]; ++s)
              server_set(s, false);
          break;
      }
      if ((e.gen & 2) == 0) push(now() + proc[pi].ttf.sample(rng_fail), Ev::Fail, e.comp, e.id, e.gen & 1);
      break;
    }
    case Ev::NodeTimeout:
    case Ev::NodeLost: {
      const Node& nd = nodes[e.id];
      if (nd.gen == e.gen && node_hot[e.id].down) {
        if (e.type == Ev::NodeLost) node_data_lost(static_cast<int>(e.id), "node-permanent");
        else node_timeout(static_cast<int>(e.id));
      }
      break;
    }
    case Ev::JobReady: {
      const int c = jobs[e.id].cluster;
      clusters[c].ready.push_back(static_cast<int>(e.id));
      try_start(c);
      break;
    }
    case Ev::Expand: expand(static_cast<int>(e.id), static_cast<int>(e.gen)); break;
    case Ev::AccessTick: access_tick(static_cast<int>(e.id)); break;
    case Ev::MigStart: {
      Migration& mg = migrations[e.id];
      mg.started = now();
      if (mg.wan >= 0) wan_streams[mg.wan] += mg.spec.streams;
      const double lat = mg.wan >= 0 ? sc.storage.wan_links[mg.wan].latency_s : 0.0;
      const long chunks = static_cast<long>(std::ceil(mg.total_B / mg.spec.chunk_B));
      for (long i = 0; i < std::min<long>(chunks, mg.spec.streams); ++i) {
        ++mg.active;
        push(now() + lat, Ev::ChunkStart, Comp::Server, e.id);
      }
      if (chunks == 0) mg.ended = now();
      break;
    }
    case Ev::ChunkStart: chunk_start(static_cast<int>(e.id)); break;
    case Ev::FlowEnd:
      if (flows[e.id].gen == e.gen && flows[e.id].waiting) flow_done(static_cast<int>(e.id), false);
      break;
    case Ev::Sample:
      series_t.push_back(now());
      series_deg.push_back(degraded_pgs);
      series_unavail.push_back(unavailable_pgs);
      series_lost.push_back(lost_pending);
      if (now() + sample_dt <= end_s) push(now() + sample_dt, Ev::Sample);
      break;
  }
}

void StorageSystem::Impl::loop() {
  try {
    while (true) {
      ++iterations;
      const double t_now = now();
      const double next = queue.empty() ? end_s : std::min(queue.top().t, end_s);
      if (!comms.empty()) {
        ssize_t i = -1;
        if (next > t_now) {
          try {
            i = sg4::Comm::wait_any_for(comms, next - t_now);
          } catch (const simgrid::TimeoutException&) {
            i = -1;
          }
        } else {
          i = sg4::Comm::test_any(comms);
        }
        if (i >= 0) {
          integrate(now());
          comm_done(static_cast<int>(i));
          for (size_t c = 0; c < clusters.size(); ++c) try_start(static_cast<int>(c));
          sync_power();
          continue;
        }
      } else if (next > t_now) {
        sg4::this_actor::sleep_until(next);
      }
      const double t = now();
      integrate(std::min(t, end_s));
      if (t >= end_s) break;
      bool any = false;
      while (!queue.empty() && queue.top().t <= t) {
        const Event e = queue.top();
        queue.pop();
        handle(e);
        any = true;
      }
      if (any) {
        for (size_t c = 0; c < clusters.size(); ++c) try_start(static_cast<int>(c));
        sync_power();
      }
    }
    for (auto& c : comms) c->cancel();
  } catch (simgrid::ForcefulKillException&) {
    throw;  // killed by the engine (another actor failed): must propagate
  } catch (...) {
    error = std::current_exception();
  }
}

// ==================================================================== summary

json StorageSystem::Impl::pool_summary(const Pool& p) const {
  const auto& F = sc.failures;
  const Cluster& c = clusters[p.cluster];
  // Analytic MTTDL: each PG a birth-death chain of `width` units tolerating m losses (models/failure/markov).
  // Unit failure rate = rate at which a unit's data is DESTROYED: disk failures + permanent storage-node
  // failures. Outages (nodes, racks, PDUs, switches) make units unavailable and trigger re-replication but
  // destroy nothing, so they count for availability, not for durability.
  double lambda = 0;
  if (F.enabled) {
    if (proc[1].on) lambda += 1.0 / proc[1].ttf.mean();
    if (proc[5].on) lambda += proc[5].permanent / proc[5].ttf.mean();
  }
  // Repair rate mu: one crew's service time. With serial repair (max_jobs 1) that is a job's duration plus the
  // detection delay (the measured lost -> rebuilt time would include queueing, which the chain models itself);
  // otherwise the measured mean time from a slot's loss to its rebuild.
  const bool serial = c.spec.max_jobs == 1;
  // A given rebuild-time distribution is used as is (jobs cut short by a data loss would bias a measured mean).
  const double repair_s = c.spec.rebuild_time_given ? c.spec.rebuild_time.mean_s + F.detection_delay_s
                          : serial ? (job_s.n > 0 ? job_s.mean() + F.detection_delay_s : 0.0)
                                   : (p.repair_s.n > 0 ? p.repair_s.mean() : 0.0);
  json j = {{"name", p.name}, {"redundancy", p.erasure ? "erasure" : "replicated"}, {"width", p.width},
            {"data_units", p.k}, {"tolerated_losses", p.m}, {"failure_domain", storage::level_name(p.level)},
            {"pgs", p.present}, {"user_B", p.pg_user_B * p.present}, {"raw_B", p.unit_B * p.width * p.present},
            {"raw_overhead", static_cast<double>(p.width) / p.k}, {"data_loss_events", p.loss_events},
            {"data_lost_B", p.lost_B}, {"rebuilt_slots", p.rebuilt_slots}, {"rebuild_network_B", p.rebuild_net_B},
            {"mean_slot_repair_s", repair_s}, {"unit_failure_rate_per_h", lambda * 3600}};
  // PGs in the pool over the run: those of a pool that a migration changed count for the time they were in it.
  double mean_pgs = static_cast<double>(p.pgs);
  if (p.membership_changed) {
    mean_pgs = end_s > 0 ? (p.pg_s + static_cast<double>(p.present) * (end_s - p.pg_s_mark)) / end_s : 0.0;
    j["pgs_initial"] = p.migration.empty() ? p.pgs : 0L;
    j["pgs_migrated_out"] = p.migrated_out;
    j["pgs_migrated_in"] = p.migrated_in;
    j["mean_pgs"] = mean_pgs;
    if (!p.migration.empty()) j["created_by_migration"] = p.migration;
  }
  if (lambda > 0 && repair_s > 0 && mean_pgs > 0) {
    const int crews = serial ? 1 : p.width;
    j["repair_time_for_mttdl_s"] = repair_s;
    failure::RedundancyChain ch{p.width, p.m, lambda, 1.0 / repair_s, crews};
    const double pg_mttdl = failure::mttdl_exact(ch);
    const double pool_mttdl = pg_mttdl / mean_pgs;
    j["mttdl_pg_h"] = pg_mttdl / 3600;
    j["mttdl_pool_h"] = pool_mttdl / 3600;
    j["expected_loss_events"] = end_s / pool_mttdl;
    j["mttdl_model"] = crews == 1 ? "serial repair" : "parallel repair";
  }
  if (p.loss_events > 0) j["simulated_mttdl_h"] = end_s / p.loss_events / 3600;
  return j;
}

// ==================================================================== public

StorageSystem::StorageSystem(Simulation& sim) : impl_(std::make_unique<Impl>(sim)) { impl_->build(); }
StorageSystem::~StorageSystem() = default;

void StorageSystem::start(Simulation& sim) {
  auto& I = *impl_;
  const double t = sim.now();
  I.t_int = t;
  const auto& F = I.sc.failures;
  if (F.enabled)
    for (size_t i = 0; i < F.inject.size(); ++i) I.push(F.inject[i].at_s, Ev::Inject, Comp::Server, static_cast<long>(i));
  if (F.enabled) {
    for (long s = 0; s < I.L.servers(); ++s) {
      const bool node = I.server_node[s] >= 0;
      const auto& pr = I.proc[node ? 5 : 0];
      if (pr.on) I.push(t + pr.ttf.sample(I.rng_fail), Ev::Fail, Comp::Server, s, node ? 1u : 0u);
    }
    if (I.proc[1].on)
      for (size_t d = 0; d < I.disk_up.size(); ++d)
        I.push(t + I.proc[1].ttf.sample(I.rng_fail), Ev::Fail, Comp::Disk, static_cast<long>(d));
    for (long r = 0; r < I.L.racks(); ++r) {
      if (I.proc[2].on) I.push(t + I.proc[2].ttf.sample(I.rng_fail), Ev::Fail, Comp::Rack, r);
      if (I.proc[4].on) I.push(t + I.proc[4].ttf.sample(I.rng_fail), Ev::Fail, Comp::Switch, r);
    }
    if (I.proc[3].on)
      for (int p = 0; p < I.pdus; ++p) I.push(t + I.proc[3].ttf.sample(I.rng_fail), Ev::Fail, Comp::Pdu, p);
  }
  for (size_t c = 0; c < I.clusters.size(); ++c) {
    auto& cl = I.clusters[c];
    for (size_t x = 0; x < cl.spec.expansions.size(); ++x)
      I.push(cl.spec.expansions[x].at_s, Ev::Expand, Comp::Server, static_cast<long>(c), static_cast<std::uint32_t>(x));
    double units = 0;
    for (const auto& a : cl.spec.access) {
      const Impl::Pool* pp = &I.pools[cl.pools[0]];
      for (int pi : cl.pools)
        if (I.pools[pi].name == a.pool) pp = &I.pools[pi];
      const double iops = a.rate_per_s * (a.read_fraction * pp->k + (1 - a.read_fraction) * pp->width);
      const double bytes = a.rate_per_s * a.size_B *
                           (a.read_fraction + (1 - a.read_fraction) * static_cast<double>(pp->width) / pp->k);
      units += iops / cl.spec.disk_iops + bytes / cl.spec.disk_bandwidth_Bps;
    }
    cl.access_units = units;
    cl.access_saturated = units > cl.active_disks;
    if (!cl.spec.access.empty()) I.push(t, Ev::AccessTick, Comp::Server, static_cast<long>(c));
  }
  for (size_t m = 0; m < I.migrations.size(); ++m)
    I.push(I.migrations[m].spec.start_s, Ev::MigStart, Comp::Server, static_cast<long>(m));
  if (!I.pools.empty()) I.push(t, Ev::Sample);
  for (long n = 0; n < static_cast<long>(I.nodes.size()); ++n) I.nodes_W += sim.server_power_W(I.nodes[n].server);
  I.sync_power();
  // Not a daemon: the loop ends by itself at the end of the scenario.
  sg4::Actor::create("storage", sim.platform().hosts.front(), [&I] { I.loop(); });
}

double StorageSystem::power_W() const { return impl_->disk_W; }

void StorageSystem::check_invariants() const {
  const auto& I = *impl_;
  if (I.error) std::rethrow_exception(I.error);
  auto fail = [](const std::string& what) { throw std::logic_error("storage invariant violated: " + what); };
  long degraded = 0, unavailable = 0, lost = 0;
  std::vector<long> present(I.pools.size(), 0);
  std::vector<double> lost_raw(I.clusters.size(), 0.0);  // bytes of lost units: on no disk until rebuilt
  for (std::int64_t pg = 0; pg < I.total_pgs; ++pg) {
    const int pi = I.pool_of_pg(pg);
    const auto& p = I.pools[pi];
    int un = 0, ls = 0;
    const std::uint32_t first = I.first_slot(p, pg);
    if (I.slots[first].state == kAbsent) {  // migrated away, or not arrived: wholly absent, counted nowhere
      for (int i = 0; i < p.width; ++i)
        if (I.slots[first + i].state != kAbsent || I.slots[first + i].disk >= 0)
          fail("a PG partly absent, or an absent unit on a disk");
      if (I.slots[first].pg_unavail != 0 || I.slots[first].pg_lost != 0) fail("an absent PG with counters");
      continue;
    }
    ++present[pi];
    for (int i = 0; i < p.width; ++i) {
      const auto st = I.slots[first + i].state;
      un += st != kOk;
      ls += st == kLost || st == kRebuilding;
      lost += st == kLost;
      if (st == kLost) lost_raw[p.cluster] += p.unit_B;
      if (st == kAbsent) fail("a PG partly absent");
      if ((st == kLost) != (I.slots[first + i].disk < 0)) fail("a lost slot is on a disk, or a live slot on none");
    }
    if (un != I.slots[first].pg_unavail || ls != I.slots[first].pg_lost) fail("PG counters out of step with its slots");
    if (ls > p.m) fail("a PG lost more units than it tolerates without a data-loss event");
    degraded += un > 0;
    unavailable += un > p.m;
  }
  if (degraded != I.degraded_pgs || unavailable != I.unavailable_pgs) fail("degraded/unavailable PG counts");
  if (lost != I.lost_pending) fail("lost-slot count");
  // No byte silently lost: PGs are only moved (a migration settles each PG once, at the destination or, failed,
  // at the source), and every present unit's bytes are on a disk or waiting, lost, for a rebuild.
  long all_present = 0;
  for (size_t pi = 0; pi < I.pools.size(); ++pi) {
    if (present[pi] != I.pools[pi].present) fail("pool '" + I.pools[pi].name + "': present PG count");
    all_present += present[pi];
  }
  if (all_present != I.present_pgs) fail("PGs appeared or vanished");
  for (const auto& m : I.migrations) {
    long placed = 0, failed = 0;
    for (const auto& l : m.legs) {
      if (l.placed + l.failed != l.settled || l.settled > l.pgs) fail("migration '" + m.spec.name + "': PG counts");
      if (I.pools[l.dst].present != l.placed || I.pools[l.src].present != I.pools[l.src].pgs - l.placed)
        fail("migration '" + m.spec.name + "': PGs placed at the destination and released at the source differ");
      placed += l.placed, failed += l.failed;
    }
    if (m.settled_B > m.done_B * (1 + 1e-9) + 1)
      fail("migration '" + m.spec.name + "': PGs placed before their bytes were copied");
  }
  auto near = [](double a, double b) { return std::abs(a - b) <= 1e-6 * std::max({1.0, std::abs(a), std::abs(b)}); };
  for (size_t ci = 0; ci < I.clusters.size(); ++ci) {
    const auto& c = I.clusters[ci];
    double user = 0, raw = 0, on_disks = 0;
    for (int pi : c.pools) {
      user += I.pools[pi].pg_user_B * I.pools[pi].present;
      raw += I.pools[pi].unit_B * I.pools[pi].width * I.pools[pi].present;
    }
    for (int n : c.nodes) on_disks += I.node_hot[n].used_B;
    if (!near(user, c.stored_user_B)) fail("cluster '" + c.spec.name + "': user bytes out of step with its PGs");
    if (!near(raw, on_disks + lost_raw[ci])) fail("cluster '" + c.spec.name + "': raw bytes on disks + lost != PGs");
  }
}

json StorageSystem::summary() const {
  auto& I = *impl_;
  const double end = I.end_s;
  I.integrate(end);
  json j;
  json cl = json::array();
  double raw_cap = 0, raw_used = 0;
  for (const auto& c : I.clusters) {
    double cap = 0, used = 0;
    for (int n : c.joined) cap += I.nodes[n].cap_B, used += I.node_hot[n].used_B;
    raw_cap += cap;
    raw_used += used;
    json pools = json::array();
    double user = 0;  // (= stored_user_B, without the rounding of a migration's running sums)
    for (int pi : c.pools) {
      pools.push_back(I.pool_summary(I.pools[pi]));
      user += I.pools[pi].pg_user_B * I.pools[pi].present;
    }
    json cj = {{"name", c.spec.name}, {"site", c.spec.site}, {"nodes", static_cast<long>(c.nodes.size())},
               {"nodes_joined", static_cast<long>(c.joined.size())},
               {"disks", static_cast<long>(c.joined.size()) * c.spec.disks_per_node}, {"raw_capacity_B", cap},
               {"raw_used_B", used}, {"user_B", user}, {"max_node_deviation", I.node_deviation(c)},
               {"pools", pools}, {"expansions", c.expansions}, {"deferred_slots", static_cast<long>(c.deferred.size())}};
    if (!c.spec.access.empty())
      cj["access"] = {{"disk_busy_units", c.access_units}, {"saturated", c.access_saturated},
                      {"flows", c.access_flows}, {"late_flows", c.access_late}, {"bytes", c.access_B},
                      {"mean_slowdown", c.access_slowdown.mean()}};
    cl.push_back(cj);
  }
  j["clusters"] = cl;
  j["raw_capacity_B"] = raw_cap;
  j["raw_used_B"] = raw_used;
  const double pgs = static_cast<double>(std::max<std::int64_t>(1, I.present_pgs));
  j["durability"] = {{"data_loss_events", I.loss_events}, {"data_lost_B", I.lost_B},
                     {"note", "per pool: simulated count next to the analytic MTTDL (pools[].mttdl_pool_h, "
                              "expected_loss_events)"}};
  // Availability: PG-time and per-5-minute windows (error rate = fraction of PGs unavailable).
  const long windows = static_cast<long>(std::ceil(end / failure::kSlaWindow_s));
  double err = I.err_sum;
  long bad = I.bad_windows;
  if (I.win_err > 0) err += I.win_err / failure::kSlaWindow_s, ++bad;
  const double pg_avail = end > 0 ? 1.0 - I.unavail_pg_s / (pgs * end) : 1.0;
  const double sla = windows > 0 ? 1.0 - err / windows : 1.0;
  j["availability"] = {
      {"pg_availability", pg_avail},
      {"pg_unavailable_hours", I.unavail_pg_s / 3600},
      {"pg_degraded_hours", I.degraded_pg_s / 3600},
      {"windows", windows},
      {"windows_with_errors", bad},
      {"fraction_windows_available", windows > 0 ? 1.0 - static_cast<double>(bad) / windows : 1.0},
      {"service_availability", sla},
      {"service_nines", failure::nines(std::clamp(sla, 0.0, 1.0))},
      {"downtime_min_per_year", failure::downtime_per_year_s(std::clamp(sla, 0.0, 1.0)) / 60},
      {"reference_99.99_downtime_min_per_year", failure::downtime_per_year_s(0.9999) / 60},  // 52.56 (MODELS.md)
      {"max_degraded_pgs", I.max_degraded},
      {"max_unavailable_pgs", I.max_unavailable}};
  j["rebuild"] = {{"jobs", I.jobs_done},
                  {"network_B", I.rebuild_net_B},
                  {"written_B", I.rebuild_write_B},
                  {"mean_job_s", I.job_s.mean()},
                  {"max_job_s", I.job_s.max},
                  {"disk_jobs", I.disk_job_s.n},
                  {"mean_disk_job_s", I.disk_job_s.mean()},
                  {"node_jobs", I.node_job_s.n},
                  {"mean_node_job_s", I.node_job_s.mean()},
                  {"move_network_B", I.move_net_B},
                  {"first_jobs", I.job_detail}};
  json fj = json::object();
  for (int i = 0; i < 5; ++i) fj[kCompNames[i]] = I.proc[i].failures;
  fj["storage_nodes"] = I.proc[5].failures;
  fj["permanent_node_losses"] = I.permanent_node_losses;
  fj["server_down_hours"] = I.servers_down_s / 3600;
  j["failures"] = fj;
  j["energy_kWh"] = {{"disks", I.disk_J / 3.6e6}, {"storage_node_servers", I.nodes_J / 3.6e6},
                     {"storage_total", (I.disk_J + I.nodes_J) / 3.6e6}};
  json mj = json::array();
  for (const auto& m : I.migrations) {
    json legs = json::array();
    long pgs = 0, placed = 0, failed = 0;
    double placed_raw = 0;
    for (const auto& l : m.legs) {
      const auto& src = I.pools[l.src];
      const auto& dst = I.pools[l.dst];
      legs.push_back({{"from_pool", src.name}, {"to_pool", dst.name}, {"pgs", l.pgs}, {"pgs_placed", l.placed},
                      {"pgs_failed", l.failed}, {"placed_B", src.pg_user_B * l.placed},
                      {"placed_raw_B", dst.unit_B * dst.width * l.placed}});
      pgs += l.pgs, placed += l.placed, failed += l.failed;
      placed_raw += dst.unit_B * dst.width * l.placed;
    }
    // completed: every PG placed at the destination; partial/failed: the destination could not take some/all
    // (they stay at the source); in progress: the copy did not finish within the run.
    const bool settled = m.ended >= 0 && placed + failed == pgs;
    const char* status = m.started < 0 ? "not started"
                         : !settled    ? "in progress"
                         : failed == 0 ? "completed"
                         : placed == 0 ? "failed"
                                       : "partial";
    mj.push_back({{"name", m.spec.name}, {"from", m.spec.from}, {"to", m.spec.to}, {"bytes", m.total_B},
                  {"done_B", m.done_B}, {"started_s", m.started}, {"completed_s", m.ended},
                  {"duration_s", m.ended >= 0 ? m.ended - m.started : -1.0},
                  {"mean_rate_Bps", m.ended > m.started ? m.total_B / (m.ended - m.started) : 0.0},
                  {"wan_link", m.wan}, {"progress", m.progress}, {"status", status}, {"pgs", pgs},
                  {"pgs_placed", placed}, {"pgs_failed", failed}, {"placed_B", m.placed_B},
                  {"placed_raw_B", placed_raw}, {"failed_B", m.failed_B}, {"pools", legs}});
  }
  j["migrations"] = mj;
  j["engine"] = {{"flows_started", I.flows_started}, {"max_concurrent_flows", I.max_flows},
                 {"loop_iterations", I.iterations}, {"choose_dest_calls", I.dest_calls},
                 {"job_items", I.job_items}};
  j["series"] = {{"time_s", I.series_t}, {"degraded_pgs", I.series_deg}, {"unavailable_pgs", I.series_unavail},
                 {"lost_slots_waiting", I.series_lost}};
  return j;
}

void add_storage_subsystems(Simulation& sim) {
  const auto& sc = sim.scenario();
  if (!sc.storage.enabled && !sc.failures.enabled) return;
  sim.add_subsystem(std::make_unique<StorageSystem>(sim));
}

}  // namespace dcsim
