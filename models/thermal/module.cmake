list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/recirculation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_thermal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ashrae_classes.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_thermal_recirculation.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_thermal_server.cpp)
