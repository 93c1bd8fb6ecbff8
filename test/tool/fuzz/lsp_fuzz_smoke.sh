#!/usr/bin/env bash
# The LSP fuzzer's smoke test: builds the harness into a temporary directory
# (not through the build system, so that it never runs a build inside the
# build tree) and fuzzes for a few seconds from the committed seeds. New
# inputs go to the temporary directory, never into the source tree.
# Usage: lsp_fuzz_smoke.sh <seconds> <seed-dir> <build_lsp_fuzzer.sh arguments except the output>
set -euo pipefail
seconds=$1 seeds=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$(dirname "$0")/build_lsp_fuzzer.sh" "$@" "$work/fuzzer"
mkdir "$work/corpus"
"$work/fuzzer" -max_total_time="$seconds" -seed=1 -max_len=8192 -timeout=10 \
  -print_final_stats=1 "$work/corpus" "$seeds"
