#include "sim/compare.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/input_error.hpp"
#include "sim/facility_year.hpp"
#include "sim/outputs.hpp"
#include "sim/scenario_loader.hpp"
#include "sim/simulation.hpp"
#include "sim/site_layout.hpp"

namespace dcsim {
namespace fs = std::filesystem;
namespace {

constexpr double kJ_per_kWh = 3.6e6;

struct Design {
  std::string name, file;
  std::vector<std::string> sets;
  Scenario scenario;
  std::string it_key;
  YearResult year;
  std::string weather_label;
};

std::vector<Design> expand(const CompareOptions& o) {
  std::vector<Design> out;
  for (const auto& f : o.files) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(f);
    } catch (const YAML::BadFile&) {
      throw InputErrors(InputError{f, 0, 0, "", "cannot open the scenario file"});
    } catch (const YAML::ParserException& e) {
      throw InputErrors(InputError{f, e.mark.line + 1, e.mark.column + 1, "", "YAML syntax error: " + e.msg});
    }
    if (doc.IsMap() && doc["designs"]) {
      const auto list = doc["designs"];
      if (!list.IsSequence() || list.size() == 0)
        throw InputErrors(InputError{f, list.Mark().line + 1, list.Mark().column + 1, "designs",
                                     "expected a non-empty list of scenario files or {file, name, set}"});
      const fs::path base = fs::absolute(f).parent_path();
      for (size_t i = 0; i < list.size(); ++i) {
        const auto e = list[i];
        Design d;
        const auto mark = e.Mark();
        auto bad = [&](const std::string& m) {
          throw InputErrors(InputError{f, mark.line + 1, mark.column + 1, "designs[" + std::to_string(i) + "]", m});
        };
        if (e.IsScalar()) {
          d.file = (base / e.as<std::string>()).lexically_normal().string();
        } else if (e.IsMap() && e["file"] && e["file"].IsScalar()) {
          d.file = (base / e["file"].as<std::string>()).lexically_normal().string();
          if (e["name"]) d.name = e["name"].as<std::string>();
          if (e["set"]) {
            if (!e["set"].IsSequence()) bad("'set' must be a list of PATH=VALUE strings");
            for (const auto& s : e["set"]) d.sets.push_back(s.as<std::string>());
          }
          for (const auto& kv : e)
            if (const auto k = kv.first.as<std::string>(); k != "file" && k != "name" && k != "set")
              bad("unknown key '" + k + "'; expected file, name, set");
        } else {
          bad("expected a scenario path or a map with 'file'");
        }
        if (!fs::is_regular_file(d.file)) bad("scenario file '" + d.file + "' does not exist");
        out.push_back(std::move(d));
      }
    } else {
      Design d;
      d.file = f;
      out.push_back(std::move(d));
    }
  }
  // Names: given, else the file stem; made unique.
  std::map<std::string, int> seen;
  for (auto& d : out) {
    if (d.name.empty()) d.name = fs::path(d.file).stem().string();
    if (const int n = seen[d.name]++; n > 0) d.name += "-" + std::to_string(n + 1);
  }
  return out;
}

std::string it_key(const Scenario& sc) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  for (auto k : {"server_types", "rack_types", "halls", "network", "workload", "scheduler", "simulation"})
    e << YAML::Key << k << YAML::Value << sc.resolved[k];
  e << YAML::EndMap;
  return e.c_str();
}

