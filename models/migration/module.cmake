list(APPEND DCSIM_MODEL_SOURCES ${CMAKE_CURRENT_LIST_DIR}/precopy.cpp)
list(APPEND DCSIM_MODEL_TESTS ${CMAKE_SOURCE_DIR}/tests/models/test_migration_precopy.cpp)
