// Readers of the published cluster traces: Google 2011, Alibaba 2018, Azure V1/V2, Bitbrains GWA-T-12.
// Every expected value below is a hand computation from the rows written (rules in each reader's header).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/input_error.hpp"
#include "models/workload/alibaba2018_reader.hpp"
#include "models/workload/azure_reader.hpp"
#include "models/workload/bitbrains_reader.hpp"
#include "models/workload/google2011_reader.hpp"

namespace fs = std::filesystem;
using namespace dcsim::workload;

namespace {

constexpr double kGiB = 1073741824.0;

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    path = fs::temp_directory_path() / ("dcsim_traces_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
    return (path / name).string();
  }
};

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const dcsim::InputErrors& e) {
    return e.what();
  }
  return "";
}

const VmRecord* find(const VmTrace& t, const std::string& id) {
  for (const auto& v : t.vms)
    if (v.id == id) return &v;
  return nullptr;
}

// ---- Google 2011 ----
// 13 columns: time,missing,job,task,machine,type,user,class,priority,cpu,mem,disk,diffmachine
const char* kGoogleEvents =
    "0,,100,0,,0,u,2,9,0.25,0.1,0.0,0\n"         // SUBMIT with requests
    "600000000,,100,0,5,1,u,2,9,,,,0\n"          // SCHEDULE at 600 s
    "0,,100,1,,0,u,2,9,0.5,0.2,0,0\n"            // SUBMIT task 1
    "700000000,,100,1,6,1,u,2,9,,,,0\n"          // SCHEDULE task 1, never ends
    "0,,200,0,,0,u,0,0,,,,0\n"                   // job 200: no request ever
    "800000000,,200,0,3,1,u,0,0,,,,0\n"          // SCHEDULE -> dropped
    "900000000,,300,0,,5,u,0,0,,,,0\n"           // KILL of a task never scheduled -> ignored
    "1200000000,,100,0,5,2,u,2,9,,,,0\n"         // EVICT at 1200 s
    "1500000000,,100,0,7,1,u,2,9,0.25,0.1,0,0\n"  // reschedule -> instance #2
    "2400000000,,100,0,7,4,u,2,9,,,,0\n";        // FINISH at 2400 s
const char* kGoogleUsage =
    "600000000,900000000,100,0,5,0.125,0.05,0,0,0,0,0,0,0,0,0,0,0,0,0\n"
    "900000000,1200000000,100,0,5,0.25,0.1,0,0,0,0,0,0,0,0,0,0,0,0,0\n"
    "1500000000,1800000000,100,0,7,0.5,0.2\n"  // 0.5 / 0.25 = 2 -> clamped to 1
    "1800000000,1900000000,100,0,7,0.05,0.02\n"
    "1900000000,2100000000,100,0,7,0.1,0.04\n"
    "700000000,1000000000,100,1,6,0.25,0.1\n"
    "700000000,1000000000,999,9,6,0.25,0.1\n";  // unknown task -> ignored

}  // namespace

