#include "models/workload/google2011_reader.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "models/workload/detail/flat_index.hpp"
#include "models/workload/detail/text_input.hpp"
#include "models/workload/detail/vm_builder.hpp"

namespace dcsim::workload {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::int64_t kAfterTraceEnd = std::numeric_limits<std::int64_t>::max();

struct Task {
  std::int64_t job = 0, task = 0;
  double cpu_request = NAN, mem_request = NAN;  // latest non-empty values (normalised)
  std::int64_t last_instance = -1;              // index into pending
  int instances = 0;
  bool running = false;
};

struct Instance {
  std::int64_t prev_instance = -1;  // previous instance of the same task
  std::uint32_t task = 0;           // index into tasks
  double cpu_request = NAN, mem_request = NAN;
};

std::int64_t int_field(const detail::LineReader& r, std::string_view f, int col, const char* name) {
  std::int64_t v = 0;
  if (!detail::parse_int64(f, v) || v < 0)
    r.fail("column " + std::to_string(col) + " (" + name + "): found " + detail::quote(f) +
           ", expected a non-negative integer");
  return v;
}

double time_field(const detail::LineReader& r, std::string_view f, int col, const char* name) {
  std::int64_t us = int_field(r, f, col, name);
  return us == kAfterTraceEnd ? kInf : static_cast<double>(us) * 1e-6;
}

// Empty -> NaN (the trace leaves requests blank when unknown).
double optional_fraction(const detail::LineReader& r, std::string_view f, int col, const char* name) {
  if (detail::trim(f).empty()) return NAN;
  double v = 0;
  if (!detail::parse_double(f, v) || v < 0)
    r.fail("column " + std::to_string(col) + " (" + name + "): found " + detail::quote(f) +
           ", expected a non-negative normalised value or nothing");
  return v;
}

}  // namespace

