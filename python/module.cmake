# The Python extension module `_dcsim` (pybind11) over the same engine library as the `dcsim` program. It is
# written into python/dcsim/ so that an editable install (pip install -e python) finds it. Built for the
# interpreter given by -DPython3_EXECUTABLE (Debian's /usr/bin/python3: it sees numpy/pandas/dask).
if(DCSIM_PYTHON)
  set(PYBIND11_FINDPYTHON ON)
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  find_package(pybind11 CONFIG)
  if(pybind11_FOUND AND Python3_FOUND)
    pybind11_add_module(_dcsim
      ${CMAKE_SOURCE_DIR}/python/src/bindings.cpp
      ${CMAKE_SOURCE_DIR}/python/src/cli_entry.cpp)
    target_link_libraries(_dcsim PRIVATE dcsim_sim CLI11::CLI11)
    set_target_properties(_dcsim PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${CMAKE_SOURCE_DIR}/python/dcsim
      LIBRARY_OUTPUT_DIRECTORY_RELEASE ${CMAKE_SOURCE_DIR}/python/dcsim
      LIBRARY_OUTPUT_DIRECTORY_DEBUG ${CMAKE_SOURCE_DIR}/python/dcsim)
    # The same definitions as the `dcsim` program, for its main() compiled in (python/src/cli_entry.cpp).
    target_compile_definitions(_dcsim PRIVATE DCSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
                                             DCSIM_PYTHON_EXECUTABLE="${Python3_EXECUTABLE}")
  else()
    message(WARNING "pybind11 or Python3 development files not found: the Python module _dcsim is not built")
  endif()
endif()