// Simulates the IT load in a child process (one SimGrid engine per process) and reads back its hourly profile.
ItProfile simulate_it(const Scenario& sc, const std::string& name, bool quiet) {
  char tmpl[] = "/tmp/dcsim-it-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the IT profile");
  close(fd);
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int code = 0;
    try {
      Simulation sim(sc);
      sim.show_progress = !quiet;
      sim.run();
      sim.check_invariants();
      const auto p = it_profile_from_series(sim.series());
      std::ofstream out(tmpl, std::ios::binary);
      const std::uint64_t n = p.hours();
      out.write(reinterpret_cast<const char*>(&n), sizeof n);
      out.write(reinterpret_cast<const char*>(p.servers_W.data()), n * sizeof(double));
      out.write(reinterpret_cast<const char*>(p.network_W.data()), n * sizeof(double));
      if (!out) code = 4;
    } catch (const InputErrors& e) {
      for (const auto& err : e.errors()) std::cerr << "  " << err.format() << "\n";
      code = 2;
    } catch (const std::exception& e) {
      std::cerr << "dcsim compare: IT simulation failed: " << e.what() << "\n";
      code = 3;
    }
    std::fflush(nullptr);
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ItProfile p;
  std::ifstream in(tmpl, std::ios::binary);
  std::uint64_t n = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && in.read(reinterpret_cast<char*>(&n), sizeof n)) {
    p.servers_W.resize(n);
    p.network_W.resize(n);
    in.read(reinterpret_cast<char*>(p.servers_W.data()), n * sizeof(double));
    in.read(reinterpret_cast<char*>(p.network_W.data()), n * sizeof(double));
  }
  fs::remove(tmpl);
  if (p.hours() == 0)
    throw std::runtime_error("the IT simulation of '" + name + "' failed (exit status " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  return p;
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

struct Column {
  const char* header;
  const char* format;
  double (*value)(const YearResult&);
};

const std::vector<Column>& columns() {
  static const std::vector<Column> cols = {
      {"annual PUE", "%.3f", [](const YearResult& r) { return r.pue(); }},
      {"pPUE cooling", "%.3f", [](const YearResult& r) { return (r.it_J() + r.cooling_J) / std::max(1e-12, r.it_J()); }},
      {"pPUE power", "%.3f", [](const YearResult& r) { return (r.it_J() + r.losses_J()) / std::max(1e-12, r.it_J()); }},
      {"IT MWh", "%.1f", [](const YearResult& r) { return r.it_J() / kJ_per_kWh / 1e3; }},
      {"losses MWh", "%.1f", [](const YearResult& r) { return r.losses_J() / kJ_per_kWh / 1e3; }},
      {"compressor MWh", "%.1f", [](const YearResult& r) { return r.compressor_J / kJ_per_kWh / 1e3; }},
      {"heat rejection MWh", "%.1f", [](const YearResult& r) { return r.heat_rejection_J / kJ_per_kWh / 1e3; }},
      {"pumps MWh", "%.1f", [](const YearResult& r) { return r.pumps_J / kJ_per_kWh / 1e3; }},
      {"fans MWh", "%.1f", [](const YearResult& r) { return r.fans_J / kJ_per_kWh / 1e3; }},
      {"cooling MWh", "%.1f", [](const YearResult& r) { return r.cooling_J / kJ_per_kWh / 1e3; }},
      {"facility MWh", "%.1f", [](const YearResult& r) { return r.facility_J / kJ_per_kWh / 1e3; }},
      {"water m3", "%.0f", [](const YearResult& r) { return r.water_m3; }},
      {"WUE L/kWh", "%.3f", [](const YearResult& r) { return r.water_m3 * 1e3 / std::max(1e-12, r.it_J() / kJ_per_kWh); }},
      {"carbon t", "%.1f", [](const YearResult& r) { return r.carbon_kg / 1e3; }},
      {"CUE kg/kWh", "%.3f", [](const YearResult& r) { return r.carbon_kg / std::max(1e-12, r.it_J() / kJ_per_kWh); }},
      {"cost k", "%.1f", [](const YearResult& r) { return r.cost / 1e3; }},
      {"free-cooling h", "%.0f", [](const YearResult& r) { return r.free_cooling_hours; }},
      {"class-exceedance h", "%.0f", [](const YearResult& r) { return r.hours_outside_class; }},
      {"peak facility kW", "%.1f", [](const YearResult& r) { return r.peak_facility_W / 1e3; }},
  };
  return cols;
}

const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                          "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return o;
}

