list(APPEND DCSIM_MODEL_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/psychrometrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/weather.cpp
  ${CMAKE_CURRENT_LIST_DIR}/epw_reader.cpp)
list(APPEND DCSIM_MODEL_TESTS
  ${CMAKE_SOURCE_DIR}/tests/models/test_weather_psychrometrics.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_weather_series.cpp
  ${CMAKE_SOURCE_DIR}/tests/models/test_weather_epw.cpp)
