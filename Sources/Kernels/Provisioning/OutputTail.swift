// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The last bytes a kernel process wrote to its standard output and error: a ring of fixed
/// capacity, so a chatty kernel costs bounded memory (older bytes are dropped).
final class OutputTail: Sendable {
    private struct Ring {
        var bytes: [UInt8] = []
        var start = 0
        var total = 0
    }

    /// How many bytes are kept.
    let capacity: Int
    private let ring = Mutex(Ring())

    /// A tail keeping the last `capacity` bytes (at least 1).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Appends bytes, dropping the oldest beyond the capacity.
    func append(_ chunk: UnsafeRawBufferPointer) {
        ring.withLock { ring in
            ring.total += chunk.count
            for byte in chunk.suffix(capacity) {
                if ring.bytes.count < capacity {
                    ring.bytes.append(byte)
                } else {
                    ring.bytes[ring.start] = byte
                    ring.start = (ring.start + 1) % capacity
                }
            }
        }
    }

    /// The kept bytes, oldest first.
    var bytes: [UInt8] {
        ring.withLock { ring in Array(ring.bytes[ring.start...] + ring.bytes[..<ring.start]) }
    }

    /// How many bytes were written in all (kept or dropped).
    var totalBytes: Int { ring.withLock { $0.total } }

    /// The last `lines` lines as text (invalid UTF-8 replaced), without a trailing newline;
    /// a first line cut by the ring is marked with "…".
    func text(lastLines lines: Int) -> String {
        let (kept, total) = ring.withLock { ring in
            (Array(ring.bytes[ring.start...] + ring.bytes[..<ring.start]), ring.total)
        }
        var all = String(decoding: kept, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init
        )
        while all.last == "" { all.removeLast() }
        let truncated = all.count > lines || total > kept.count
        let tail = all.suffix(lines)
        return (truncated && !tail.isEmpty ? "…" : "") + tail.joined(separator: "\n")
    }
}
