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
    set(env "AEGIS_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp/${name}"
            "AEGIS_TEST_ARTIFACTS=${CMAKE_BINARY_DIR}/test-artifacts"
            "QT_LOGGING_RULES=aegis.*.debug=false"
            ${T_ENVIRONMENT})
    if(T_GUI)
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
        list(APPEND T_LABELS gui)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "${env}"
        LABELS "${T_LABELS}"
        TIMEOUT ${T_TIMEOUT})
    if(T_RUN_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()

# aegis_add_fuzz_target(<name> SOURCES <files...> [LIBS <targets...>] CORPUS <dir>)
#
# The sources define LLVMFuzzerTestOneInput. Every build gets <name>_replay,
# which feeds each file of the corpus directory to the target and runs as a
# test (under the sanitizers in the asan preset). With clang and
# -DAEGIS_FUZZ=ON the real libFuzzer binary <name> is built as well:
#   build/fuzz/tests/fuzz/<dir>/<name> tests/fuzz/<dir>/corpus
function(aegis_add_fuzz_target name)
    cmake_parse_arguments(F "" "CORPUS" "SOURCES;LIBS" ${ARGN})
    add_executable(${name}_replay ${F_SOURCES} "${PROJECT_SOURCE_DIR}/tests/fuzz/ReplayMain.cpp")
    target_link_libraries(${name}_replay PRIVATE ${F_LIBS})
    aegis_target_defaults(${name}_replay)
    add_test(NAME ${name}_replay COMMAND ${name}_replay "${F_CORPUS}")
    set_tests_properties(${name}_replay PROPERTIES LABELS fuzz TIMEOUT 300)
    if(AEGIS_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        add_executable(${name} ${F_SOURCES})
        target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
        target_link_libraries(${name} PRIVATE ${F_LIBS})
    endif()
endfunction()
