#!/usr/bin/env bash
# Runs the engine fuzzer with the project's settings.
#   run_fuzzer.sh <fuzzer> <work dir> [libFuzzer options] [-keep-corpus] -- <seed dir>...
# New inputs go to <work dir>/corpus (emptied first unless -keep-corpus, so
# that a smoke run with a fixed -seed repeats itself); crashes go to
# <work dir>/artifacts, to be turned into fixtures in test/checks/fixtures.
set -euo pipefail
fuzzer=$1
work=$2
shift 2
opts=()
keep=0
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  if [ "$1" = "-keep-corpus" ]; then keep=1; else opts+=("$1"); fi
  shift
done
shift # --
[ $keep = 1 ] || rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/artifacts"
# One input may take a few seconds (asio's templates); a minute is a hang.
# 64 KiB: the harness skips bigger inputs (the bench covers size).
here=$(cd "$(dirname "$0")" && pwd)
export LSAN_OPTIONS="suppressions=$here/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# LLVM's BumpPtrAllocator poisons a new slab when the code that starts it is
# built with ASan: our inlined copy does, the uninstrumented libclang-cpp
# that then allocates AST nodes from that slab does not unpoison them, and
# reading them is a false use-after-poison (test/fuzz/regressions/). No code
# of ours poisons memory by hand, so manual poisoning is turned off.
export ASAN_OPTIONS="allow_user_poisoning=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
set +e
"$fuzzer" -timeout=60 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "${opts[@]}" "$work/corpus" "$@"
status=$?
set -e
if [ $status -ne 0 ]; then
  echo "run_fuzzer.sh: the fuzzer failed (exit $status); inputs that crash are in $work/artifacts/:" >&2
  ls -l "$work/artifacts" >&2
  echo "Reproduce with: $fuzzer <artifact>; add a reduced one to test/checks/fixtures with its fix." >&2
fi
exit $status
