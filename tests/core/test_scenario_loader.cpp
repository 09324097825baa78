// Scenario loading and validation. tests/data/broken/*.yaml each state the messages they must produce
// ("# expect: ..." lines: file:line:col, key path and text, as a user sees them).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario_loader.hpp"

namespace fs = std::filesystem;
static const fs::path kData = fs::path(DCSIM_SOURCE_DIR) / "tests" / "data";

static std::string errors_of(const std::string& path, const std::vector<std::string>& sets = {}) {
  try {
    dcsim::load_scenario(path, sets);
  } catch (const dcsim::InputErrors& e) {
    std::string text;
    for (const auto& err : e.errors()) text += fs::path(err.file).filename().string() == err.file ? err.format() + "\n"
                                                 : err.format() + "\n";
    return text;
  }
  return "";
}

TEST(ScenarioLoader, BrokenFilesGiveTheirExpectedMessages) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kData / "broken")) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::ifstream in(entry.path());
    std::vector<std::string> expected;
    for (std::string line; std::getline(in, line);)
      if (line.rfind("# expect: ", 0) == 0) expected.push_back(line.substr(10));
    ASSERT_FALSE(expected.empty()) << entry.path() << " states no expectation";
    const std::string errors = errors_of(entry.path().string());
    ASSERT_FALSE(errors.empty()) << entry.path() << " was accepted";
    for (const auto& e : expected) EXPECT_NE(errors.find(e), std::string::npos) << "expected: " << e << "\ngot:\n" << errors;
  }
  EXPECT_GE(files, 9);
}

TEST(ScenarioLoader, ShippedScenariosAreValid) {
  for (const char* name : {"quickstart.yaml", "hyperscale-100k.yaml"}) {
    const auto path = fs::path(DCSIM_SOURCE_DIR) / "scenarios" / name;
    EXPECT_EQ(errors_of(path.string()), "") << name;
  }
}

TEST(ScenarioLoader, QuickstartValuesInSI) {
  const auto sc = dcsim::load_scenario((fs::path(DCSIM_SOURCE_DIR) / "scenarios/quickstart.yaml").string());
  EXPECT_EQ(sc.server_count(), 320);
  EXPECT_DOUBLE_EQ(sc.network.server_link_Bps, 25e9 / 8);     // 25Gbps
  EXPECT_DOUBLE_EQ(sc.server_types[0].memory_B, 256.0 * (1ull << 30));  // 256GiB
  EXPECT_DOUBLE_EQ(sc.simulation.duration_s, 86400);          // 24h
  EXPECT_DOUBLE_EQ(sc.workload.synthetic.arrival_rate_per_s, 120.0 / 3600);  // 120/h
  EXPECT_DOUBLE_EQ(sc.power.pdu_loss_fraction, 0.02);         // 2%
}

TEST(ScenarioLoader, OverridesApplyAndAreValidated) {
  const auto q = (fs::path(DCSIM_SOURCE_DIR) / "scenarios/quickstart.yaml").string();
  const auto sc = dcsim::load_scenario(q, {"simulation.duration=2h", "halls[0].racks[0].count=2", "cooling.type=constant-cop",
                                           "cooling.cop=5", "cooling.supply_temperature=null"});
  EXPECT_DOUBLE_EQ(sc.simulation.duration_s, 7200);
  EXPECT_EQ(sc.server_count(), 80);
  EXPECT_EQ(sc.cooling.type, "constant-cop");
  EXPECT_DOUBLE_EQ(sc.cooling.cop, 5);
  const std::string errors = errors_of(q, {"simulation.duraton=2h"});
  EXPECT_NE(errors.find("--set simulation.duraton=2h: simulation.duraton: unknown key (did you mean 'duration'?)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors_of(q, {"halls[5].racks=1"}).find("'halls' has no entry [5]"), std::string::npos);
  EXPECT_NE(errors_of(q, {"no-equals-sign"}).find("expected PATH=VALUE"), std::string::npos);
}

TEST(ScenarioLoader, ResolvedScenarioHasDefaults) {
  const auto sc = dcsim::load_scenario((kData / "small_site.yaml").string());
  EXPECT_EQ(sc.resolved["scheduler"]["placement"].as<std::string>(), "first-fit");
  EXPECT_EQ(sc.resolved["power"]["ups"]["preset"].as<std::string>(), "transformerless");
  EXPECT_EQ(sc.resolved["site"]["weather"]["constant"]["dry_bulb"].as<std::string>(), "20C");
  // A re-load of the resolved document gives the same scenario.
  const auto again = dcsim::load_scenario_text(YAML::Dump(sc.resolved), "resolved", kData.string());
  EXPECT_EQ(again.server_count(), sc.server_count());
  EXPECT_DOUBLE_EQ(again.power.transformer_loss_fraction, sc.power.transformer_loss_fraction);
}

TEST(ScenarioLoader, HallCountReplicatesHalls) {
  const auto sc = dcsim::load_scenario((kData / "small_site.yaml").string(), {"halls[0].count=3"});
  ASSERT_EQ(sc.halls.size(), 3u);
  EXPECT_EQ(sc.halls[2].name, "h-3");
  EXPECT_EQ(sc.server_count(), 24);
}
