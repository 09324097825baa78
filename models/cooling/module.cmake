list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/chiller_eir.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chiller_electric.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cooling_tower.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pumps.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chilled_water_plant.cpp
  ${CMAKE_CURRENT_LIST_DIR}/evaporative.cpp
  ${CMAKE_CURRENT_LIST_DIR}/liquid.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_chiller.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_tower.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_plant.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_evaporative.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_liquid.cpp)
list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/cop_models.cpp
  ${CMAKE_CURRENT_LIST_DIR}/crac_dx.cpp
  ${CMAKE_CURRENT_LIST_DIR}/air_economizer.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_cop_models.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_crac_dx.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_cooling_air_economizer.cpp)
