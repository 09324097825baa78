# Facility designs, design-year runs and their invariants (needs dcsim_sim: YAML readers, site layout).
# Included from tests/module.cmake.
add_executable(dcsim_facility_tests ${CMAKE_SOURCE_DIR}/tests/facility/test_facility_designs.cpp)
target_link_libraries(dcsim_facility_tests PRIVATE dcsim_sim GTest::gtest_main)
target_compile_definitions(dcsim_facility_tests PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
gtest_discover_tests(dcsim_facility_tests DISCOVERY_TIMEOUT 60)