VmTrace read_google2011(const std::vector<std::string>& task_event_files,
                        const std::vector<std::string>& task_usage_files, const Google2011Options& options) {
  if (!(options.machine_cores > 0) || !(options.machine_memory_B > 0) || !(options.usage_interval_s > 0))
    throw std::invalid_argument("read_google2011: machine_cores, machine_memory_B and usage_interval_s must be > 0");

  VmTrace out;
  detail::FlatIndex task_index;
  std::vector<Task> tasks;
  auto find_task = [&](std::int64_t job, std::int64_t task_no, std::uint64_t h) {
    return task_index.find(h, [&](std::uint32_t i) { return tasks[i].job == job && tasks[i].task == task_no; });
  };
  std::vector<detail::PendingVm> pending;
  std::vector<detail::TaggedSample> samples;
  std::vector<Instance> inst;  // parallel to pending
  std::vector<std::string_view> f;
  std::string_view line;

  for (const std::string& file : task_event_files) {
    detail::LineReader r(file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n != 13) r.fail("found " + std::to_string(n) + " columns, expected the 13 of task_events");
      const double t = time_field(r, f[0], 1, "time");
      const std::int64_t job = int_field(r, f[2], 3, "job ID");
      const std::int64_t task_no = int_field(r, f[3], 4, "task index");
      const std::int64_t type = int_field(r, f[5], 6, "event type");
      if (type > 8) r.fail("column 6 (event type): found " + std::to_string(type) + ", expected 0..8");
      const double cpu = optional_fraction(r, f[9], 10, "CPU request");
      const double mem = optional_fraction(r, f[10], 11, "memory request");

      const std::uint64_t h = detail::hash_pair(static_cast<std::uint64_t>(job), static_cast<std::uint64_t>(task_no));
      std::uint32_t ti = find_task(job, task_no, h);
      if (ti == detail::FlatIndex::kNone) {
        ti = static_cast<std::uint32_t>(tasks.size());
        task_index.insert(h, ti);
        tasks.emplace_back();
        tasks.back().job = job;
        tasks.back().task = task_no;
      }
      Task& task = tasks[ti];
      if (!std::isnan(cpu)) task.cpu_request = cpu;
      if (!std::isnan(mem)) task.mem_request = mem;
      if (task.running) {  // requests that arrive after the SCHEDULE fill an instance that had none
        Instance& cur = inst[static_cast<std::size_t>(task.last_instance)];
        if (std::isnan(cur.cpu_request)) cur.cpu_request = task.cpu_request;
        if (std::isnan(cur.mem_request)) cur.mem_request = task.mem_request;
      }

      if (type == 1) {  // SCHEDULE
        if (task.running) pending[static_cast<std::size_t>(task.last_instance)].record.end_s = t;
        detail::PendingVm vm;
        ++task.instances;
        vm.record.id = std::to_string(job) + "-" + std::to_string(task_no);
        if (task.instances > 1) vm.record.id += "#" + std::to_string(task.instances);
        vm.record.start_s = t;
        vm.record.end_s = kInf;
        Instance in;
        in.prev_instance = task.last_instance;
        in.task = ti;
        in.cpu_request = task.cpu_request;
        in.mem_request = task.mem_request;
        task.last_instance = static_cast<std::int64_t>(pending.size());
        task.running = true;
        pending.push_back(std::move(vm));
        inst.push_back(in);
      } else if (type >= 2 && type <= 6) {  // EVICT FAIL FINISH KILL LOST
        if (task.running) {
          pending[static_cast<std::size_t>(task.last_instance)].record.end_s = t;
          task.running = false;
        } else {
          ++out.ignored_rows;
        }
      }
    }
  }

  // Requests still unknown at the SCHEDULE: the task's last value.
  for (std::size_t i = 0; i < pending.size(); ++i) {
    Instance& in = inst[i];
    const Task& task = tasks[in.task];
    if (std::isnan(in.cpu_request)) in.cpu_request = task.cpu_request;
    if (std::isnan(in.mem_request)) in.mem_request = task.mem_request;
    detail::PendingVm& p = pending[i];
    if (!(in.cpu_request > 0)) {
      p.keep = false;
      continue;
    }
    p.record.cores = in.cpu_request * options.machine_cores;
    p.record.memory_B = std::isnan(in.mem_request) ? 0.0 : in.mem_request * options.machine_memory_B;
  }

  for (const std::string& file : task_usage_files) {
    detail::LineReader r(file);
    while (r.next(line)) {
      if (detail::trim(line).empty()) continue;
      std::size_t n = detail::split(line, ',', f);
      if (n < 7) r.fail("found " + std::to_string(n) + " columns, expected at least 7 (task_usage)");
      const double t0 = time_field(r, f[0], 1, "start time");
      const double t1 = time_field(r, f[1], 2, "end time");
      if (t1 < t0) r.fail("end time is before start time");
      const std::int64_t job = int_field(r, f[2], 3, "job ID");
      const std::int64_t task_no = int_field(r, f[3], 4, "task index");
      const double cpu = optional_fraction(r, f[5], 6, "mean CPU usage rate");
      const double mem = optional_fraction(r, f[6], 7, "canonical memory usage");
      const std::uint32_t ti =
          find_task(job, task_no, detail::hash_pair(static_cast<std::uint64_t>(job), static_cast<std::uint64_t>(task_no)));
      if (ti == detail::FlatIndex::kNone || tasks[ti].last_instance < 0 || std::isinf(t0)) {
        ++out.ignored_rows;
        continue;
      }
      std::int64_t k = tasks[ti].last_instance;
      while (pending[static_cast<std::size_t>(k)].record.start_s > t0 && inst[static_cast<std::size_t>(k)].prev_instance >= 0)
        k = inst[static_cast<std::size_t>(k)].prev_instance;
      detail::PendingVm& p = pending[static_cast<std::size_t>(k)];
      if (!p.keep) {
        ++out.ignored_rows;
        continue;
      }
      const Instance& in = inst[static_cast<std::size_t>(k)];
      const double cpu_frac = cpu / in.cpu_request;
      const double mem_frac = in.mem_request > 0 ? mem / in.mem_request : NAN;
      samples.push_back({static_cast<std::uint32_t>(k), {t0, std::isinf(t1) ? t0 : t1, cpu_frac, mem_frac}});
    }
  }

  detail::finish_vms(pending, samples, options.usage_interval_s,
                     task_usage_files.empty() ? std::string("<task_usage>") : task_usage_files.front(), out);
  return out;
}

}  // namespace dcsim::workload
