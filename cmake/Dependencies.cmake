# Every third-party dependency, found once, as an imported target. All are Debian packages (.ci/install).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED)          # Asio (header-only)
find_package(websocketpp REQUIRED)          # WebSocket++ 0.8.2 on Asio
find_package(nlohmann_json 3 REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(OpenSSL 3 REQUIRED)           # TLS: the command's HTTPS/WSS, the field client's wss:// (libssl-dev)
pkg_check_modules(ZMQ REQUIRED IMPORTED_TARGET libzmq)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(NCURSESW IMPORTED_TARGET ncursesw)
find_path(CPPZMQ_INCLUDE_DIR zmq.hpp REQUIRED)
find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)

# Asio (header-only) and WebSocket++ in C++11-std mode on top of it (it still uses io_service names).
add_library(lifeline_asio INTERFACE)
target_compile_definitions(lifeline_asio INTERFACE _WEBSOCKETPP_CPP11_STL_)
target_link_libraries(lifeline_asio INTERFACE Boost::boost Threads::Threads)
add_library(lifeline_cli INTERFACE)
target_include_directories(lifeline_cli SYSTEM INTERFACE ${CLI11_INCLUDE_DIR})
add_library(lifeline_zmq INTERFACE)
target_include_directories(lifeline_zmq SYSTEM INTERFACE ${CPPZMQ_INCLUDE_DIR})
target_link_libraries(lifeline_zmq INTERFACE PkgConfig::ZMQ)

# libFuzzer targets need clang; in a sanitizer build they also carry ASan+UBSan.
function(lifeline_fuzz_target name)
  if(NOT LIFELINE_FUZZ OR NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    return()
  endif()
  cmake_parse_arguments(F "" "CORPUS" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${F_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(${name} PRIVATE ${F_LIBS})
  # CI runs each target for a bounded time on its committed corpus (DECISIONS: 10-20 s each; 10 s
  # keeps the test stage inside its 20 minutes on 2 cores, tests/fuzz/run-long goes deeper).
  if(F_CORPUS)
    set(work "${CMAKE_CURRENT_BINARY_DIR}/${name}-work")
    add_test(NAME fuzz.${name}
      COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
              ${CMAKE_SOURCE_DIR}/tests/fuzz/run-bounded $<TARGET_FILE:${name}> ${F_CORPUS} ${work} 10)
    set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz TIMEOUT 60)
  endif()
endfunction()

# One GoogleTest executable, registered test by test, with labels and a wall-clock cap.
include(GoogleTest)
function(lifeline_gtest name)
  cmake_parse_arguments(T "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT T_LABEL)
    set(T_LABEL unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 90)
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    LIFELINE_SOURCE_DIR="${CMAKE_SOURCE_DIR}" LIFELINE_BINARY_DIR="${CMAKE_BINARY_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT})
endfunction()