TEST(WorkloadGoogle2011, TaskInstancesRequestsAndUsage) {
  TempDir d("google");
  const Google2011Options opt{32.0, 64 * kGiB, 300.0};
  VmTrace t = read_google2011({d.write("events", kGoogleEvents)}, {d.write("usage", kGoogleUsage)}, opt);
  ASSERT_EQ(t.vms.size(), 3u);
  EXPECT_EQ(t.dropped_records, 1u);  // job 200
  EXPECT_EQ(t.ignored_rows, 2u);     // KILL of job 300, usage of job 999
  // Sorted by start: 100-0 (600 s), 100-1 (700 s), 100-0#2 (1500 s).
  EXPECT_EQ(t.vms[0].id, "100-0");
  EXPECT_EQ(t.vms[1].id, "100-1");
  EXPECT_EQ(t.vms[2].id, "100-0#2");
  const VmRecord& a = t.vms[0];
  EXPECT_DOUBLE_EQ(a.start_s, 600.0);
  EXPECT_DOUBLE_EQ(a.end_s, 1200.0);
  EXPECT_DOUBLE_EQ(a.cores, 0.25 * 32);
  EXPECT_DOUBLE_EQ(a.memory_B, 0.1 * 64 * kGiB);
  ASSERT_EQ(a.usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(a.usage.start_s, 600.0);
  EXPECT_DOUBLE_EQ(a.usage.values[0], 0.5);  // 0.125 / 0.25
  EXPECT_DOUBLE_EQ(a.usage.values[1], 1.0);  // 0.25 / 0.25
  ASSERT_EQ(a.memory_usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(a.memory_usage.values[0], 0.5);  // 0.05 / 0.1
  const VmRecord& b = t.vms[1];
  EXPECT_TRUE(std::isinf(b.end_s));
  EXPECT_DOUBLE_EQ(b.cores, 16.0);
  ASSERT_EQ(b.usage.values.size(), 1u);
  EXPECT_DOUBLE_EQ(b.usage.values[0], 0.5);
  const VmRecord& c = t.vms[2];
  EXPECT_DOUBLE_EQ(c.start_s, 1500.0);
  EXPECT_DOUBLE_EQ(c.end_s, 2400.0);
  ASSERT_EQ(c.usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(c.usage.values[0], 1.0);
  // Bin 1 gets two windows: (100 s * 0.2 + 200 s * 0.4) / 300 s.
  EXPECT_NEAR(c.usage.values[1], (100 * 0.2 + 200 * 0.4) / 300.0, 1e-12);
}

TEST(WorkloadGoogle2011, MalformedInputs) {
  TempDir d("google_bad");
  const Google2011Options opt{32.0, 64 * kGiB, 300.0};
  std::string ev = d.write("ev12", "0,,100,0,,0,u,2,9,0.25,0.1,0.0\n");  // 12 columns
  std::string e = error_of([&] { read_google2011({ev}, {}, opt); });
  EXPECT_NE(e.find(ev + ":1:"), std::string::npos) << e;
  ev = d.write("evtype", "0,,100,0,,0,u,2,9,0.25,0.1,0.0,0\n5,,100,0,,9,u,2,9,,,,0\n");
  e = error_of([&] { read_google2011({ev}, {}, opt); });
  EXPECT_NE(e.find(ev + ":2:"), std::string::npos) << e;
  EXPECT_NE(e.find("event type"), std::string::npos) << e;
  ev = d.write("evjob", "0,,abc,0,,0,u,2,9,0.25,0.1,0.0,0\n");
  EXPECT_NE(error_of([&] { read_google2011({ev}, {}, opt); }).find("job ID"), std::string::npos);
  ev = d.write("ev_ok", kGoogleEvents);
  std::string us = d.write("usage_back", "900000000,600000000,100,0,5,0.1,0.1\n");  // end < start
  EXPECT_NE(error_of([&] { read_google2011({ev}, {us}, opt); }).find(us + ":1:"), std::string::npos);
  EXPECT_THROW(read_google2011({ev}, {}, Google2011Options{}), std::invalid_argument);  // machine size missing
}

// ---- Alibaba 2018 ----
TEST(WorkloadAlibaba2018, ContainersAndUsage) {
  TempDir d("alibaba");
  std::string meta = d.write("meta",
                             "c_1,m_1,100,app_1,started,400,400,1.56\n"
                             "c_1,m_1,50,app_1,allocated,200,400,3.0\n"  // earlier: defines the request
                             "c_2,m_2,0,app_2,started,,,\n"              // empty request...
                             "c_2,m_2,10,app_2,started,800,800,6.25\n"   // ...filled by a later row
                             "c_3,m_3,0,app_3,started,0,0,1\n");         // zero CPU -> dropped
  std::string usage = d.write("usage",
                              "c_1,m_1,60,40,50,1.2,3,4,5,6,7\n"
                              "c_1,m_1,70,60,,,,,,,\n"  // mem empty -> left out of the mean
                              "c_1,m_1,360,20,30,1,1,1,1,1,1\n"
                              "c_9,m_1,60,40,50,1,1,1,1,1,1\n");  // unknown -> ignored
  VmTrace t = read_alibaba2018({meta}, {usage}, Alibaba2018Options{100 * kGiB, 300.0});
  ASSERT_EQ(t.vms.size(), 2u);
  EXPECT_EQ(t.dropped_records, 1u);
  EXPECT_EQ(t.ignored_rows, 1u);
  const VmRecord* c1 = find(t, "c_1");
  const VmRecord* c2 = find(t, "c_2");
  ASSERT_TRUE(c1 && c2);
  EXPECT_EQ(t.vms[0].id, "c_2");  // starts at 0, before c_1 (50)
  EXPECT_DOUBLE_EQ(c1->start_s, 50.0);
  EXPECT_DOUBLE_EQ(c1->end_s, 660.0);  // max(last meta 100, last usage 360 + 300)
  EXPECT_DOUBLE_EQ(c1->cores, 2.0);    // 200 / 100
  EXPECT_DOUBLE_EQ(c1->memory_B, 0.03 * 100 * kGiB);
  ASSERT_EQ(c1->usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(c1->usage.start_s, 60.0);
  EXPECT_DOUBLE_EQ(c1->usage.values[0], 0.5);  // (0.4 + 0.6) / 2
  EXPECT_DOUBLE_EQ(c1->usage.values[1], 0.2);
  ASSERT_EQ(c1->memory_usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(c1->memory_usage.values[0], 0.5);
  EXPECT_DOUBLE_EQ(c1->memory_usage.values[1], 0.3);
  EXPECT_DOUBLE_EQ(c2->cores, 8.0);
  EXPECT_DOUBLE_EQ(c2->memory_B, 0.0625 * 100 * kGiB);
  EXPECT_TRUE(std::isinf(c2->end_s));
  EXPECT_TRUE(c2->usage.values.empty());
}

TEST(WorkloadAlibaba2018, MalformedInputs) {
  TempDir d("alibaba_bad");
  const Alibaba2018Options opt{100 * kGiB, 300.0};
  std::string meta = d.write("meta7", "c_1,m_1,100,app_1,started,400,400\n");
  EXPECT_NE(error_of([&] { read_alibaba2018({meta}, {}, opt); }).find(meta + ":1:"), std::string::npos);
  meta = d.write("meta_ok", "c_1,m_1,100,app_1,started,400,400,1\n");
  std::string usage = d.write("usage_bad", "c_1,m_1,60,40,50,1,1,1,1,1,1\nc_1,m_1,t70,40,50,1,1,1,1,1,1\n");
  std::string e = error_of([&] { read_alibaba2018({meta}, {usage}, opt); });
  EXPECT_NE(e.find(usage + ":2:"), std::string::npos) << e;
  EXPECT_NE(e.find("time_stamp"), std::string::npos) << e;
  meta = d.write("meta_neg", "c_1,m_1,100,app_1,started,-400,400,1\n");
  EXPECT_NE(error_of([&] { read_alibaba2018({meta}, {}, opt); }).find("negative"), std::string::npos);
}

// ---- Azure V1/V2 ----
TEST(WorkloadAzure, VmTableBucketsAndReadings) {
  TempDir d("azure");
  std::string table = d.write("vmtable",
                              "vmid,subscriptionid,deploymentid,vmcreated,vmdeleted,maxcpu,avgcpu,p95maxcpu,"
                              "vmcategory,vmcorecountbucket,vmmemorybucket\n"
                              "vmA,sub,dep,0,3600,90.5,20.1,80,Interactive,4,8\n"
                              "vmB,sub,dep,300,900,50,10,40,Delay-insensitive,>24,>64\n");
  std::string readings = d.write("readings",
                                 "0,vmA,1,50,25\n"
                                 "300,vmA,1,50,75\n"
                                 "300,vmZ,1,1,1\n");
  VmTrace t = read_azure_vmtable(table, {readings});
  ASSERT_EQ(t.vms.size(), 2u);
  EXPECT_EQ(t.ignored_rows, 1u);
  const VmRecord& a = t.vms[0];
  EXPECT_EQ(a.id, "vmA");
  EXPECT_DOUBLE_EQ(a.start_s, 0.0);
  EXPECT_DOUBLE_EQ(a.end_s, 3600.0);
  EXPECT_DOUBLE_EQ(a.cores, 4.0);
  EXPECT_DOUBLE_EQ(a.memory_B, 8 * kGiB);
  ASSERT_EQ(a.usage.values.size(), 2u);
  EXPECT_DOUBLE_EQ(a.usage.values[0], 0.25);
  EXPECT_DOUBLE_EQ(a.usage.values[1], 0.75);
  EXPECT_TRUE(a.memory_usage.values.empty());
  EXPECT_DOUBLE_EQ(t.vms[1].cores, 24.0);  // open bucket -> lower bound
  EXPECT_DOUBLE_EQ(t.vms[1].memory_B, 64 * kGiB);
  AzureOptions opt;
  opt.cores_open_bucket = 32;
  opt.memory_GB_open_bucket = 128;
  VmTrace u = read_azure_vmtable(table, {}, opt);
  EXPECT_DOUBLE_EQ(u.vms[1].cores, 32.0);
  EXPECT_DOUBLE_EQ(u.vms[1].memory_B, 128 * kGiB);
}

TEST(WorkloadAzure, MalformedInputs) {
  TempDir d("azure_bad");
  std::string p = d.write("back", "vmA,s,d,0,3600,1,1,1,Interactive,4,8\nvmB,s,d,900,300,1,1,1,Interactive,4,8\n");
  std::string e = error_of([&] { read_azure_vmtable(p, {}); });
  EXPECT_NE(e.find(p + ":2:"), std::string::npos) << e;
  p = d.write("bucket", "vmA,s,d,0,3600,1,1,1,Interactive,large,8\n");
  e = error_of([&] { read_azure_vmtable(p, {}); });
  EXPECT_NE(e.find("vmcorecount"), std::string::npos) << e;
  p = d.write("cols", "vmA,s,d,0,3600,1,1,1,Interactive,4\n");
  EXPECT_NE(error_of([&] { read_azure_vmtable(p, {}); }).find(p + ":1:"), std::string::npos);
  p = d.write("dup", "vmA,s,d,0,3600,1,1,1,Interactive,4,8\nvmA,s,d,0,3600,1,1,1,Interactive,4,8\n");
  EXPECT_NE(error_of([&] { read_azure_vmtable(p, {}); }).find("duplicate"), std::string::npos);
}

// ---- Bitbrains GWA-T-12 ----
namespace {
const std::string kBitbrainsHeader =
    "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\t"
    "Memory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\t"
    "Disk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n";
std::string bb_row(double t, double cores, double cpu_pct, double mem_cap, double mem_use) {
  return std::to_string(static_cast<long long>(t)) + ";\t" + std::to_string(cores) + ";\t11703.99824;\t0;\t" +
         std::to_string(cpu_pct) + ";\t" + std::to_string(mem_cap) + ";\t" + std::to_string(mem_use) +
         ";\t0;\t0;\t0;\t0\n";
}
}  // namespace

TEST(WorkloadBitbrains, FileAndDirectory) {
  TempDir d("bitbrains");
  d.write("1.csv", kBitbrainsHeader + bb_row(1376314846, 4, 25, 67108864, 33554432) +
                       bb_row(1376315146, 4, 50, 67108864, 16777216) +
                       bb_row(1376315448, 4, 10, 67108864, 0));  // +2 s jitter: still its own bin
  d.write("10.csv", kBitbrainsHeader + bb_row(1376314000, 2, 100, 1048576, 1048576));
  d.write("2.csv", kBitbrainsHeader + bb_row(1376315000, 0, 0, 1048576, 0));  // 0 cores -> dropped
  d.write(".hidden.csv", "garbage");
  VmTrace t = read_bitbrains_directory(d.path.string());
  EXPECT_EQ(t.dropped_records, 1u);
  ASSERT_EQ(t.vms.size(), 2u);
  EXPECT_EQ(t.vms[0].id, "10");  // starts first
  const VmRecord& a = t.vms[1];
  EXPECT_EQ(a.id, "1");
  EXPECT_DOUBLE_EQ(a.start_s, 1376314846.0);
  EXPECT_DOUBLE_EQ(a.end_s, 1376315448.0 + 300.0);
  EXPECT_DOUBLE_EQ(a.cores, 4.0);
  EXPECT_DOUBLE_EQ(a.memory_B, 67108864.0 * 1024.0);  // 64 GiB
  ASSERT_EQ(a.usage.values.size(), 3u);
  EXPECT_DOUBLE_EQ(a.usage.values[0], 0.25);
  EXPECT_DOUBLE_EQ(a.usage.values[1], 0.5);
  EXPECT_DOUBLE_EQ(a.usage.values[2], 0.1);
  ASSERT_EQ(a.memory_usage.values.size(), 3u);
  EXPECT_DOUBLE_EQ(a.memory_usage.values[0], 0.5);
  EXPECT_DOUBLE_EQ(a.memory_usage.values[1], 0.25);
  EXPECT_DOUBLE_EQ(a.memory_usage.values[2], 0.0);
  EXPECT_DOUBLE_EQ(t.vms[0].usage.values[0], 1.0);
}

TEST(WorkloadBitbrains, MalformedInputs) {
  TempDir d("bitbrains_bad");
  std::string p = d.write("hdr.csv", "Timestamp [ms];\tCPU cores;\tfoo\n1;\t2;\t3\n");
  EXPECT_NE(error_of([&] { read_bitbrains_file(p); }).find(p + ":1:"), std::string::npos);
  p = d.write("cols.csv", kBitbrainsHeader + bb_row(1, 4, 25, 1024, 512) + "2;\t4;\t1;\t1;\t1;\t1;\t1;\t1;\t1;\t1\n");
  std::string e = error_of([&] { read_bitbrains_file(p); });
  EXPECT_NE(e.find(p + ":3:"), std::string::npos) << e;
  p = d.write("num.csv", kBitbrainsHeader + "2;\t4;\t1;\t1;\tlots;\t1;\t1;\t1;\t1;\t1;\t1\n");
  e = error_of([&] { read_bitbrains_file(p); });
  EXPECT_NE(e.find("CPU usage [%]"), std::string::npos) << e;
  p = d.write("empty.csv", kBitbrainsHeader);
  EXPECT_NE(error_of([&] { read_bitbrains_file(p); }).find("no data rows"), std::string::npos);
  EXPECT_NE(error_of([&] { read_bitbrains_directory((d.path / "nope").string()); }), "");
}
