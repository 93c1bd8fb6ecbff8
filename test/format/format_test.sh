#!/usr/bin/env bash
# The tree stays formatted: every tracked C++ source and header, each under the
# nearest .clang-format (LLVM style for the analyzer, corio's own under
# runtime/, formatting disabled for fixtures and the bundled example).
# Usage: format_test.sh CLANG_FORMAT SOURCE_DIR
set -euo pipefail
clang_format=$1 src=$2
cd "$src"
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "format: $src is not a git checkout; skipped" >&2
  exit 77
fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' '*.hpp' '*.cc')
if [ ${#files[@]} -eq 0 ]; then
  echo "format: no C++ files found under $src (not a git checkout?)" >&2
  exit 1
fi
if ! out=$("$clang_format" --dry-run --Werror "${files[@]}" 2>&1); then
  echo "$out" | head -60
  echo "--- files that need formatting (run: bash scripts/format.sh):" >&2
  grep -oE "^[^:]+\.(cpp|h|hpp|cc):" <<<"$out" | sort -u >&2
  exit 1
fi
echo "format: ${#files[@]} files formatted"
