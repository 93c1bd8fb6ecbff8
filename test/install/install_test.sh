#!/usr/bin/env bash
# cmake --install into a temporary prefix, then a separate CMake project
# uses it: find_package(corio), build, run, and lint with the installed module.
set -euo pipefail
build=$1 src=$2 cxx=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

for f in bin/corolint-tidy include/corio/task.hpp share/doc/corolint/README.md \
         share/corolint/integrations/github-actions.yml; do
  [ -e "$prefix/$f" ] || { echo "not installed: $f" >&2; exit 1; }
done
ls "$prefix"/lib*/libcorolint-tidy-19.so "$prefix"/lib*/libcorolint-tidy-checks-19.so >/dev/null
[ -x "$prefix/bin/corolint-tidy-19" ] || { echo "not installed: bin/corolint-tidy-19" >&2; exit 1; }
ls "$prefix"/lib*/cmake/corio/corioConfig.cmake >/dev/null
if [ -e "$build/bin/corolint" ]; then
  [ -x "$prefix/bin/corolint" ] || { echo "corolint command not installed" >&2; exit 1; }
  "$prefix/bin/corolint" --version
fi

cmake -S "$src/test/install/consumer" -B "$tmp/consumer" -G Ninja \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$tmp/consumer" >/dev/null
[ "$("$tmp/consumer/consumer")" = 42 ] || { echo "consumer printed the wrong result" >&2; exit 1; }

out=$("$prefix/bin/corolint-tidy" --quiet --checks='-*,corolint-*' -p "$tmp/consumer" \
        "$src/test/install/consumer/main.cpp" 2>&1)
grep -q "blocking call to 'usleep' in coroutine 'work'" <<<"$out" || {
  echo "the installed module did not report the blocking call:"; echo "$out"; exit 1; }
echo "install test: installed, consumer built and ran, installed module reported the finding"

# The CMake integration: CMAKE_CXX_CLANG_TIDY with the installed module.
cmake -S "$src/test/install/consumer" -B "$tmp/consumer-tidy" -G Ninja \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_PROJECT_INCLUDE="$prefix/share/corolint/integrations/cmake/CorolintClangTidy.cmake" >/dev/null
log=$(cmake --build "$tmp/consumer-tidy" 2>&1) || {
  echo "build with CMAKE_CXX_CLANG_TIDY failed:"; echo "$log"; exit 1; }
grep -q "blocking call to 'usleep'.*\[corolint-blocking-sleep\]" <<<"$log" || {
  echo "CMAKE_CXX_CLANG_TIDY integration did not report the finding:"; echo "$log"; exit 1; }

# The run-clang-tidy integration over the consumer's compile database.
out=$("$prefix/share/corolint/integrations/run-clang-tidy.sh" "$tmp/consumer" 2>&1) || {
  echo "run-clang-tidy integration failed:"; echo "$out"; exit 1; }
grep -q "blocking call to 'usleep'" <<<"$out" || {
  echo "run-clang-tidy integration did not report the finding:"; echo "$out"; exit 1; }
echo "integrations: CMake CMAKE_CXX_CLANG_TIDY and run-clang-tidy report the finding"

# The Debian package made by CPack: its contents, and its wrapper works where
# it is unpacked (the module is found next to it, not in the build tree).
(cd "$tmp" && cpack --config "$build/CPackConfig.cmake" -B "$tmp/deb" >/dev/null)
deb=$(ls "$tmp"/deb/corolint_*.deb)
dpkg-deb -f "$deb" Depends | grep -q clang-tidy-19 || { echo "the .deb does not depend on clang-tidy-19" >&2; exit 1; }
# It is also the LLVM 19 module's package (the extra majors make corolint-tidy-N).
dpkg-deb -f "$deb" Provides | grep -qx corolint-tidy-19 || { echo "the .deb does not provide corolint-tidy-19" >&2; exit 1; }
dpkg-deb -x "$deb" "$tmp/unpacked"
for f in usr/bin/corolint usr/bin/corolint-tidy usr/bin/corolint-tidy-19 usr/lib/libcorolint-tidy-19.so \
         usr/lib/libcorolint-tidy-checks-19.so \
         usr/lib/cmake/corio/corioConfig.cmake usr/include/corio/task.hpp \
         usr/share/doc/corolint/README.md; do
  [ -e "$tmp/unpacked/$f" ] || { echo "not in the .deb: $f" >&2; exit 1; }
done
out=$("$tmp/unpacked/usr/bin/corolint-tidy" --quiet --checks='-*,corolint-*' -p "$tmp/consumer" \
        "$src/test/install/consumer/main.cpp" 2>&1)
grep -q "blocking call to 'usleep'" <<<"$out" || {
  echo "the unpacked .deb's module did not report the finding:"; echo "$out"; exit 1; }
echo "cpack: $(basename "$deb") has the command, the module, corio and the docs; its module works"

# The pre-commit hook (integrations/pre-commit-hooks.yaml, as a local hook)
# fails a commit that adds a blocking call, with the installed command on PATH.
if command -v pre-commit >/dev/null; then
  repo=$tmp/repo
  mkdir -p "$repo"
  cp "$src/test/install/consumer/CMakeLists.txt" "$src/test/install/consumer/main.cpp" "$repo/"
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  { echo "repos:"; echo "  - repo: local"; echo "    hooks:"
    sed 's/^/      /' "$prefix/share/corolint/integrations/pre-commit-hooks.yaml" | grep -v '^ *#'
  } > "$repo/.pre-commit-config.yaml"
  printf 'build/\n' > "$repo/.gitignore"
  git -C "$repo" init -q && git -C "$repo" add -A
  set +e
  out=$(cd "$repo" && PATH="$prefix/bin:$PATH" PRE_COMMIT_HOME="$tmp/pre-commit-home" \
          pre-commit run --all-files 2>&1)
  rc=$?
  set -e
  [ "$rc" -eq 1 ] && grep -q "blocking call to 'usleep'" <<<"$out" || {
    echo "the pre-commit hook did not fail on the finding (exit $rc):"; echo "$out"; exit 1; }
  echo "pre-commit: the hook fails the commit and shows the finding"
else
  echo "pre-commit is not installed: its hook was not exercised" >&2
fi
