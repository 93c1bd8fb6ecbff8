# include() this before your targets to lint every C++ file as it compiles:
#   list(APPEND CMAKE_MODULE_PATH /usr/share/corolint/integrations/cmake)
#   include(CorolintClangTidy)
# Findings appear in the build log; set COROLINT_WARNINGS_AS_ERRORS to fail it.
# COROLINT_LLVM_MAJOR picks the clang-tidy and its module (16, 19 or 22).
set(COROLINT_LLVM_MAJOR 19 CACHE STRING "The LLVM major of the clang-tidy that loads corolint")
find_program(COROLINT_CLANG_TIDY_EXE NAMES clang-tidy-${COROLINT_LLVM_MAJOR} REQUIRED)
find_file(COROLINT_MODULE libcorolint-tidy-${COROLINT_LLVM_MAJOR}.so
  HINTS ${CMAKE_CURRENT_LIST_DIR}/../../../../lib ${CMAKE_CURRENT_LIST_DIR}/../../../../lib/x86_64-linux-gnu
  PATH_SUFFIXES lib lib64 REQUIRED)
set(_corolint_args "--load=${COROLINT_MODULE}" "--checks=-*,corolint-*")
if(COROLINT_WARNINGS_AS_ERRORS)
  list(APPEND _corolint_args "--warnings-as-errors=corolint-*")
endif()
set(CMAKE_CXX_CLANG_TIDY ${COROLINT_CLANG_TIDY_EXE} ${_corolint_args})
