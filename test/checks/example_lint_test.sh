#!/usr/bin/env bash
# The README's first command lints examples/hello_blocking.cpp: its three
# blocking calls must be reported, each by its own check.
set -euo pipefail
tidy=$1 src=$2
out=$("$tidy" --quiet --checks='-*,corolint-*' "$src/examples/hello_blocking.cpp" \
        -- -std=c++20 -I"$src/runtime/include" 2>&1)
echo "$out"
expect() {
  grep -q "$1" <<<"$out" || { echo "missing finding: $1" >&2; exit 1; }
}
expect "blocking call to 'sleep' in coroutine 'say_hello'.*\[corolint-blocking-sleep\]"
expect "blocking call to 'std::this_thread::sleep_for' in coroutine 'task'.*\[corolint-blocking-sleep\]"
expect "blocking call to 'curl_easy_perform' in coroutine 'fetch'.*\[corolint-blocking-http\]"
n=$(grep -c "warning: blocking call" <<<"$out")
[ "$n" -eq 3 ] || { echo "expected 3 findings, got $n" >&2; exit 1; }
