list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/detail/text_input.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detail/usage_grid.cpp
  ${CMAKE_CURRENT_LIST_DIR}/detail/vm_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/planetlab_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/swf_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/google2011_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/alibaba2018_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/azure_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bitbrains_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/distribution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/arrival_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vm_type_mix.cpp
  ${CMAKE_CURRENT_LIST_DIR}/utilization_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/population.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_workload_planetlab.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_workload_swf.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_workload_text_input.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_workload_cluster_traces.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_workload_synthetic.cpp)
