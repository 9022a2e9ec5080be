# Fails when a console source includes a header of a higher layer
# (docs/design/console-layers.md). Run as a test:
#   cmake -DCONSOLE_DIR=<source>/console -P CheckConsoleLayers.cmake
#
# The layers, lowest first. A directory may include its own layer and any
# lower one, never a higher one: that keeps the include graph free of cycles.
set(layers util models widgets connection verification backup navigation restore drill pages app)

if(NOT CONSOLE_DIR)
    message(FATAL_ERROR "CONSOLE_DIR is not set")
endif()

file(GLOB_RECURSE sources RELATIVE "${CONSOLE_DIR}" "${CONSOLE_DIR}/*.h" "${CONSOLE_DIR}/*.cpp")
set(violations "")
set(checked 0)
foreach(source IN LISTS sources)
    string(REGEX MATCH "^[^/]+" from "${source}")
    if(from STREQUAL source)
        continue() # main.cpp: the executable, above every layer
    endif()
    list(FIND layers "${from}" from_rank)
    if(from_rank EQUAL -1)
        list(APPEND violations "${source}: directory console/${from} has no layer; add it to ${CMAKE_CURRENT_LIST_FILE}")
        continue()
    endif()
    file(STRINGS "${CONSOLE_DIR}/${source}" includes REGEX "^#include \"console/[^/]+/")
    foreach(line IN LISTS includes)
        string(REGEX REPLACE "^#include \"console/([^/]+)/.*" "\\1" to "${line}")
        list(FIND layers "${to}" to_rank)
        math(EXPR checked "${checked} + 1")
        if(to_rank GREATER from_rank)
            list(APPEND violations "${source}: ${line} (console/${from} is below console/${to})")
        endif()
    endforeach()
endforeach()

if(checked EQUAL 0)
    message(FATAL_ERROR "no console includes found under ${CONSOLE_DIR}: the check checked nothing")
endif()
if(violations)
    list(JOIN violations "\n  " text)
    message(FATAL_ERROR "console layering broken (docs/design/console-layers.md):\n  ${text}")
endif()
message(STATUS "console layers: ${checked} includes checked, none points up")
