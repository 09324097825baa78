// _dcsim: the pybind11 module behind the `dcsim` Python package. It exposes the same C++ engine the `dcsim`
// program uses (no second engine): scenario loading/validation (with the CLI's overrides), a run that writes
// the standard outputs, the step API over dcsim::Simulation, and the CLI's main() itself.
// SimGrid allows one engine per process (docs/python.md): the Python side runs each simulation in a fresh
// child process; nothing here enforces that.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "models/policy/host_index.hpp"
#include "sim/outputs.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/simulation.hpp"

int dcsim_python_cli_main(int argc, char** argv);  // python/src/cli_entry.cpp

namespace py = pybind11;

namespace {

PyObject* g_input_errors = nullptr;  // _dcsim.NativeInputErrors(message, [(file, line, column, key, msg, text)])

dcsim::Scenario load(const std::string& path, const std::string& text, const std::string& name,
                     const std::string& base_dir, const std::vector<std::string>& overrides) {
  // A scenario that came from a file is loaded from the file, so messages match the CLI's exactly.
  if (!path.empty()) return dcsim::load_scenario(path, overrides);
  return dcsim::load_scenario_text(text, name, base_dir, overrides);
}

py::dict scenario_info(const dcsim::Scenario& sc) {
  YAML::Emitter out;
  out << sc.resolved;
  py::dict d;
  d["file"] = sc.file;
  d["version"] = sc.version;
  d["name"] = sc.site.name;
  d["servers"] = sc.server_count();
  d["duration_s"] = sc.simulation.duration_s;
  d["seed"] = sc.simulation.seed;
  d["resolved_yaml"] = std::string(out.c_str());
  return d;
}

py::dict facility_dict(const dcsim::FacilityPower& f) {
  py::dict d;
  d["servers_W"] = f.servers_W;
  d["network_W"] = f.network_W;
  d["it_W"] = f.it_W();
  d["pdu_loss_W"] = f.pdu_loss_W;
  d["ups_loss_W"] = f.ups_loss_W;
  d["transformer_loss_W"] = f.transformer_loss_W;
  d["losses_W"] = f.losses_W();
  d["heat_W"] = f.heat_W;
  d["cooling_W"] = f.cooling_W;
  d["facility_W"] = f.facility_W;
  return d;
}

py::dict totals_dict(const dcsim::RunTotals& T) {
  py::dict d;
  d["servers_J"] = T.servers_J;
  d["network_J"] = T.network_J;
  d["pdu_loss_J"] = T.pdu_loss_J;
  d["ups_loss_J"] = T.ups_loss_J;
  d["transformer_loss_J"] = T.transformer_loss_J;
  d["cooling_J"] = T.cooling_J;
  d["facility_J"] = T.facility_J;
  d["hall_servers_J"] = T.hall_servers_J;
  d["hall_cooling_J"] = T.hall_cooling_J;
  d["busy_core_s"] = T.busy_core_s;
  d["allocated_core_s"] = T.allocated_core_s;
  d["peak_it_W"] = T.peak_it_W;
  d["peak_facility_W"] = T.peak_facility_W;
  d["vms_requested"] = T.vms_requested;
  d["vms_placed"] = T.vms_placed;
  d["vms_rejected"] = T.vms_rejected;
  d["vms_completed"] = T.vms_completed;
  d["vms_running"] = T.vms_running;
  d["events"] = T.events;
  d["simulated_s"] = T.simulated_s;
  return d;
}

// The sampled series as numpy arrays (one copy: the engine keeps rows, not columns). Per-hall columns are
// 2-D arrays of shape (rows, halls).
py::dict series_dict(const dcsim::Simulation& sim) {
  const auto& rows = sim.series();
  const py::ssize_t n = static_cast<py::ssize_t>(rows.size());
  const py::ssize_t halls = sim.layout().halls();
  auto column = [&](auto get) {
    py::array_t<double> a(n);
    auto* p = a.mutable_data();
    for (py::ssize_t i = 0; i < n; ++i) p[i] = get(rows[i]);
    return a;
  };
  auto hall_column = [&](auto get) {
    py::array_t<double> a({n, halls});
    auto* p = a.mutable_data();
    for (py::ssize_t i = 0; i < n; ++i)
      for (py::ssize_t h = 0; h < halls; ++h) p[i * halls + h] = get(rows[i])[h];
    return a;
  };
  py::dict d;
  d["time_s"] = column([](const dcsim::SeriesRow& r) { return r.time_s; });
  d["it_W"] = column([](const dcsim::SeriesRow& r) { return r.servers_W + r.network_W; });
  d["servers_W"] = column([](const dcsim::SeriesRow& r) { return r.servers_W; });
  d["network_W"] = column([](const dcsim::SeriesRow& r) { return r.network_W; });
  d["power_losses_W"] = column([](const dcsim::SeriesRow& r) { return r.losses_W; });
  d["cooling_W"] = column([](const dcsim::SeriesRow& r) { return r.cooling_W; });
  d["facility_W"] = column([](const dcsim::SeriesRow& r) { return r.facility_W; });
  d["outdoor_dry_bulb_C"] = column([](const dcsim::SeriesRow& r) { return r.outdoor_dry_bulb_C; });
  d["vms_running"] = column([](const dcsim::SeriesRow& r) { return static_cast<double>(r.vms_running); });
  d["hall_it_W"] = hall_column([](const dcsim::SeriesRow& r) -> const std::vector<double>& { return r.hall_servers_W; });
  d["hall_cooling_W"] = hall_column([](const dcsim::SeriesRow& r) -> const std::vector<double>& { return r.hall_cooling_W; });
  d["hall_utilization"] =
      hall_column([](const dcsim::SeriesRow& r) -> const std::vector<double>& { return r.hall_utilization; });
  d["hall_names"] = sim.layout().hall_names;
  return d;
}

// The Python placement hook. Compiled only when dcsim::Simulation offers
//   void set_placement_callback(std::function<int(const VmRequest&, const policy::HostIndex&)>)
// (requested from the lead; see docs/python.md). The Python function gets (vm, candidate ids, their free
// cores, their free memory) and returns a host id, -1 to reject, or -2 for the scenario's built-in policy.
template <class Sim>
constexpr bool kHasPlacementCallback = requires(Sim& s) {
  s.set_placement_callback(std::function<int(const dcsim::VmRequest&, const dcsim::policy::HostIndex&)>{});
};
template <class Sim>
constexpr bool kHasPlacementPolicySetter = requires(Sim& s) { s.set_placement_policy(std::string{}); };

template <class Sim>
void set_placement_callback(Sim& sim, py::object fn) {
  if constexpr (kHasPlacementCallback<Sim>) {
    if (fn.is_none()) {
      sim.set_placement_callback({});
      return;
    }
    // Reused buffers: no allocation per call beyond the numpy wrappers handed to Python.
    auto ids = std::make_shared<std::vector<int>>();
    auto cores = std::make_shared<std::vector<int>>();
    auto mem = std::make_shared<std::vector<double>>();
    sim.set_placement_callback([fn, ids, cores, mem](const dcsim::VmRequest& vm,
                                                     const dcsim::policy::HostIndex& index) -> int {
      ids->clear();
      cores->clear();
      mem->clear();
      for (int h = 0; h < index.size(); ++h)  // O(hosts) in C++: ~0.1 ms per call at 100,000 hosts
        if (index.fits(h, vm.cores, vm.memory_B)) {
          ids->push_back(h);
          cores->push_back(index.free_cores(h));
          mem->push_back(index.free_memory(h));
        }
      py::gil_scoped_acquire gil;
      py::dict v;
      v["uid"] = vm.uid;
      v["cores"] = vm.cores;
      v["memory_B"] = vm.memory_B;
      v["arrival_s"] = vm.arrival_s;
      v["end_s"] = vm.end_s;
      const auto n = static_cast<py::ssize_t>(ids->size());
      py::array_t<int> a_ids(n, ids->data()), a_cores(n, cores->data());
      py::array_t<double> a_mem(n, mem->data());
      py::object r = fn(v, a_ids, a_cores, a_mem);
      if (r.is_none()) return -2;
      return r.cast<int>();
    });
  } else {
    throw std::runtime_error(
        "this build of dcsim has no placement hook (Simulation::set_placement_callback); see docs/python.md");
  }
}

template <class Sim>
void set_placement_policy(Sim& sim, const std::string& name) {
  if constexpr (kHasPlacementPolicySetter<Sim>) {
    sim.set_placement_policy(name);
  } else {
    throw std::runtime_error("this build of dcsim cannot change the placement policy during a run "
                             "(Simulation::set_placement_policy); see docs/python.md");
  }
}

}  // namespace