std::string monthly_pue_svg(const std::vector<Design>& ds) {
  const double W = 760, H = 420, x0 = 60, y0 = 30, pw = 520, ph = 330;
  double lo = 1e9, hi = -1e9;
  for (const auto& d : ds)
    for (int m = 0; m < 12; ++m)
      if (d.year.month_it_J[m] > 0) {
        const double p = d.year.month_facility_J[m] / d.year.month_it_J[m];
        lo = std::min(lo, p), hi = std::max(hi, p);
      }
  lo = std::floor(lo * 20) / 20 - 0.02, hi = std::ceil(hi * 20) / 20 + 0.02;
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H << "' font-family='sans-serif' "
    << "font-size='11'>\n<rect width='100%' height='100%' fill='white'/>\n"
    << "<text x='" << x0 << "' y='18' font-size='14'>Monthly PUE</text>\n";
  auto X = [&](int m) { return x0 + pw * (m + 0.5) / 12; };
  auto Y = [&](double v) { return y0 + ph * (1 - (v - lo) / (hi - lo)); };
  for (int k = 0; k <= 5; ++k) {
    const double v = lo + (hi - lo) * k / 5;
    s << "<line x1='" << x0 << "' x2='" << x0 + pw << "' y1='" << Y(v) << "' y2='" << Y(v)
      << "' stroke='#ddd'/><text x='" << x0 - 6 << "' y='" << Y(v) + 4 << "' text-anchor='end'>" << fmt("%.2f", v)
      << "</text>\n";
  }
  const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int m = 0; m < 12; ++m)
    s << "<text x='" << X(m) << "' y='" << y0 + ph + 16 << "' text-anchor='middle'>" << months[m] << "</text>\n";
  for (size_t i = 0; i < ds.size(); ++i) {
    const char* c = kPalette[i % 10];
    s << "<polyline fill='none' stroke='" << c << "' stroke-width='2' points='";
    for (int m = 0; m < 12; ++m)
      if (ds[i].year.month_it_J[m] > 0) s << X(m) << ',' << Y(ds[i].year.month_facility_J[m] / ds[i].year.month_it_J[m]) << ' ';
    s << "'/>\n<rect x='" << x0 + pw + 15 << "' y='" << y0 + 18 * i << "' width='12' height='12' fill='" << c
      << "'/><text x='" << x0 + pw + 32 << "' y='" << y0 + 18 * i + 10 << "'>" << esc(ds[i].name) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

std::string breakdown_svg(const std::vector<Design>& ds) {
  struct Part {
    const char* name;
    const char* color;
    double (*J)(const YearResult&);
  };
  const Part parts[] = {{"IT", "#4e79a7", [](const YearResult& r) { return r.it_J(); }},
                        {"power losses", "#f28e2b", [](const YearResult& r) { return r.losses_J(); }},
                        {"compressor", "#e15759", [](const YearResult& r) { return r.compressor_J; }},
                        {"heat rejection", "#76b7b2", [](const YearResult& r) { return r.heat_rejection_J; }},
                        {"pumps", "#59a14f", [](const YearResult& r) { return r.pumps_J; }},
                        {"fans", "#edc948", [](const YearResult& r) { return r.fans_J; }}};
  const double W = 760, rowh = 26, x0 = 180, pw = 420, y0 = 40;
  const double H = y0 + rowh * ds.size() + 60;
  double maxkW = 0;
  for (const auto& d : ds) maxkW = std::max(maxkW, d.year.facility_J / std::max(1.0, d.year.hours * 3600) / 1e3);
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H << "' font-family='sans-serif' "
    << "font-size='11'>\n<rect width='100%' height='100%' fill='white'/>\n"
    << "<text x='10' y='18' font-size='14'>Annual mean power by subsystem (kW)</text>\n";
  for (size_t i = 0; i < ds.size(); ++i) {
    const auto& r = ds[i].year;
    const double y = y0 + rowh * i;
    s << "<text x='" << x0 - 6 << "' y='" << y + 15 << "' text-anchor='end'>" << esc(ds[i].name) << "</text>\n";
    double x = x0;
    for (const auto& p : parts) {
      const double kW = p.J(r) / std::max(1.0, r.hours * 3600) / 1e3;
      const double w = pw * kW / std::max(1e-9, maxkW);
      s << "<rect x='" << x << "' y='" << y << "' width='" << w << "' height='" << rowh - 6 << "' fill='" << p.color
        << "'><title>" << p.name << ": " << fmt("%.1f", kW) << " kW</title></rect>\n";
      x += w;
    }
    s << "<text x='" << x + 4 << "' y='" << y + 15 << "'>" << fmt("%.0f", (x - x0) / pw * maxkW) << " kW, PUE "
      << fmt("%.3f", r.pue()) << "</text>\n";
  }
  double lx = x0;
  const double ly = y0 + rowh * ds.size() + 20;
  for (const auto& p : parts) {
    s << "<rect x='" << lx << "' y='" << ly << "' width='12' height='12' fill='" << p.color << "'/><text x='" << lx + 16
      << "' y='" << ly + 10 << "'>" << p.name << "</text>\n";
    lx += 16 + 7.0 * std::string(p.name).size() + 14;
  }
  s << "</svg>\n";
  return s.str();
}

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

}  // namespace

