# Lifeline builds with one compiler and one standard: clang++ 14, C++20.
# Why: Debian's WebSocket++ 0.8.2 headers do not compile with GCC 12 in C++20 mode, and clang also
# gives us libFuzzer and the sanitizers. Included before project() so a plain `cmake -S . -B build`
# picks clang even though Debian's default `c++` is g++. An explicit CMAKE_CXX_COMPILER wins.
if(NOT DEFINED CMAKE_CXX_COMPILER AND NOT DEFINED ENV{CXX})
  find_program(LIFELINE_CLANGXX NAMES clang++-14 clang++)
  find_program(LIFELINE_CLANG NAMES clang-14 clang)
  if(LIFELINE_CLANGXX AND LIFELINE_CLANG)
    set(CMAKE_CXX_COMPILER "${LIFELINE_CLANGXX}" CACHE FILEPATH "C++ compiler")
    set(CMAKE_C_COMPILER "${LIFELINE_CLANG}" CACHE FILEPATH "C compiler")
  else()
    message(FATAL_ERROR "clang++ not found: run `bash .ci/install` first (see README)")
  endif()
endif()
find_program(LIFELINE_CCACHE ccache)
if(LIFELINE_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${LIFELINE_CCACHE}" CACHE STRING "")
  set(CMAKE_C_COMPILER_LAUNCHER "${LIFELINE_CCACHE}" CACHE STRING "")
endif()
