#!/usr/bin/env bash
# Formats every tracked C++ file in place with clang-format-19 (the style of
# the nearest .clang-format); corolint_format checks that the tree stays so.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z -- '*.cpp' '*.h' '*.hpp' '*.cc' | xargs -0 "${CLANG_FORMAT:-clang-format-19}" -i
