#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/rng.hpp"
#include "models/compat/cloudsim_planetlab.hpp"
#include "models/workload/planetlab_reader.hpp"

#ifndef DCSIM_SHARED_DIR
#define DCSIM_SHARED_DIR DCSIM_SOURCE_DIR "/../shared"
#endif

using namespace dcsim;
using namespace dcsim::compat;

namespace {

const std::string kDay = std::string(DCSIM_SHARED_DIR) + "/data/planetlab/20110303";

workload::UtilizationTrace constant_trace(const std::string& name, double u, std::size_t n = 288) {
  workload::UtilizationTrace t;
  t.name = name;
  t.values.assign(n, u);
  return t;
}

// Last processing instant: CloudSim adds 300 s to 0.1 s in double arithmetic, 287 times.
double last_tick() {
  double t = 0.1;
  for (int k = 0; k < 287; ++k) t += 300.0;
  return t;
}

// Linear interpolation in a SPECpower table, written out by hand (reference for the power values).
double table_W(const std::vector<double>& p, double u) {
  const int i = static_cast<int>(u * 10);
  return p[i] + (u * 10 - i) * (p[i + 1] - p[i]);
}

const std::vector<double> kG4 = {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117};
const std::vector<double> kG5 = {93.7, 97, 101, 105, 110, 116, 121, 125, 129, 133, 135};

const std::vector<workload::UtilizationTrace>& day_traces() {
  static const std::vector<workload::UtilizationTrace> traces = workload::read_planetlab_directory(kDay);
  return traces;
}

CompatResult run(const std::string& policy, const std::vector<workload::UtilizationTrace>& traces, int hosts = 800,
                 std::uint64_t seed = 0) {
  CompatConfig c;
  c.policy = policy;
  c.hosts = hosts;
  c.seed = seed;
  return run_cloudsim_planetlab(c, traces);
}

}  // namespace

// Reference: CloudSim PowerModelSpecPower by hand on the ML110 G4 table: table values at 0, 10%, 100%;
// 55% halfway between 102 and 106 W = 104 W; G5 at 0.97: 133 + 0.7 x 2 = 134.4 W.
TEST(CompatPower, SpecPowerFormula) {
  EXPECT_DOUBLE_EQ(cloudsim_specpower_W(kG4.data(), 0.0), 86.0);
  EXPECT_DOUBLE_EQ(cloudsim_specpower_W(kG4.data(), 0.1), 89.4);
  EXPECT_DOUBLE_EQ(cloudsim_specpower_W(kG4.data(), 1.0), 117.0);
  EXPECT_NEAR(cloudsim_specpower_W(kG4.data(), 0.55), 104.0, 1e-12);
  EXPECT_NEAR(cloudsim_specpower_W(kG5.data(), 0.97), 134.4, 1e-12);
  // Same as fmod(u, 0.1) == 0 ? table[u * 10] : interpolation, for every u on a fine grid.
  for (int k = 0; k <= 100000; ++k) {
    const double u = k / 100000.0;
    double expected;
    if (std::fmod(u, 0.1) == 0) {
      expected = kG4[static_cast<int>(u * 10)];
    } else {
      const int a = static_cast<int>(std::floor(u * 10)), b = static_cast<int>(std::ceil(u * 10));
      expected = kG4[a] + (kG4[b] - kG4[a]) / 10 * (u - static_cast<double>(a) / 10) * 100;
    }
    ASSERT_EQ(cloudsim_specpower_W(kG4.data(), u), expected) << u;
  }
}

// Reference: workload::planetlab_utilization (CloudSim's interpolation); TraceInstant must give the same bits
// at processing instants (300.1 + 300 k), migration completions (+13.92, +27.84, +9.808 s) and random times.
TEST(CompatTrace, InstantMatchesReader) {
  Rng rng = make_rng(5, "test.instant");
  std::vector<workload::UtilizationTrace> traces;
  for (int i = 0; i < 50; ++i) {
    workload::UtilizationTrace t;
    t.values.resize(288);
    for (double& v : t.values) v = std::floor(uniform01(rng) * 100) / 100.0;
    traces.push_back(t);
  }
  std::vector<double> times = {0.0, -1.0, 300.0, 86100.0, 86399.9, 86400.0, 90000.0};
  double t = 0.1;
  for (int k = 0; k < 288; ++k) {
    t += 300.0;
    times.insert(times.end(), {t, t + 870 / 62.5, t + 1740 / 62.5, t + 613 / 62.5});
  }
  for (int k = 0; k < 2000; ++k) times.push_back(uniform01(rng) * 86400);
  for (const double x : times) {
    const TraceInstant inst(x);
    for (const auto& tr : traces) ASSERT_EQ(inst(tr.values), workload::planetlab_utilization(tr, x)) << x;
  }
}

