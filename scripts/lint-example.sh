#!/usr/bin/env bash
# Sets everything up, builds the clang-tidy module and lints the bundled
# example, printing corolint's findings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh corolint-tidy
BUILD_DIR=${BUILD_DIR:-build}
echo "== corolint findings in examples/hello_blocking.cpp" >&2
"$BUILD_DIR"/bin/corolint-tidy --quiet --checks='-*,corolint-*' \
  examples/hello_blocking.cpp -- -std=c++20 -Iruntime/include
