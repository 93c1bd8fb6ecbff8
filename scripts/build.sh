#!/usr/bin/env bash
# Configures and builds corolint and corio in build/ (or $BUILD_DIR), with
# LLVM 19 and the sanitizer builds that corio_asan_ubsan, corio_tsan and
# corolint_asan_ubsan run. Extra arguments are build targets.
#
# Without targets it also builds the clang-tidy module for the extra LLVM
# majors, each in its own module-only directory ($BUILD_DIR-llvm16, ...: the
# engine, the module and its fixture tests; see cmake/LlvmMajor.cmake).
# COROLINT_EXTRA_LLVM_MAJORS="16 22" (the default) picks them; "" skips them.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -gt 0 ]; then
  cmake --build "$BUILD_DIR" -j"$JOBS" --target "$@"
  exit 0
fi
cmake --build "$BUILD_DIR" -j"$JOBS"
for major in ${COROLINT_EXTRA_LLVM_MAJORS-16 22}; do
  cmake -S . -B "$BUILD_DIR-llvm$major" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCOROLINT_MODULE_ONLY=ON -DLLVM_DIR="/usr/lib/llvm-$major/lib/cmake/llvm" >/dev/null
  cmake --build "$BUILD_DIR-llvm$major" -j"$JOBS"
done
