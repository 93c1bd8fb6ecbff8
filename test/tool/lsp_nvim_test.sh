#!/usr/bin/env bash
# End to end with a real editor: headless Neovim (0.7+) and its built-in LSP
# client run `corolint --lsp` on a small project (a coroutine with a blocking
# sleep(1) after non-ASCII text on the same line), apply corolint's quick fix,
# and check the buffer (lsp_nvim_test.lua). Exit 77 (skipped) without nvim.
# Usage: lsp_nvim_test.sh <corolint> <corio include dir>
set -euo pipefail
corolint=$1 corio_include=$2
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v nvim >/dev/null; then
  echo "nvim is not installed (scripts/install-deps.sh installs it): skipped"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/home"
cat > "$work/src/main.cpp" <<'CPP'
#include <corio/task.hpp>
#include <unistd.h>

corio::task<void> nap() {
  /* é𝄞 */ sleep(1);
  co_return;
}
CPP
cat > "$work/expected.cpp" <<'CPP'
#include <corio/task.hpp>
#include <unistd.h>
#include <corio/sleep.hpp>

corio::task<void> nap() {
  /* é𝄞 */ co_await corio::sleep_for(std::chrono::seconds(1));
  co_return;
}
CPP
cp "$work/src/main.cpp" "$work/original.cpp"
cat > "$work/compile_commands.json" <<JSON
[{"directory": "$work/src", "file": "main.cpp",
  "arguments": ["clang++", "-std=c++20", "-I$corio_include", "-c", "main.cpp"]}]
JSON

# Neovim's state, cache and log stay in the temporary directory.
export HOME=$work/home XDG_CONFIG_HOME=$work/home XDG_DATA_HOME=$work/home \
       XDG_STATE_HOME=$work/home XDG_CACHE_HOME=$work/home
export COROLINT=$corolint LSP_FILE=$work/src/main.cpp LSP_EXPECTED=$work/expected.cpp \
       LSP_ROOT=$work
status=0
timeout 240 nvim --headless --clean -n -i NONE -c "luafile $here/lsp_nvim_test.lua" \
  </dev/null || status=$?
if [ "$status" -ne 0 ]; then
  echo "nvim exited with $status"
  cat "$work/home/nvim/lsp.log" 2>/dev/null || true
  exit 1
fi
# The fix went to the buffer only; the file on disk is as it was.
cmp "$work/src/main.cpp" "$work/original.cpp"
