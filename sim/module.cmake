# The engine: scenario loading, platform building on SimGrid, the run loop, metrics and outputs.
add_library(dcsim_sim STATIC
  ${CMAKE_CURRENT_LIST_DIR}/../core/units.cpp
  ${CMAKE_CURRENT_LIST_DIR}/spec_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scenario_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/site_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/platform.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facility.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cooling_plant.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facility_year.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compare.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workload_source.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch_workload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/autoscale.cpp
  ${CMAKE_CURRENT_LIST_DIR}/simulation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/consolidation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/compat_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outputs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/storage/storage_spec.cpp
  ${CMAKE_CURRENT_LIST_DIR}/storage/storage_system.cpp)
# Subsystems with their own sources (storage, failures) list them here.
include(${CMAKE_CURRENT_LIST_DIR}/storage/module.cmake OPTIONAL)
target_link_libraries(dcsim_sim PUBLIC dcsim_models PkgConfig::SIMGRID yaml-cpp nlohmann_json::nlohmann_json)

add_executable(dcsim ${CMAKE_CURRENT_LIST_DIR}/cli/main.cpp)
target_link_libraries(dcsim PRIVATE dcsim_sim CLI11::CLI11)
target_compile_definitions(dcsim PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}" DCSIM_PYTHON_EXECUTABLE="${Python3_EXECUTABLE}")
