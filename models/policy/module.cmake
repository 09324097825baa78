list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/host_index.cpp
  ${CMAKE_CURRENT_LIST_DIR}/placement.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dvfs_governor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/batch_scheduler.cpp
  ${CMAKE_CURRENT_LIST_DIR}/autoscaler.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_policy_host_index.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_policy_placement.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_policy_dvfs_governor.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_policy_batch_scheduler.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_policy_autoscaler.cpp)
