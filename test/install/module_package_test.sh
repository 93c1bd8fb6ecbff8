#!/usr/bin/env bash
# The package of an extra LLVM major's module-only build (corolint-tidy-N):
# CPack makes it, it depends on clang-tidy-N, holds the module, its checks
# and the corolint-tidy-N wrapper and nothing else, and where it is unpacked
# the wrapper lints with the module (found next to it, not in the build tree).
# Usage: module_package_test.sh <build dir> <source dir> <major>
set -euo pipefail
build=$1 src=$2 major=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -B "$tmp/deb" >/dev/null)
deb=$(ls "$tmp"/deb/corolint-tidy-"$major"_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
[ "$depends" = "clang-tidy-$major" ] || { echo "$deb depends on '$depends', not clang-tidy-$major" >&2; exit 1; }
files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $NF}' | sort)
want=$(printf '%s\n' ./usr/bin/corolint-tidy-"$major" ./usr/lib/libcorolint-tidy-"$major".so \
         ./usr/lib/libcorolint-tidy-checks-"$major".so | sort)
[ "$files" = "$want" ] || { echo "$deb holds:"; echo "$files"; echo "expected:"; echo "$want"; exit 1; } >&2
dpkg-deb -x "$deb" "$tmp/unpacked"
out=$("$tmp/unpacked/usr/bin/corolint-tidy-$major" --quiet --checks='-*,corolint-*' \
        "$src/examples/hello_blocking.cpp" -- -std=c++20 -I"$src/runtime/include" 2>&1)
grep -q "blocking call to 'sleep' in coroutine 'say_hello'" <<<"$out" || {
  echo "the unpacked $(basename "$deb") did not report the finding:"; echo "$out"; exit 1; }
echo "cpack: $(basename "$deb") depends on clang-tidy-$major, holds the module and its wrapper; its module works"