// Reference: hand computation (PLANETLAB.md rules). One 2500-MIPS VM at a constant 50% on 2 hosts: DVFS
// places it first-fit on host 1 (host 0's 1860-MIPS cores are too small); host utilization 1250/5320;
// P = 101 + (105 - 101) x (10 u - 2) W; energy from the first processing (300.1 s, previous utilization 0 ->
// nothing before) to the last (86100.1 s). NPA: (117 + 135) W from 0 to 86100.1 s.
TEST(CompatEngine, SingleVmEnergyByHand) {
  const std::vector<workload::UtilizationTrace> one = {constant_trace("a", 0.5)};
  const double u = 1250.0 / 5320.0;
  const double p = table_W(kG5, u);
  const CompatResult dvfs = run("dvfs", one, 2);
  EXPECT_NEAR(dvfs.energy_kWh, p * (last_tick() - 300.1) / 3.6e6, 1e-9);
  EXPECT_EQ(dvfs.migrations, 0);
  EXPECT_EQ(dvfs.vms_removed, 0);
  EXPECT_DOUBLE_EQ(dvfs.slatah, 0.0);
  EXPECT_EQ(dvfs.processing_events, 287);
  const CompatResult npa = run("npa", one, 2);
  EXPECT_NEAR(npa.energy_kWh, (117.0 + 135.0) * last_tick() / 3.6e6, 1e-9);
  // A single VM cannot be consolidated further: THR gives the DVFS energy.
  const CompatResult thr = run("thr-mmt-0.8", one, 2);
  EXPECT_NEAR(thr.energy_kWh, dvfs.energy_kWh, 1e-12);
  EXPECT_EQ(thr.migrations, 0);
}

// Reference: PLANETLAB.md "VM removal artifact": a VM whose request is exactly 0 is deallocated for good, so
// an all-zero trace leaves nothing running (no energy, one removal).
TEST(CompatEngine, ZeroRequestVmIsRemoved) {
  const std::vector<workload::UtilizationTrace> zero = {constant_trace("z", 0.0)};
  const CompatResult r = run("dvfs", zero, 2);
  EXPECT_EQ(r.vms_removed, 1);
  EXPECT_EQ(r.vms_left, 0);
  EXPECT_DOUBLE_EQ(r.energy_kWh, 0.0);
}

// Reference: hand trace of one consolidation (PLANETLAB.md rules), 2 VMs at a constant 30% on 4 hosts.
//   t = 0, PABFD with full MIPS: VM0 (2500 MIPS) -> host 1 (G5; G4 cores too small); VM1 (2000 MIPS, 1740 MB)
//   -> host 3 (G5, +15.1 W) rather than host 0 (G4, +17.5 W) or host 1 (+37.1 W).
//   t = 300.1: requests 750 and 600 MIPS; host 3 (0.113) is the least utilized: VM1 -> host 1 (1 migration,
//   27.84 s). During it host 1 carries 750 + 10% x 600 = 810 MIPS and host 3 the whole 600 (540 allocated,
//   90%); afterwards host 1 runs 1350 MIPS alone until the end (86100.1 s) and nothing else moves.
//   Energy = 27.84 (P5(810/5320) + P5(600/5320)) + P5(1350/5320) (86100.1 - 327.94) J.
//   SLATAH = 27.84 / (85800 + 27.84) (host 1 allocated 810 < 1350 requested during the migration);
//   PDM = overall = 60 MIPS x 27.84 s / (1350 MIPS x 85800 s).
//   Host shutdowns (CloudSim's count): hosts 0 and 2 idle from their first entry, host 3 after the move = 3.
TEST(CompatEngine, OneMigrationByHand) {
  const std::vector<workload::UtilizationTrace> two = {constant_trace("a", 0.3), constant_trace("b", 0.3)};
  const CompatResult r = run("thr-mmt-0.8", two, 4);
  const double end = last_tick(), done = 300.1 + 1740 / 62.5;
  const double energy_J = (done - 300.1) * (table_W(kG5, 810.0 / 5320) + table_W(kG5, 600.0 / 5320)) +
                          table_W(kG5, 1350.0 / 5320) * (end - done);
  EXPECT_EQ(r.migrations, 1);
  EXPECT_NEAR(r.energy_kWh, energy_J / 3.6e6, 1e-9);
  EXPECT_NEAR(r.slatah, 27.84 / (85800 + 27.84), 1e-9);
  EXPECT_NEAR(r.pdm, 60 * 27.84 / (1350 * 85800.0), 1e-12);
  EXPECT_NEAR(r.overall_sla_violation, r.pdm, 1e-12);
  EXPECT_NEAR(r.slav, r.slatah * r.pdm, 1e-18);
  EXPECT_NEAR(r.average_sla_violation, 0.1, 1e-12);  // one under-allocated interval: 60 / 600
  EXPECT_EQ(r.host_shutdowns, 3);
  EXPECT_NEAR(r.last_event_s, end, 1e-6);
  EXPECT_EQ(r.processing_events, 287 + 2);  // ticks + the two passes at the migration completion
}