bool is_designs_file(const std::string& path) {
  try {
    const auto doc = YAML::LoadFile(path);
    return doc.IsMap() && doc["designs"];
  } catch (const YAML::Exception&) {
    return false;  // the scenario loader reports it
  }
}

int validate_designs(const std::string& path, const std::vector<std::string>& sets) {
  CompareOptions o;
  o.files = {path};
  o.sets = sets;
  for (auto& d : expand(o)) {
    auto all = sets;
    all.insert(all.end(), d.sets.begin(), d.sets.end());
    const auto sc = load_scenario(d.file, all);
    std::printf("%s: design '%s' valid (%s, %ld servers)\n", path.c_str(), d.name.c_str(), sc.cooling.type.c_str(),
                sc.server_count());
  }
  return 0;
}

int run_compare(const CompareOptions& o) {
  auto designs = expand(o);
  for (auto& d : designs) {
    auto sets = o.sets;
    sets.insert(sets.end(), d.sets.begin(), d.sets.end());
    d.scenario = load_scenario(d.file, sets);
    d.it_key = it_key(d.scenario);
  }
  // One IT simulation per distinct IT scenario.
  std::map<std::string, ItProfile> profiles;
  for (const auto& d : designs) {
    if (profiles.count(d.it_key)) continue;
    if (!o.quiet) std::fprintf(stderr, "[compare] simulating the IT load of %s\n", d.name.c_str());
    profiles.emplace(d.it_key, simulate_it(d.scenario, d.name, o.quiet));
  }
  for (auto& d : designs) {
    const auto& sc = d.scenario;
    const auto layout = build_site_layout(sc);
    FacilityEvaluator eval(*layout.power_chain, *layout.cooling, sc.cooling);
    eval.set_server_totals(server_totals(layout));
    const auto weather = make_weather_series(sc.site.weather);
    d.weather_label = sc.site.weather.kind == "file" ? fs::path(sc.site.weather.file).stem().string()
                                                     : sc.site.weather.kind;
    const auto carbon = sc.cooling.carbon_file.empty() ? std::vector<double>{} : read_carbon_csv(sc.cooling.carbon_file);
    const auto racks = build_rack_inlets(sc, layout);
    YearOptions opt;
    opt.label = d.name;
    opt.racks = &racks;
    d.year = run_facility_year(eval, sc.cooling, weather, profiles.at(d.it_key), carbon, opt);
  }

  const fs::path dir = fs::absolute(o.output_dir);
  fs::create_directories(dir / "designs");
  std::ostringstream csv, md;
  csv << "design,type,weather";
  md << "| design | type | weather |";
  for (const auto& c : columns()) csv << ',' << c.header, md << ' ' << c.header << " |";
  csv << ",year_wall_s\n";
  md << "\n|---|---|---|";
  for (size_t i = 0; i < columns().size(); ++i) md << "---:|";
  md << '\n';
  for (const auto& d : designs) {
    csv << d.name << ',' << d.scenario.cooling.type << ',' << d.weather_label;
    md << "| " << d.name << " | " << d.scenario.cooling.type << " | " << d.weather_label << " |";
    for (const auto& c : columns()) {
      const auto v = fmt(c.format, c.value(d.year));
      csv << ',' << v;
      md << ' ' << v << " |";
    }
    csv << ',' << fmt("%.4f", d.year.wall_s) << '\n';
    md << '\n';
    auto j = year_json(d.year, d.scenario.cooling);
    j["name"] = d.name;
    j["file"] = d.file;
    j["weather"] = d.weather_label;
    j["year_wall_s"] = d.year.wall_s;
    write_text(dir / "designs" / (d.name + ".json"), j.dump(2) + "\n");
  }
  write_text(dir / "compare.csv", csv.str());
  write_text(dir / "compare.md", md.str());
  write_text(dir / "monthly_pue.svg", monthly_pue_svg(designs));
  write_text(dir / "power_breakdown.svg", breakdown_svg(designs));
  std::cout << md.str() << "results: " << dir.string() << "\n";
  return 0;
}

}  // namespace dcsim
