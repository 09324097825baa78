// Cross-cluster migration placement in the engine (docs/storage.md, "Migration"): a completed migration
// moves its PGs into the destination cluster (a new pool there, placed by straw2), the source releases them,
// and no byte is created or lost. Scenario: tests/storage/migration_two_sites.yaml (cluster a: 30 nodes x 4 x
// 1 TB at 50 %; pool "mig" = 100 PGs, 3 replicas, 1 TB user; cluster b: 30 x 4 x 1 TB at 20 %). One engine
// test per process (one SimGrid engine each; ctest runs them apart).
#include <gtest/gtest.h>

#include <string>

#include "sim/scenario_loader.hpp"
#include "sim/simulation.hpp"
#include "sim/storage/storage_system.hpp"

using nlohmann::json;

namespace {
const std::string kDir = DCSIM_SOURCE_DIR "/tests/storage/";

json run_storage(const std::string& file, const std::vector<std::string>& sets = {}) {
  dcsim::Simulation sim(dcsim::load_scenario(kDir + file, sets));
  dcsim::add_storage_subsystems(sim);
  sim.run();
  sim.check_invariants();  // includes the storage subsystem's byte accounting
  return sim.subsystems().back()->summary();
}

const json& pool(const json& cluster, const std::string& name) {
  for (const auto& p : cluster["pools"])
    if (p["name"] == name) return p;
  throw std::runtime_error("no pool " + name);
}
}  // namespace

TEST(StorageMigration, CompletedMigrationPlacesThePgsAtTheDestination) {
  const json s = run_storage("migration_two_sites.yaml");
  const json& m = s["migrations"][0];
  EXPECT_EQ(m["status"], "completed");
  EXPECT_EQ(m["pgs"].get<long>(), 100);
  EXPECT_EQ(m["pgs_placed"].get<long>(), 100);
  const json& a = s["clusters"][0];
  const json& b = s["clusters"][1];
  // Destination: a pool "mig" of 100 PGs holding exactly the migrated bytes (1 TB user, 3 TB raw).
  const json& dst = pool(b, "mig");
  EXPECT_EQ(dst["pgs"].get<long>(), 100);
  EXPECT_NEAR(dst["user_B"].get<double>(), 1e12, 1e12 * 1e-12);
  EXPECT_NEAR(dst["raw_B"].get<double>(), 3e12, 3e12 * 1e-12);
  EXPECT_NEAR(dst["user_B"].get<double>(), m["placed_B"].get<double>(), 1.0);
  // Source: released by the same amount.
  const json& src = pool(a, "mig");
  EXPECT_EQ(src["pgs"].get<long>(), 0);
  EXPECT_EQ(src["pgs_migrated_out"].get<long>(), 100);
  EXPECT_EQ(src["user_B"].get<double>(), 0.0);
  EXPECT_NEAR(a["user_B"].get<double>(), 19e12, 1.0);
  EXPECT_NEAR(b["user_B"].get<double>(), 9e12, 1.0);
  // The disks carry it: raw bytes on b's nodes grew by 3 TB, on a's shrank by 3 TB (24 -> 27, 60 -> 57 TB).
  EXPECT_NEAR(b["raw_used_B"].get<double>(), 27e12, 27e12 * 1e-9);
  EXPECT_NEAR(a["raw_used_B"].get<double>(), 57e12, 57e12 * 1e-9);
}

TEST(StorageMigration, PgsThatCannotLandStayAtTheSource) {
  // RS(2,1) pool, two of the destination's three racks down during the copy: no PG can have k = 2 units
  // written, so all 100 stay at the source and the migration reports failed (not a crash, no byte lost).
  const json s = run_storage("migration_blocked.yaml");
  const json& m = s["migrations"][0];
  EXPECT_EQ(m["status"], "failed");
  EXPECT_EQ(m["pgs_failed"].get<long>(), 100);
  EXPECT_EQ(m["pgs_placed"].get<long>(), 0);
  EXPECT_DOUBLE_EQ(m["failed_B"].get<double>(), m["bytes"].get<double>());
  EXPECT_EQ(pool(s["clusters"][0], "ec")["pgs"].get<long>(), 100);
  EXPECT_EQ(pool(s["clusters"][1], "ec")["pgs"].get<long>(), 0);
}

TEST(StorageMigrationInput, DestinationWithoutRoomOrWithTheNameIsAnInputError) {
  try {
    dcsim::load_scenario(kDir + "broken/migration_no_room.yaml");
    FAIL() << "accepted";
  } catch (const dcsim::InputErrors& e) {
    std::string text;
    for (const auto& err : e.errors()) text += err.format() + "\n";
    EXPECT_NE(text.find("migration_no_room.yaml:22:30: storage.migrations[0].pool: cluster 'b' already has a pool"),
              std::string::npos) << text;
    EXPECT_NE(text.find("storage.migrations[1].to: cluster 'b' cannot hold the migrated data: 120 TB raw would be "
                        "stored on 80 TB (full ratio 0.95)"),
              std::string::npos) << text;
  }
}
