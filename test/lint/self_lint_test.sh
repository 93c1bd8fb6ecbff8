#!/usr/bin/env bash
# The project's own .clang-tidy over its own sources (the engine, the module,
# the command and corio), with the corolint module loaded so that corio's
# coroutines are checked for blocking calls too. Any warning fails the test.
set -euo pipefail
run_clang_tidy=$1 clang_tidy=$2 module=$3 build_dir=$4 src=$5
out=$("$run_clang_tidy" -clang-tidy-binary "$clang_tidy" -load "$module" -p "$build_dir" \
        -quiet -j 2 "$src/(checks|tool|runtime/src)/.*\.cpp$" 2>&1) || true
warnings=$(grep -E "(warning|error): " <<<"$out" | grep -v "^[0-9]* warnings? generated" || true)
if [ -n "$warnings" ]; then
  echo "$out"
  echo "--- $(grep -c . <<<"$warnings") diagnostics from the project's .clang-tidy" >&2
  exit 1
fi
echo "self-lint: clean"
