# Compiler settings shared by every Aegis target.

# Warnings are part of the build's contract: a clean build has none.
function(aegis_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
        -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
    if(AEGIS_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    # QT_NO_CAST_FROM_ASCII keeps byte strings and text apart: a path or a
    # token never silently changes encoding on its way through.
    target_compile_definitions(${target} PRIVATE
        QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_URL_CAST_FROM_STRING
        QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_FOREACH QT_USE_QSTRINGBUILDER)
endfunction()

if(AEGIS_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()

# The libFuzzer build (tests/fuzz/run.sh): libFuzzer is guided by the
# coverage of instrumented code only, so every library a fuzz target links is
# compiled with the coverage hooks too, not just the target's own file.
if(AEGIS_FUZZ AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
