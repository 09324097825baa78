#include "models/workload/azure_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "models/workload/detail/flat_index.hpp"
#include "models/workload/detail/text_input.hpp"
#include "models/workload/detail/vm_builder.hpp"

namespace dcsim::workload {

namespace {

constexpr double kGiB = 1073741824.0;

double number(const detail::LineReader& r, std::string_view f, int col, const char* name) {
  double v = 0;
  if (!detail::parse_double(f, v))
    r.fail("column " + std::to_string(col) + " (" + name + "): found " + detail::quote(f) + ", expected a number");
  return v;
}

// "8" -> 8; ">24" -> open_value if > 0 else 24.
double bucket(const detail::LineReader& r, std::string_view f, int col, const char* name, double open_value) {
  std::string_view s = detail::trim(f);
  bool open = !s.empty() && s.front() == '>';
  if (open) s.remove_prefix(1);
  double v = 0;
  if (!detail::parse_double(s, v) || v <= 0)
    r.fail("column " + std::to_string(col) + " (" + name + "): found " + detail::quote(f) +
           ", expected a positive number or an open bucket like \">24\"");
  return open && open_value > 0 ? open_value : v;
}

bool contains_ci(std::string_view s, std::string_view word) {
  auto it = std::search(s.begin(), s.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != s.end();
}

}  // namespace

VmTrace read_azure_vmtable(const std::string& vmtable_file, const std::vector<std::string>& cpu_reading_files,
                           const AzureOptions& options) {
  if (!(options.usage_interval_s > 0)) throw std::invalid_argument("read_azure_vmtable: usage_interval_s must be > 0");
  VmTrace out;
  detail::FlatIndex index;
  std::vector<detail::PendingVm> pending;
  std::vector<detail::TaggedSample> samples;
  auto find_id = [&](std::string_view id, std::uint64_t h) {
    return index.find(h, [&](std::uint32_t i) { return pending[i].record.id == id; });
  };
  std::vector<std::string_view> f;
  std::string_view line;

  {
    detail::LineReader r(vmtable_file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n != 11) r.fail("found " + std::to_string(n) + " columns, expected the 11 of vmtable");
      if (r.line_number() == 1 && contains_ci(f[3], "created")) continue;  // header line
      if (f[0].empty()) r.fail("column 1 (vmid) is empty");
      const double created = number(r, f[3], 4, "vmcreated");
      const double deleted = number(r, f[4], 5, "vmdeleted");
      if (deleted < created) r.fail("vmdeleted is before vmcreated");
      const double cores = bucket(r, f[9], 10, "vmcorecount", options.cores_open_bucket);
      const double mem_GB = bucket(r, f[10], 11, "vmmemory", options.memory_GB_open_bucket);
      const std::uint64_t h = detail::hash_bytes(f[0]);
      if (find_id(f[0], h) != detail::FlatIndex::kNone) r.fail("duplicate vmid " + detail::quote(f[0]));
      index.insert(h, static_cast<std::uint32_t>(pending.size()));
      detail::PendingVm vm;
      vm.record.id = std::string(f[0]);
      vm.record.start_s = created;
      vm.record.end_s = deleted;
      vm.record.cores = cores;
      vm.record.memory_B = mem_GB * kGiB;
      pending.push_back(std::move(vm));
    }
  }

  for (const std::string& file : cpu_reading_files) {
    detail::LineReader r(file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n != 5) r.fail("found " + std::to_string(n) + " columns, expected the 5 of vm_cpu_readings");
      if (r.line_number() == 1 && contains_ci(f[0], "timestamp")) continue;  // header line
      const double t = number(r, f[0], 1, "timestamp");
      const double avg = number(r, f[4], 5, "avg cpu");
      const std::uint32_t vi = find_id(f[1], detail::hash_bytes(f[1]));
      if (vi == detail::FlatIndex::kNone) {
        ++out.ignored_rows;
        continue;
      }
      samples.push_back({vi, {t, t, avg / 100.0, NAN}});
    }
  }

  detail::finish_vms(pending, samples, options.usage_interval_s, vmtable_file, out);
  return out;
}

}  // namespace dcsim::workload
