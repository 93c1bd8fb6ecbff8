#!/usr/bin/env bash
# Builds the LSP message fuzzer from the transport's sources alone, with
# clang++-19's libFuzzer, ASan and UBSan (the project itself may be built
# with g++). The sources need LLVM's Support library only (JSON).
# Usage: build_lsp_fuzzer.sh <clang++-19> <llvm-include-dir> <llvm-lib-dir> <source-root> <output>
set -euo pipefail
cxx=$1 llvm_include=$2 llvm_lib=$3 root=$4 out=$5
exec "$cxx" -std=c++20 -g -O1 -Wall -Wextra -fno-rtti \
  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I"$root/tool/lsp" -I"$root/tool/lib" -isystem "$llvm_include" \
  "$root/test/tool/fuzz/LspMessageFuzzer.cpp" \
  "$root/tool/lsp/LspTransport.cpp" "$root/tool/lsp/LspText.cpp" \
  -L"$llvm_lib" -lLLVM-19 -Wl,-rpath,"$llvm_lib" -o "$out"
