#include "models/workload/swf_reader.hpp"

#include <cmath>

#include "models/workload/detail/text_input.hpp"

namespace dcsim::workload {

namespace {

constexpr std::size_t kSwfFields = 18;
const char* const kFieldNames[kSwfFields] = {
    "job number",       "submit time",        "wait time",        "run time",        "allocated processors",
    "average CPU time", "used memory",        "requested processors", "requested time", "requested memory",
    "status",           "user id",            "group id",         "executable",      "queue",
    "partition",        "preceding job",      "think time"};

// "; Key: value" header lines; only the integer keys we use.
void parse_header(std::string_view line, SwfTrace& trace) {
  line.remove_prefix(1);  // ';'
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view key = detail::trim(line.substr(0, colon));
  std::int64_t v = 0;
  if (!detail::parse_int64(line.substr(colon + 1), v)) return;
  if (key == "MaxProcs") trace.max_procs = v;
  if (key == "UnixStartTime") trace.unix_start_time = v;
}

}  // namespace

SwfTrace read_swf(const std::string& path) {
  detail::LineReader reader(path);
  SwfTrace trace;
  std::vector<std::string_view> f;
  f.reserve(kSwfFields + 2);
  double v[kSwfFields];
  std::string_view line;
  while (reader.next(line)) {
    std::string_view t = detail::trim(line);
    if (t.empty()) continue;
    if (t.front() == ';') {
      parse_header(t, trace);
      continue;
    }
    std::size_t count = detail::split_whitespace(t, f);
    if (count != kSwfFields)
      reader.fail("found " + std::to_string(count) + " fields, expected 18 whitespace-separated SWF fields");
    for (std::size_t i = 0; i < kSwfFields; ++i) {
      if (!detail::parse_double(f[i], v[i]))
        reader.fail("field " + std::to_string(i + 1) + " (" + kFieldNames[i] + "): found " + detail::quote(f[i]) +
                    ", expected a number (-1 if missing)");
      if (std::fabs(v[i]) > 9.0e15)  // beyond exact doubles; also keeps the integer casts below defined
        reader.fail("field " + std::to_string(i + 1) + " (" + kFieldNames[i] + "): " + detail::quote(f[i]) +
                    " is out of range");
    }
    const double submit = v[1], run = v[3], alloc = v[4], req_procs = v[7], req_time = v[8];
    if (alloc > 2147483647.0 || req_procs > 2147483647.0 || v[10] > 2147483647.0)
      reader.fail("processor count or status out of range");
    std::int32_t procs = alloc > 0 ? static_cast<std::int32_t>(std::lround(alloc))
                         : req_procs > 0 ? static_cast<std::int32_t>(std::lround(req_procs)) : 0;
    if (submit < 0 || run < 0 || procs <= 0) {
      ++trace.skipped_jobs;
      continue;
    }
    SwfJob job;
    job.id = static_cast<std::int64_t>(v[0]);
    job.submit_s = submit;
    job.run_s = run;
    job.requested_s = req_time > 0 ? req_time : run;
    job.procs = procs;
    job.status = v[10] < 0 ? -1 : static_cast<std::int32_t>(v[10]);
    trace.jobs.push_back(job);
  }
  return trace;
}

}  // namespace dcsim::workload
