#!/usr/bin/env bash
# The project's own .clang-tidy over its own sources (the engine, the module,
# the command and corio), with the corolint module loaded so that corio's
# coroutines are checked for blocking calls too. Any warning fails the test.
# One part of the sources per ctest (test/CMakeLists.txt), one clang-tidy at a
# time: ctest runs the parts side by side, so that each test stays a small
# share of its timeout (test/lint/self_lint_parts.py checks the parts cover
# every source once).
# Usage: self_lint_test.sh <run-clang-tidy> <clang-tidy> <module> <build-dir> <src> <path-regex>
set -euo pipefail
run_clang_tidy=$1 clang_tidy=$2 module=$3 build_dir=$4 src=$5 part=$6
out=$("$run_clang_tidy" -clang-tidy-binary "$clang_tidy" -load "$module" -p "$build_dir" \
        -quiet -j 1 "$src/$part" 2>&1) || true
warnings=$(grep -E "(warning|error): " <<<"$out" | grep -v "^[0-9]* warnings? generated" || true)
if [ -n "$warnings" ]; then
  echo "$out"
  echo "--- $(grep -c . <<<"$warnings") diagnostics from the project's .clang-tidy" >&2
  exit 1
fi
echo "self-lint ($part): clean"
