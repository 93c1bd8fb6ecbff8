#!/usr/bin/env bash
# Installs what corolint and corio need from Debian 12's packages.
# Skips apt entirely when everything is already installed.
# Usage: install-deps.sh [realcode]
set -euo pipefail

PACKAGES=(
  # LLVM/Clang 19: the clang-tidy that loads the module, and the libraries
  # the engine, the command and the tests link.
  clang-19 clang-tidy-19 clang-tools-19 clang-format-19 libclang-19-dev libclang-cpp19-dev
  llvm-19-dev libclang-rt-19-dev
  # The extra majors the module is also built and tested for (module only:
  # see cmake/LlvmMajor.cmake). 22 comes from bookworm-security.
  clang-16 clang-tidy-16 llvm-16-dev libclang-16-dev libclang-cpp16-dev
  clang-22 clang-tidy-22 llvm-22-dev libclang-22-dev libclang-cpp22-dev
  # Build and test.
  cmake ninja-build g++ python3 libgtest-dev libgmock-dev libbenchmark-dev
  # corio's dependencies, and the libraries the fixtures and examples use.
  libcurl4-openssl-dev libc-ares-dev libcpp-httplib-dev libasio-dev
  # The language server's end-to-end test drives Neovim's LSP client.
  neovim
  # The pre-commit hook's test (test/install).
  pre-commit
)
# `install-deps.sh realcode`: also the real coroutine code the realcode-check
# target lints (large, so not installed for the default run).
if [ "${1:-}" = realcode ]; then
  PACKAGES+=(libasio-doc libboost1.81-dev libboost1.81-doc)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
