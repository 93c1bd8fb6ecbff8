#!/usr/bin/env bash
# End to end: the example with blocking calls, and the same program after
# corolint's fix-its (built by examples/CMakeLists.txt). The fixed program
# prints the same results, and its three waits now overlap: the gather of
# tasks sleeping 1, 2 and 3 units takes about 3 units instead of 6.
set -euo pipefail
blocking=$1 fixed=$2 fixed_src=$3
unit=100

for call in 'co_await corio::sleep_for(std::chrono::seconds(1))' \
            'co_await corio::sleep_for(n * unit)' \
            'co_await corio::curl_perform(easy)'; do
  grep -qF "$call" "$fixed_src" || { echo "fixed source lacks: $call" >&2; exit 1; }
done

run() { # prints stdout; gather time (ms) to fd 3
  local out err
  err=$(mktemp)
  out=$("$1" --unit-ms "$unit" 2>"$err")
  sed -n 's/^gather took \([0-9]*\) ms$/\1/p' "$err" >&3
  rm -f "$err"
  printf '%s\n' "$out"
}
exec 3>/tmp/corolint-e2e-before.$$
before_out=$(run "$blocking")
exec 3>/tmp/corolint-e2e-after.$$
after_out=$(run "$fixed")
exec 3>&-
before_ms=$(cat /tmp/corolint-e2e-before.$$) after_ms=$(cat /tmp/corolint-e2e-after.$$)
rm -f /tmp/corolint-e2e-before.$$ /tmp/corolint-e2e-after.$$

echo "blocking: gather took ${before_ms} ms; fixed: ${after_ms} ms"
echo "--- output (both)"; printf '%s\n' "$after_out"
[ "$before_out" = "$after_out" ] || { echo "outputs differ:"; diff <(echo "$before_out") <(echo "$after_out"); exit 1; }
grep -q "Task 1 finished, Task 2 finished, Task 3 finished" <<<"$after_out"
# Sequential waits take 6 units, overlapping ones 3: require a ratio of at
# least 1.5 (a ratio, not an absolute time: the machine is shared).
awk -v b="$before_ms" -v a="$after_ms" 'BEGIN { if (a <= 0 || b / a < 1.5) { printf "ratio %.2f < 1.5\n", (a > 0 ? b / a : 0); exit 1 } printf "ratio %.2f\n", b / a }'