// Reference: the determinism contract (core/rng.hpp): same seed -> identical results, for the random
// selection policy on synthetic traces.
TEST(CompatEngine, DeterministicRandomSelection) {
  Rng rng = make_rng(3, "test.traces");
  std::vector<workload::UtilizationTrace> traces;
  for (int i = 0; i < 40; ++i) {
    workload::UtilizationTrace t;
    t.name = std::to_string(i);
    double level = uniform01(rng) * 0.6;
    for (int k = 0; k < 288; ++k) {
      level = std::clamp(level + (uniform01(rng) - 0.5) * 0.2, 0.0, 0.99);
      t.values.push_back(std::floor(level * 100) / 100);
    }
    traces.push_back(t);
  }
  const CompatResult a = run("thr-rs-0.8", traces, 30, 9), b = run("thr-rs-0.8", traces, 30, 9);
  EXPECT_EQ(a.migrations, b.migrations);
  EXPECT_EQ(a.energy_kWh, b.energy_kWh);
  EXPECT_EQ(a.slatah, b.slatah);
  EXPECT_GT(a.migrations, 0);
  // Every detector/selection combination runs on the same input.
  for (const char* p : {"iqr-mc", "mad-mu", "lr-mmt", "lrr-rs", "thr-mc-0.7"}) {
    const CompatResult r = run(p, traces, 30, 1);
    EXPECT_GT(r.energy_kWh, 0.0) << p;
    EXPECT_LE(r.energy_kWh, run("npa", traces, 30).energy_kWh) << p;
  }
}

// Reference: policy grammar of CompatConfig::policy; defaults are the CloudSim examples' parameters.
TEST(CompatConfigParse, Policies) {
  EXPECT_EQ(parse_compat_policy("npa").kind, CompatPolicyKind::Npa);
  EXPECT_EQ(parse_compat_policy("dvfs").kind, CompatPolicyKind::Dvfs);
  const CompatPolicy a = parse_compat_policy("iqr-mc");
  EXPECT_EQ(a.detector.method, consolidation::OverloadMethod::Iqr);
  EXPECT_EQ(a.selection, consolidation::SelectionMethod::Mc);
  EXPECT_DOUBLE_EQ(a.detector.parameter, 1.5);
  EXPECT_DOUBLE_EQ(parse_compat_policy("thr-mmt-0.75").detector.parameter, 0.75);
  EXPECT_DOUBLE_EQ(parse_compat_policy("lrr-mu-1.1").detector.parameter, 1.1);
  for (const char* bad : {"", "foo", "thr", "thr-xx-0.8", "xx-mmt-0.8", "thr-mmt-abc", "thr-mmt-", "thr-mmt--1"})
    EXPECT_THROW(parse_compat_policy(bad), InputErrors) << bad;
}

// Reference: input contract. Malformed input is reported as InputErrors, never a crash: a trace shorter than
// CloudSim's 288 samples or with values outside [0, 1], too few hosts for the t = 0 placement (one G4 host cannot hold a 2500-MIPS VM), no
// hosts, no traces, an unreadable or malformed trace directory.
TEST(CompatEngine, BadInput) {
  EXPECT_THROW(run("dvfs", {constant_trace("short", 0.5, 100)}), InputErrors);
  EXPECT_THROW(run("dvfs", {constant_trace("a", 0.5)}, 1), InputErrors);
  EXPECT_THROW(run("thr-mmt-0.8", {constant_trace("a", 0.5)}, 0), InputErrors);
  EXPECT_THROW(run("dvfs", {}), InputErrors);
  EXPECT_THROW(run("bogus", {constant_trace("a", 0.5)}), InputErrors);
  EXPECT_THROW(run("dvfs", {constant_trace("nan", std::nan(""))}, 2), InputErrors);
  EXPECT_THROW(run("dvfs", {constant_trace("big", 1.5)}, 2), InputErrors);
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "dcsim_test_compat_bad";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "vm1");
    for (int i = 0; i < 288; ++i) f << (i == 7 ? "x7" : "12") << "\n";
  }
  CompatConfig c;
  c.trace_dir = dir.string();
  c.policy = "dvfs";
  EXPECT_THROW(run_cloudsim_planetlab(c), InputErrors);
  {
    std::ofstream f(dir / "vm1");
    for (int i = 0; i < 20; ++i) f << "12\n";  // well-formed but too short
  }
  try {
    run_cloudsim_planetlab(c);
    ADD_FAILURE() << "expected InputErrors";
  } catch (const InputErrors& e) {
    EXPECT_NE(std::string(e.what()).find("288"), std::string::npos) << e.what();
  }
  c.trace_dir = (dir / "missing").string();
  EXPECT_THROW(run_cloudsim_planetlab(c), InputErrors);
  std::filesystem::remove_all(dir);
}

