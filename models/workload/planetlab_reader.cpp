#include "models/workload/planetlab_reader.hpp"

#include <cmath>

#include "core/input_error.hpp"
#include "models/workload/detail/text_input.hpp"

namespace dcsim::workload {

namespace {

// Parses one file held in `text` (hot path: 1052 files x 288 lines in a few ms; no allocation per line).
void parse_planetlab(const std::string& path, const std::string& text, std::vector<double>& values) {
  values.clear();
  int line_no = 0;
  int pending_blank = 0;  // first blank line seen; an error only if data follows it
  std::size_t pos = 0, n = text.size();
  while (pos < n) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = n;
    std::string_view line = detail::trim(std::string_view(text).substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    if (line.empty()) {
      if (pending_blank == 0) pending_blank = line_no;
      continue;
    }
    if (pending_blank != 0)
      throw_file_error(path, pending_blank, "empty line inside the trace; expected one integer percent per line");
    // Fast path for the common case: 1-3 plain digits.
    int v = 0;
    bool ok = line.size() <= 3;
    for (char c : line) {
      if (c < '0' || c > '9') { ok = false; break; }
      v = v * 10 + (c - '0');
    }
    if (!ok) {
      std::int64_t w = 0;
      if (!detail::parse_int64(line, w))
        throw_file_error(path, line_no, "found " + detail::quote(line) + ", expected an integer percent (0..100)");
      if (w < 0 || w > 100)
        throw_file_error(path, line_no, "found " + std::to_string(w) + ", expected a percent in 0..100");
      v = static_cast<int>(w);
    } else if (v > 100) {
      throw_file_error(path, line_no, "found " + std::to_string(v) + ", expected a percent in 0..100");
    }
    values.push_back(v / 100.0);  // same arithmetic as CloudSim: Integer / 100.0
  }
  if (values.empty()) throw_file_error(path, 1, "empty file; expected one integer percent (0..100) per line");
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

UtilizationTrace read_planetlab_file(const std::string& path) {
  std::string text;
  detail::read_whole_file(path, text);
  UtilizationTrace trace;
  trace.name = base_name(path);
  trace.interval_s = kPlanetLabInterval_s;
  parse_planetlab(path, text, trace.values);
  return trace;
}

std::vector<UtilizationTrace> read_planetlab_directory(const std::string& dir) {
  std::vector<std::string> names = detail::list_files_byte_sorted(dir);
  std::vector<UtilizationTrace> traces(names.size());
  std::string text;  // reused buffer
  std::string base = dir;
  if (!base.empty() && base.back() != '/') base += '/';
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string path = base + names[i];
    detail::read_whole_file(path, text);
    UtilizationTrace& t = traces[i];
    t.name = names[i];
    t.interval_s = kPlanetLabInterval_s;
    t.values.reserve(289);
    parse_planetlab(path, text, t.values);
  }
  return traces;
}

double planetlab_utilization(const UtilizationTrace& trace, double t) {
  const std::vector<double>& d = trace.values;
  const double T = trace.interval_s;
  if (d.empty()) return 0.0;
  if (!(T > 0.0)) return d[0];  // malformed hand-built trace: no time axis
  const std::size_t n = d.size();  // CloudSim's data[n] = data[n-1] padding is folded into the clamp below
  if (!(t > 0.0)) return d[0];     // also catches NaN
  if (t >= static_cast<double>(n) * T) return d[n - 1];
  if (std::fmod(t, T) == 0.0) return d[static_cast<std::size_t>(t / T)];
  const std::size_t i1 = static_cast<std::size_t>(std::floor(t / T));
  const std::size_t i2 = static_cast<std::size_t>(std::ceil(t / T));
  const double u1 = d[i1];
  if (i1 == i2) return d[i1];  // t/T rounded to an integer although t mod T != 0: CloudSim would give 0/0 = NaN
  const double u2 = i2 < n ? d[i2] : d[n - 1];
  const double delta = (u2 - u1) / (static_cast<double>(i2 - i1) * T);
  return u1 + delta * (t - static_cast<double>(i1) * T);
}

}  // namespace dcsim::workload
