# aegis_add_test(<name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                [ENVIRONMENT <VAR=value...>] [TIMEOUT <seconds>] [GUI] [RUN_SERIAL])
#
# One Qt Test executable per test. GUI tests run on the offscreen platform so
# that they need no display. Every test gets a private scratch directory in
# AEGIS_TEST_TMP so that parallel ctest runs never share files.
function(aegis_add_test name)
    cmake_parse_arguments(T "GUI;RUN_SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test aegis_test_support ${T_LIBS})
    aegis_target_defaults(${name})
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
