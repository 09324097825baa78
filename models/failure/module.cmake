list(APPEND DCSIM_MODEL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/distributions.cpp ${CMAKE_CURRENT_LIST_DIR}/markov.cpp)
list(APPEND DCSIM_MODEL_TESTS ${CMAKE_SOURCE_DIR}/tests/models/test_failure_distributions.cpp ${CMAKE_SOURCE_DIR}/tests/models/test_failure_markov.cpp ${CMAKE_SOURCE_DIR}/tests/models/test_failure_availability.cpp)
