#!/usr/bin/env bash
# Instructions (callgrind) for the per-file work of `quire strip` on the benchmark's 1,000
# notebooks: bench/strip-driver compiled with Sources/NotebookFormat as one optimised module, run
# on one thread. Instruction counts repeat from run to run where times on a shared machine do not.
#   usage: bench/strip_callgrind.sh [--general]   (--general: parse every notebook, as other options do)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
swiftc -O -wmo -swift-version 6 -module-name NotebookFormat \
  -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility \
  -enable-upcoming-feature InternalImportsByDefault \
  $(find Sources/NotebookFormat -name '*.swift') bench/strip-driver/main.swift -o "$out/strip-driver"
valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "$out/strip-driver" "$@" bench/work/data/strip/*.ipynb \
  2>&1 | grep -E 'would change|refs'
