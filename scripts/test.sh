#!/usr/bin/env bash
# Sets everything up, builds everything and runs the whole test suite: the
# main build (LLVM 19), then the module's tests in each extra major's
# module-only build (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
# Every build's tests run, whichever fails first.
status=0
ctest --test-dir "$BUILD_DIR" -j"${JOBS:-2}" --output-on-failure || status=1
for major in ${COROLINT_EXTRA_LLVM_MAJORS-16 22}; do
  echo "== the module on LLVM $major ($BUILD_DIR-llvm$major)"
  ctest --test-dir "$BUILD_DIR-llvm$major" -j"${JOBS:-2}" --output-on-failure || status=1
done
exit $status
