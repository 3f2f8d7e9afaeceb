#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Builds the libFuzzer target for the ZMTP parser and handshake state machine and runs it for a
# bounded time. Exits non-zero if the fuzzer finds a crash (a trap, a failed precondition, or
# chunked parsing that differs from whole parsing); the crashing input is kept in
# .build/zmtp-fuzz-artifacts/.
#
# Usage: scripts/fuzz-zmtp.sh [SECONDS]   (default 30)
#
# Only the standard-library-only sources (Sources/ZMTP/Parser, Sources/ZMTP/StateMachines) are
# compiled, with the harness Fuzz/ZMTPFuzz.swift, so the build takes seconds, not a NIO rebuild.
set -euo pipefail

seconds="${1:-30}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/.build"
binary="$build/zmtp-fuzz"
seeds="$build/zmtp-fuzz-seeds"
corpus="$build/zmtp-fuzz-corpus"
artifacts="$build/zmtp-fuzz-artifacts"
mkdir -p "$build" "$corpus" "$artifacts"
rm -rf "$seeds"
mkdir -p "$seeds"

swiftc -sanitize=fuzzer -parse-as-library -O \
    "$root/Fuzz/ZMTPFuzz.swift" "$root"/Sources/ZMTP/Parser/*.swift "$root"/Sources/ZMTP/StateMachines/*.swift \
    -o "$binary"

# Seed corpus. The first byte picks the mode (see Fuzz/ZMTPFuzz.swift): 0 mod 4 = raw traffic
# from the start (greeting included); odd = a valid greeting is prepended; 2 mod 4 = one
# command body.
python3 - "$seeds" <<'PY'
import os
import struct
import sys

out = sys.argv[1]

def greeting(major=3, minor=1, mechanism=b"NULL"):
    return b"\xff" + b"\x00" * 7 + b"\x01\x7f" + bytes([major, minor]) + mechanism.ljust(20, b"\x00") + b"\x00" * 32

def frame(body, more=False, long=False):
    long = long or len(body) > 255
    flags = (1 if more else 0) | (2 if long else 0)
    return bytes([flags]) + (struct.pack(">Q", len(body)) if long else bytes([len(body)])) + body

def command(name, data=b""):
    body = bytes([len(name)]) + name + data
    return (b"\x06" + struct.pack(">Q", len(body)) if len(body) > 255 else bytes([4, len(body)])) + body

def prop(name, value):
    return bytes([len(name)]) + name + struct.pack(">I", len(value)) + value

ready = command(b"READY", prop(b"Socket-Type", b"DEALER") + prop(b"Identity", b"probe-shell"))
seeds = {
    "greeting-3.1": b"\x00" + greeting(),
    "greeting-3.0": b"\x00" + greeting(minor=0),
    "greeting-curve": b"\x00" + greeting(mechanism=b"CURVE"),
    "greeting-2.0": b"\x00" + greeting(major=1)[:12],
    "session": b"\x00" + greeting() + ready + frame(b"a", more=True) + frame(b"") + frame(b"x" * 300),
    "ready-only": b"\x01" + ready,
    "ready-sub": b"\x01" + command(b"READY", prop(b"Socket-Type", b"SUB")),
    "traffic-3.1": b"\x03" + ready + command(b"PING", b"\x00\x0a" + b"ctx") + command(b"PONG", b"ctx")
    + command(b"SUBSCRIBE", b"kernel") + command(b"CANCEL", b"") + command(b"ERROR", b"\x03bad"),
    "frames": b"\x05" + ready + frame(b"<IDS|MSG>", more=True) + frame(b"0" * 64, more=True) + frame(b"{}"),
    "long-frame": b"\x07" + ready + frame(b"y" * 1000, long=True),
    "huge-length": b"\x09" + ready + b"\x02" + struct.pack(">Q", 2**63),
    "long-command": b"\x0b" + command(b"READY", prop(b"Socket-Type", b"ROUTER") + prop(b"X-Big", b"z" * 400)),
    "truncated-command": b"\x0d" + b"\x04\x05\x09READ",
    "metadata-overrun": b"\x0f" + command(b"READY", b"\x0bSocket-Type\xff\xff\xff\xffDEALER"),
    "body-ready": b"\x02" + command(b"READY", prop(b"Socket-Type", b"XPUB"))[2:],
    "body-ping": b"\x06" + command(b"PING", b"\x00\x0a" + b"context")[2:],
    "body-pong": b"\x0a" + command(b"PONG", b"context")[2:],
    "body-error": b"\x0e" + command(b"ERROR", b"\x03bad")[2:],
    "body-subscribe": b"\x12" + command(b"SUBSCRIBE", b"kernel.")[2:],
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
PY

echo "fuzz-zmtp: running for ${seconds}s"
log="$build/zmtp-fuzz.log"
status=0
# SWIFT_BACKTRACE=enable=no leaves crashes to libFuzzer, which then saves the input.
SWIFT_BACKTRACE=enable=no "$binary" -max_total_time="$seconds" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
grep -E "stat::number_of_executed_units|Fatal error|deadly signal|Test unit written|SUMMARY" "$log" || true
if [ "$status" -ne 0 ]; then
    echo "fuzz-zmtp: FAILED (exit $status); log in $log, crashing input in $artifacts" >&2
    exit 1
fi
echo "fuzz-zmtp: no crash"
