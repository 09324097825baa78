list(APPEND DCSIM_MODEL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/switch_power.cpp ${CMAKE_CURRENT_LIST_DIR}/topology.cpp)
list(APPEND DCSIM_MODEL_TESTS ${CMAKE_SOURCE_DIR}/tests/models/test_network_switch_power.cpp
     ${CMAKE_SOURCE_DIR}/tests/models/test_network_topology.cpp)
