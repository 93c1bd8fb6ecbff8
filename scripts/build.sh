#!/usr/bin/env bash
# Configures and builds corolint and corio in build/ (or $BUILD_DIR), with the
# sanitizer builds that corio_asan_ubsan, corio_tsan and corolint_asan_ubsan run.
# Extra arguments are build targets.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-2}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
if [ $# -gt 0 ]; then
  cmake --build "$BUILD_DIR" -j"$JOBS" --target "$@"
else
  cmake --build "$BUILD_DIR" -j"$JOBS"
fi
