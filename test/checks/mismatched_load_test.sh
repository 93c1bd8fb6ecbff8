#!/usr/bin/env bash
# The module refuses a clang-tidy of another LLVM major with one line naming
# both majors and the module to load instead, and a failing exit status; it
# neither crashes nor goes on with no checks. Its own major loads it.
# Usage: mismatched_load_test.sh <module> <its major> <clang-tidy of another major>...
set -euo pipefail
module=$1 major=$2
shift 2
n=0
for tidy in "$@"; do
  host=$("$tidy" --version | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p')
  set +e
  out=$("$tidy" --load="$module" --checks='-*,corolint-*' --list-checks 2>&1)
  rc=$?
  set -e
  want="built for LLVM $major but this clang-tidy is LLVM $host: load libcorolint-tidy-$host.so instead"
  if [ "$rc" -eq 0 ] || [ "$(wc -l <<<"$out")" -ne 1 ] || ! grep -qF "$want" <<<"$out"; then
    echo "$tidy (LLVM $host) with the LLVM $major module: exit $rc, printed:"; echo "$out"
    echo "expected one line with: $want"; exit 1
  fi
  echo "LLVM $host refuses the LLVM $major module: $out"
  n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "no clang-tidy of another major was given" >&2; exit 1; }
