list(APPEND DCSIM_MODEL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/server_power.cpp ${CMAKE_CURRENT_LIST_DIR}/power_chain.cpp)
list(APPEND DCSIM_MODEL_TESTS ${CMAKE_SOURCE_DIR}/tests/models/test_power_server_power.cpp
     ${CMAKE_SOURCE_DIR}/tests/models/test_power_energy_integrator.cpp
     ${CMAKE_SOURCE_DIR}/tests/models/test_power_power_chain.cpp)
