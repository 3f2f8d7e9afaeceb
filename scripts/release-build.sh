#!/usr/bin/env bash
# The release build (benchmarks, deployments): `swift build -c release` with the Swift runtime and
# Foundation linked statically (a process starts without loading them, ~4 ms sooner), and every
# Swift function, the dependencies' included, in its own section (-function-sections), so that the
# link of `quire` can place the functions a server runs together (Package.swift,
# Sources/quire/link-order.txt). One definition for the Makefile and bench/, so that they never
# rebuild each other's .build/release.
#   usage: scripts/release-build.sh [swift build options...]   (e.g. --product quire, --show-bin-path)
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib \
  -Xswiftc -Xfrontend -Xswiftc -function-sections "$@"
