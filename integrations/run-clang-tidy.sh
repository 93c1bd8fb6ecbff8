#!/bin/sh
# Lints a whole project with run-clang-tidy-19 and the corolint module:
#   run-clang-tidy.sh <build dir with compile_commands.json> [file regex]
# The module is looked up next to this script's installed location, or given
# in COROLINT_MODULE. COROLINT_LLVM_MAJOR=16|19|22 picks the clang-tidy.
set -eu
major=${COROLINT_LLVM_MAJOR:-19}
build=${1:?usage: run-clang-tidy.sh <build dir> [file regex]}
here=$(dirname "$(readlink -f "$0")")
module=${COROLINT_MODULE:-$(ls "$here"/../../../lib*/libcorolint-tidy-"$major".so "$here"/../../../lib/*/libcorolint-tidy-"$major".so 2>/dev/null | head -n 1)}
[ -n "$module" ] || { echo "run-clang-tidy.sh: libcorolint-tidy-$major.so not found; set COROLINT_MODULE" >&2; exit 2; }
shift
exec run-clang-tidy-"$major" -load "$module" -checks='-*,corolint-*' -quiet -p "$build" "$@"
