# aegis_add_test(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                [ENVIRONMENT <VAR=value...>] [TIMEOUT <seconds>] [GUI] [RUN_SERIAL]
#                [NEEDS <targets...>])
#
# NEEDS names executables the test runs (aegis-gateway, the tools): they are
# built before the test.
#
# One Qt Test executable per test. GUI tests run on the offscreen platform so
# that they need no display. Every test gets a private scratch directory in
# AEGIS_TEST_TMP so that parallel ctest runs never share files.
function(aegis_add_test name)
    cmake_parse_arguments(T "GUI;RUN_SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT;NEEDS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test aegis_test_support ${T_LIBS})
    aegis_target_defaults(${name})
    if(T_NEEDS)
        add_dependencies(${name} ${T_NEEDS})
    endif()
    add_test(NAME ${name} COMMAND ${name})
    _aegis_test_properties(${name} "${T_GUI}" "${T_RUN_SERIAL}" "${T_TIMEOUT}" "${T_LABELS}" "${T_ENVIRONMENT}")
endfunction()

# aegis_add_test_run(<name> TARGET <test executable> [LAUNCHER <command...>]
#                    [ARGS <args...>] [LABELS ...] [ENVIRONMENT ...] [TIMEOUT s] [GUI])
#
# One more run of a test executable made by aegis_add_test, in another
# environment: e.g. under a launcher that provides a service the first run
# must do without.
function(aegis_add_test_run name)
    cmake_parse_arguments(T "GUI;RUN_SERIAL" "TARGET;TIMEOUT" "LAUNCHER;ARGS;LABELS;ENVIRONMENT" ${ARGN})
    add_test(NAME ${name} COMMAND ${T_LAUNCHER} $<TARGET_FILE:${T_TARGET}> ${T_ARGS})
    _aegis_test_properties(${name} "${T_GUI}" "${T_RUN_SERIAL}" "${T_TIMEOUT}" "${T_LABELS}" "${T_ENVIRONMENT}")
endfunction()

function(_aegis_test_properties name gui run_serial timeout labels environment)
    set(env "AEGIS_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp/${name}"
            "AEGIS_TEST_ARTIFACTS=${CMAKE_BINARY_DIR}/test-artifacts"
            "QT_LOGGING_RULES=aegis.*.debug=false"
            ${environment})
    if(gui)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
        list(APPEND labels gui)
    endif()
    if(NOT timeout)
        set(timeout 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "${env}"
        LABELS "${labels}"
        TIMEOUT ${timeout})
    if(run_serial)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()

# aegis_add_fuzz_target(<name> SOURCES <files...> [LIBS <targets...>] CORPUS <dir>)
#
# The sources define LLVMFuzzerTestOneInput. Every build gets <name>_replay,
# which feeds each file of the corpus directory to the target and runs as a
# test (under the sanitizers in the asan preset). With clang and
# -DAEGIS_FUZZ=ON the real libFuzzer binary <name> is built as well, and
# every target it links is instrumented for coverage (see
# AegisCompileOptions.cmake); tests/fuzz/run.sh builds and runs them.
function(aegis_add_fuzz_target name)
    cmake_parse_arguments(F "" "CORPUS" "SOURCES;LIBS" ${ARGN})
    add_executable(${name}_replay ${F_SOURCES} "${PROJECT_SOURCE_DIR}/tests/fuzz/ReplayMain.cpp")
    target_include_directories(${name}_replay PRIVATE "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${name}_replay PRIVATE ${F_LIBS})
    aegis_target_defaults(${name}_replay)
    add_test(NAME ${name}_replay COMMAND ${name}_replay "${F_CORPUS}")
    set_tests_properties(${name}_replay PROPERTIES LABELS fuzz TIMEOUT 300)
    if(AEGIS_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        add_executable(${name} ${F_SOURCES})
        target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}")
        target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
        # aegis_fuzz_common (tests/fuzz/CMakeLists.txt) is the part of
        # aegis_common that the targets reach.
        list(TRANSFORM F_LIBS REPLACE "^aegis_common$" aegis_fuzz_common)
        target_link_libraries(${name} PRIVATE ${F_LIBS})
        add_dependencies(aegis_fuzzers ${name})
    endif()
endfunction()
