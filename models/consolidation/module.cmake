list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/overload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/vm_selection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pabfd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_index.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_consolidation_overload.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_consolidation_vm_selection.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_consolidation_pabfd.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_consolidation_target_index.cpp)
