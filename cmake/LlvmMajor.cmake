# Which LLVM the analyzer is built against, and everything that depends on its
# major: the one place in CMake where LLVM 16, 19 and 22 differ.
#
# Choose it the CMake way:
#   -DLLVM_DIR=/usr/lib/llvm-N/lib/cmake/llvm [-DClang_DIR=/usr/lib/llvm-N/lib/cmake/clang]
# Without LLVM_DIR the build uses LLVM 19 (the major the whole project, its
# command and its language server are built and tested with); Clang_DIR
# defaults to the clang package next to LLVM_DIR. Supported majors: 16, 19, 22.
#
# Sets, for the whole tree: LLVM_* and CLANG_* (from the packages),
# COROLINT_LLVM_MAJOR, COROLINT_CLANG_TIDY, COROLINT_CLANGXX,
# COROLINT_LLVM_BIN (the major's bin directory).

set(COROLINT_SUPPORTED_LLVM_MAJORS 16 19 22)
set(COROLINT_DEFAULT_LLVM_MAJOR 19)

if(NOT LLVM_DIR)
  set(LLVM_DIR /usr/lib/llvm-${COROLINT_DEFAULT_LLVM_MAJOR}/lib/cmake/llvm CACHE PATH
      "LLVM's CMake package (/usr/lib/llvm-N/lib/cmake/llvm)" FORCE)
endif()
# No version in find_package: Clang's package accepts only an exact
# major.minor, and LLVM_DIR already names the one wanted.
find_package(LLVM CONFIG REQUIRED NO_DEFAULT_PATH PATHS ${LLVM_DIR})
if(NOT Clang_DIR)
  get_filename_component(_corolint_clang_dir ${LLVM_DIR}/../clang ABSOLUTE)
  set(Clang_DIR ${_corolint_clang_dir} CACHE PATH
      "Clang's CMake package (/usr/lib/llvm-N/lib/cmake/clang)" FORCE)
endif()
find_package(Clang CONFIG REQUIRED NO_DEFAULT_PATH PATHS ${Clang_DIR})

set(COROLINT_LLVM_MAJOR ${LLVM_VERSION_MAJOR})
if(NOT COROLINT_LLVM_MAJOR IN_LIST COROLINT_SUPPORTED_LLVM_MAJORS)
  message(WARNING "corolint: LLVM ${LLVM_PACKAGE_VERSION} is not one of the supported majors "
                  "(${COROLINT_SUPPORTED_LLVM_MAJORS}); the build may fail")
endif()
# A clang package of another major than LLVM's would compile against one set
# of headers and load into another clang-tidy.
if(NOT Clang_VERSION_MAJOR EQUAL COROLINT_LLVM_MAJOR)
  message(FATAL_ERROR "corolint: Clang ${Clang_VERSION} (${Clang_DIR}) does not match "
                      "LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_DIR}): pass both of one major")
endif()
message(STATUS "corolint: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

set(COROLINT_LLVM_BIN ${LLVM_TOOLS_BINARY_DIR})
# The clang-tidy that loads the module, and the clang++ that compiles the
# fixed code in the fix-it tests, both of this major.
find_program(COROLINT_CLANG_TIDY NAMES clang-tidy-${COROLINT_LLVM_MAJOR} clang-tidy
             HINTS ${COROLINT_LLVM_BIN} REQUIRED)
find_program(COROLINT_CLANGXX NAMES clang++-${COROLINT_LLVM_MAJOR} clang++
             HINTS ${COROLINT_LLVM_BIN} REQUIRED)

# The module's file says its major, so that several install side by side and
# a user can tell which clang-tidy loads which: libcorolint-tidy-19.so.
set(COROLINT_MODULE_OUTPUT_NAME corolint-tidy-${COROLINT_LLVM_MAJOR})
