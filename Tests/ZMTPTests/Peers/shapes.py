# SPDX-License-Identifier: Apache-2.0
"""Deterministic message shapes shared with Tests/ZMTPTests/Support/Wire.swift (enum Shapes)."""
import json

_CYCLE = bytes(range(256))


def frame(message, index, length):
    seed = (31 * message + 7 * index) % 256
    reps = (seed + length) // 256 + 1
    return (_CYCLE * reps)[seed:seed + length]


def messages(spec):
    return [[frame(i, j, n) for j, n in enumerate(lengths)] for i, lengths in enumerate(json.loads(spec))]


def say(*parts):
    print(*parts, flush=True)