PYBIND11_MODULE(_dcsim, m) {
  m.doc() = "dcsim engine bindings (use the `dcsim` package, not this module directly)";
  g_input_errors = PyErr_NewException("_dcsim.NativeInputErrors", PyExc_ValueError, nullptr);
  m.add_object("NativeInputErrors", py::handle(g_input_errors));
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const dcsim::InputErrors& e) {
      py::list errors;
      for (const auto& x : e.errors())
        errors.append(py::make_tuple(x.file, x.line, x.column, x.key_path, x.message, x.format()));
      PyErr_SetObject(g_input_errors, py::make_tuple(py::str(e.what()), errors).ptr());
    }
  });
  m.attr("HAS_PLACEMENT_CALLBACK") = kHasPlacementCallback<dcsim::Simulation>;
  m.attr("HAS_PLACEMENT_POLICY_SETTER") = kHasPlacementPolicySetter<dcsim::Simulation>;

  m.def(
      "load",
      [](const std::string& path, const std::string& text, const std::string& name, const std::string& base_dir,
         const std::vector<std::string>& overrides) { return scenario_info(load(path, text, name, base_dir, overrides)); },
      py::arg("path"), py::arg("text"), py::arg("name"), py::arg("base_dir"), py::arg("overrides"),
      "Load and validate a scenario (from `path` if not empty, else from `text`); returns facts about it. "
      "Raises NativeInputErrors.");

  m.def(
      "run_to_directory",
      [](const std::string& path, const std::string& text, const std::string& name, const std::string& base_dir,
         const std::vector<std::string>& overrides, const std::string& out_dir, bool quiet) {
        auto sc = load(path, text, name, base_dir, overrides);
        std::string summary;
        {
          py::gil_scoped_release nogil;
          dcsim::Simulation sim(std::move(sc));
          sim.show_progress = !quiet;
          sim.run();
          sim.check_invariants();
          dcsim::write_outputs(sim, out_dir);
          summary = dcsim::make_summary(sim).dump();
        }
        return summary;
      },
      py::arg("path"), py::arg("text"), py::arg("name"), py::arg("base_dir"), py::arg("overrides"),
      py::arg("out_dir"), py::arg("quiet") = true,
      "Run a scenario to its end and write the standard outputs into out_dir (atomically); returns the summary "
      "as JSON text. One simulation per process (SimGrid).");

  m.def(
      "cli_main",
      [](const std::vector<std::string>& argv) {
        std::vector<std::string> args = argv;
        std::vector<char*> ptrs;
        for (auto& a : args) ptrs.push_back(a.data());
        ptrs.push_back(nullptr);
        int rc;
        {
          py::gil_scoped_release nogil;
          rc = dcsim_python_cli_main(static_cast<int>(args.size()), ptrs.data());
          std::cout.flush();
          std::cerr.flush();
          std::fflush(stdout);
          std::fflush(stderr);
        }
        return rc;
      },
      py::arg("argv"), "Run the `dcsim` program's command line (argv[0] is the program name); returns the exit code.");

  py::class_<dcsim::Simulation>(m, "NativeSimulation")
      .def(py::init([](const std::string& path, const std::string& text, const std::string& name,
                       const std::string& base_dir, const std::vector<std::string>& overrides) {
             return std::make_unique<dcsim::Simulation>(load(path, text, name, base_dir, overrides));
           }),
           py::arg("path"), py::arg("text"), py::arg("name"), py::arg("base_dir"), py::arg("overrides"))
      .def("run", &dcsim::Simulation::run, py::arg("until_s") = -1.0, py::call_guard<py::gil_scoped_release>())
      .def_property_readonly("finished", &dcsim::Simulation::finished)
      .def_property_readonly("now", &dcsim::Simulation::now)
      .def_readwrite("show_progress", &dcsim::Simulation::show_progress)
      .def_property_readonly("server_count", [](const dcsim::Simulation& s) { return s.layout().servers(); })
      .def_property_readonly("hall_names", [](const dcsim::Simulation& s) { return s.layout().hall_names; })
      .def("server_utilization", &dcsim::Simulation::server_utilization, py::arg("server"))
      .def("server_power_W", &dcsim::Simulation::server_power_W, py::arg("server"))
      .def("server_vm_count", &dcsim::Simulation::server_vm_count, py::arg("server"))
      .def("utilizations",
           [](const dcsim::Simulation& s) {
             py::array_t<double> a(s.layout().servers());
             auto* p = a.mutable_data();
             for (long i = 0; i < s.layout().servers(); ++i) p[i] = s.server_utilization(i);
             return a;
           })
      .def("powers_W",
           [](const dcsim::Simulation& s) {
             py::array_t<double> a(s.layout().servers());
             auto* p = a.mutable_data();
             for (long i = 0; i < s.layout().servers(); ++i) p[i] = s.server_power_W(i);
             return a;
           })
      .def("vm_counts",
           [](const dcsim::Simulation& s) {
             py::array_t<int> a(s.layout().servers());
             auto* p = a.mutable_data();
             for (long i = 0; i < s.layout().servers(); ++i) p[i] = s.server_vm_count(i);
             return a;
           })
      .def("facility_now", [](const dcsim::Simulation& s) { return facility_dict(s.facility_now()); })
      .def("totals", [](const dcsim::Simulation& s) { return totals_dict(s.totals()); })
      .def("summary_json", [](const dcsim::Simulation& s) { return dcsim::make_summary(s).dump(); })
      .def("series", &series_dict)
      .def("check_invariants", &dcsim::Simulation::check_invariants)
      .def("write_outputs", &dcsim::write_outputs, py::arg("directory"))
      .def("set_placement_callback", &set_placement_callback<dcsim::Simulation>, py::arg("fn"))
      .def("set_placement_policy", &set_placement_policy<dcsim::Simulation>, py::arg("name"));
}
