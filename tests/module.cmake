# C++ tests beyond the pure models: units, scenario validation, and engine checks against SimGrid.
add_executable(dcsim_core_tests
  ${CMAKE_SOURCE_DIR}/tests/core/test_units.cpp
  ${CMAKE_SOURCE_DIR}/tests/core/test_scenario_loader.cpp)
target_link_libraries(dcsim_core_tests PRIVATE dcsim_sim GTest::gtest_main)
target_compile_definitions(dcsim_core_tests PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(dcsim_core_tests DISCOVERY_TIMEOUT 60)

# One SimGrid engine per process: each engine check is its own executable.
add_executable(dcsim_check_energy_vs_simgrid ${CMAKE_SOURCE_DIR}/tests/engine/check_energy_vs_simgrid.cpp)
target_link_libraries(dcsim_check_energy_vs_simgrid PRIVATE dcsim_sim GTest::gtest_main)
target_compile_definitions(dcsim_check_energy_vs_simgrid PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(dcsim_check_energy_vs_simgrid DISCOVERY_TIMEOUT 60)
add_executable(dcsim_check_network ${CMAKE_SOURCE_DIR}/tests/engine/check_network.cpp)
target_link_libraries(dcsim_check_network PRIVATE dcsim_sim GTest::gtest_main)
target_compile_definitions(dcsim_check_network PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(dcsim_check_network DISCOVERY_TIMEOUT 60)
include(${CMAKE_SOURCE_DIR}/tests/facility/module.cmake)

# Storage engine checks (sim/storage): cross-cluster migration placement.
add_executable(dcsim_check_storage_migration ${CMAKE_SOURCE_DIR}/tests/storage_engine/check_storage_migration.cpp)
target_link_libraries(dcsim_check_storage_migration PRIVATE dcsim_sim GTest::gtest_main)
target_compile_definitions(dcsim_check_storage_migration PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(dcsim_check_storage_migration DISCOVERY_TIMEOUT 60)