// Reference: design/PLANETLAB.md table, CloudSim 3.0.3 on 20110303 (800 hosts, 1052 VMs, byte-sorted traces).
// Targets of the brief: NPA to 0.01 kWh, DVFS within 0.5%, migration policies within 3% (energy) and 10%
// (migrations). PABFD's ties go to the lowest host id here, not to CloudSim's rounding noise, so the
// consolidation rows are close, not identical: the measured closeness is checked too.
TEST(CompatPlanetLab, Table20110303) {
  if (!std::filesystem::exists(kDay)) GTEST_SKIP() << "no PlanetLab data at " << kDay;
  const auto& traces = day_traces();
  ASSERT_EQ(traces.size(), 1052u);
  const CompatResult npa = run("npa", traces);
  EXPECT_NEAR(npa.energy_kWh, 2410.80, 0.01);
  EXPECT_EQ(npa.migrations, 0);
  EXPECT_EQ(npa.vms_removed, 532);  // PLANETLAB.md: 532 of 1052 VMs vanish, 520 left
  EXPECT_EQ(npa.vms_left, 520);
  const CompatResult dvfs = run("dvfs", traces);
  EXPECT_NEAR(dvfs.energy_kWh, 802.754, 0.005 * 802.754);
  EXPECT_NEAR(dvfs.energy_kWh, 802.754, 0.0005);
  EXPECT_EQ(dvfs.migrations, 0);
  struct Row {
    const char* policy;
    double energy_kWh;
    long migrations;
    double slatah, pdm;
    double dcsim_energy_kWh;  // dcsim's own result (regression pin, not a reference)
    long dcsim_migrations;
  };
  // CloudSim's table, and dcsim's result. They differ where hosts tie on power increase: CloudSim's pick among
  // them depends on floating-point rounding, dcsim's target index gives them to the lowest id (see
  // models/consolidation/target_index.hpp and docs/cloudsim-compat.md).
  const Row rows[] = {{"thr-mmt-0.8", 192.62307, 26711, 0.04913, 0.000646, 193.40023, 26776},
                      {"lr-mmt-1.2", 163.47722, 27859, 0.05858, 0.000793, 163.74865, 27237},
                      {"iqr-mc-1.5", 179.24812, 23596, 0.06902, 0.001031, 179.05019, 23219},
                      {"mad-mmt-2.5", 185.79167, 26556, 0.05049, 0.000662, 186.08513, 26103}};
  for (const Row& row : rows) {
    const CompatResult r = run(row.policy, traces);
    // The brief's targets: energy within 3%, migrations within 10%.
    EXPECT_NEAR(r.energy_kWh, row.energy_kWh, 0.03 * row.energy_kWh) << row.policy;
    EXPECT_NEAR(static_cast<double>(r.migrations), static_cast<double>(row.migrations), 0.10 * row.migrations)
        << row.policy;
    // Measured closeness (0.4% energy, 2.3% migrations at most), and SLA metrics within 10%.
    EXPECT_NEAR(r.energy_kWh, row.energy_kWh, 0.005 * row.energy_kWh) << row.policy;
    EXPECT_NEAR(static_cast<double>(r.migrations), static_cast<double>(row.migrations), 0.025 * row.migrations)
        << row.policy;
    EXPECT_NEAR(r.slatah, row.slatah, 0.10 * row.slatah) << row.policy;
    EXPECT_NEAR(r.pdm, row.pdm, 0.10 * row.pdm) << row.policy;
    EXPECT_NEAR(r.energy_kWh, row.dcsim_energy_kWh, 0.000005) << row.policy;
    EXPECT_EQ(r.migrations, row.dcsim_migrations) << row.policy;
    EXPECT_EQ(r.vms_removed, 532) << row.policy;
  }
}
