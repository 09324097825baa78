// Standard Workload Format reader (models/workload/swf_reader.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "core/input_error.hpp"
#include "models/workload/swf_reader.hpp"

namespace fs = std::filesystem;
using namespace dcsim::workload;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("dcsim_swf_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const dcsim::InputErrors& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// Reference: the SWF definition (Parallel Workloads Archive) and the fallbacks documented in swf_reader.hpp,
// applied by hand to each line.
TEST(WorkloadSwf, FieldsAndFallbacks) {
  const std::string path = write_temp("good.swf",
                                      "; Version: 2.2\n"
                                      ";  MaxProcs: 128\n"
                                      "; UnixStartTime: 1104555600\n"
                                      "\n"
                                      "1 0 10 100 4 -1 -1 4 200 -1 1 1 1 1 1 1 -1 -1\n"
                                      "   2\t5  0 50.5 -1 -1 -1 8 -1 -1 0 2 1 1 1 1 -1 -1\r\n"
                                      "3 7 0 -1 2 -1 -1 2 60 -1 5 1 1 1 1 1 -1 -1\n"   // no run time: skipped
                                      "4 9 0 30 -1 -1 -1 -1 60 -1 1 1 1 1 1 1 -1 -1\n"  // no procs: skipped
                                      "5 -1 0 30 1 -1 -1 1 60 -1 1 1 1 1 1 1 -1 -1\n"   // no submit: skipped
                                      "6 12 3 0 16 -1 -1 16 0 -1 -1 1 1 1 1 1 -1 -1");  // no final newline
  SwfTrace t = read_swf(path);
  fs::remove(path);
  EXPECT_EQ(t.max_procs, 128);
  EXPECT_EQ(t.unix_start_time, 1104555600);
  EXPECT_EQ(t.skipped_jobs, 3u);
  ASSERT_EQ(t.jobs.size(), 3u);
  EXPECT_EQ(t.jobs[0].id, 1);
  EXPECT_EQ(t.jobs[0].submit_s, 0.0);
  EXPECT_EQ(t.jobs[0].run_s, 100.0);
  EXPECT_EQ(t.jobs[0].requested_s, 200.0);
  EXPECT_EQ(t.jobs[0].procs, 4);
  EXPECT_EQ(t.jobs[0].status, 1);
  EXPECT_EQ(t.jobs[1].id, 2);
  EXPECT_EQ(t.jobs[1].submit_s, 5.0);
  EXPECT_EQ(t.jobs[1].run_s, 50.5);
  EXPECT_EQ(t.jobs[1].requested_s, 50.5);  // requested time missing -> run time
  EXPECT_EQ(t.jobs[1].procs, 8);           // allocated missing -> requested
  EXPECT_EQ(t.jobs[1].status, 0);
  EXPECT_EQ(t.jobs[2].id, 6);
  EXPECT_EQ(t.jobs[2].run_s, 0.0);
  EXPECT_EQ(t.jobs[2].requested_s, 0.0);   // requested 0 -> run time
  EXPECT_EQ(t.jobs[2].procs, 16);
  EXPECT_EQ(t.jobs[2].status, -1);
}

// Reference: the SWF definition (18 numeric fields); messages name file:line.
TEST(WorkloadSwf, MalformedInputs) {
  std::string p = write_temp("short.swf", "; c\n1 0 10 100 4 -1 -1 4 200 -1 1 1 1 1 1 1 -1\n");
  std::string e = error_of([&] { read_swf(p); });
  EXPECT_NE(e.find(p + ":2:"), std::string::npos) << e;
  EXPECT_NE(e.find("17 fields"), std::string::npos) << e;
  fs::remove(p);
  p = write_temp("text.swf", "1 0 10 100 4 -1 -1 4 200 -1 1 1 1 1 1 1 -1 -1\n2 0 10 abc 4 -1 -1 4 200 -1 1 1 1 1 1 1 -1 -1\n");
  e = error_of([&] { read_swf(p); });
  EXPECT_NE(e.find(p + ":2:"), std::string::npos) << e;
  EXPECT_NE(e.find("field 4 (run time)"), std::string::npos) << e;
  fs::remove(p);
  p = write_temp("huge.swf", "1 0 10 100 1e300 -1 -1 4 200 -1 1 1 1 1 1 1 -1 -1\n");
  EXPECT_NE(error_of([&] { read_swf(p); }).find(p + ":1:"), std::string::npos);
  fs::remove(p);
  EXPECT_NE(error_of([&] { read_swf("/nonexistent/dcsim.swf"); }).find("cannot open"), std::string::npos);
}
