// SPDX-License-Identifier: Apache-2.0

import NIOCore
@testable import ZMTP

/// Hand-built ZMTP wire bytes for tests, written from the spec's layouts (23/ZMTP, 37/ZMTP)
/// independently of the encoder under test.
enum Wire {
    /// A 64-byte greeting: 0xFF, 8 padding bytes, 0x7F, version, mechanism, as-server, filler.
    static func greeting(major: UInt8 = 3, minor: UInt8 = 1, mechanism: String = "NULL", asServer: UInt8 = 0) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, major, minor]
        let name = Array(mechanism.utf8)
        bytes += name + [UInt8](repeating: 0, count: 20 - name.count)
        bytes.append(asServer)
        bytes += [UInt8](repeating: 0, count: 31)
        return bytes
    }

    /// A big-endian integer of `width` bytes.
    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// A message frame: flags (MORE 0x01, LONG 0x02), 1- or 8-byte size, body.
    static func frame(_ body: [UInt8], more: Bool = false, forceLong: Bool = false) -> [UInt8] {
        let long = forceLong || body.count > 255
        let flags: UInt8 = (more ? 0x01 : 0) | (long ? 0x02 : 0)
        return [flags] + bigEndian(UInt64(body.count), width: long ? 8 : 1) + body
    }

    /// A message frame holding a string.
    static func frame(_ text: String, more: Bool = false) -> [UInt8] {
        frame(Array(text.utf8), more: more)
    }

    /// A command frame: flags 0x04 (0x06 if long), size, name size, name, data.
    static func command(_ name: String, data: [UInt8] = []) -> [UInt8] {
        let body = [UInt8(name.utf8.count)] + Array(name.utf8) + data
        let long = body.count > 255
        return [long ? 0x06 : 0x04] + bigEndian(UInt64(body.count), width: long ? 8 : 1) + body
    }

    /// READY metadata: each property is name size, name, 4-byte value size, value.
    static func properties(_ properties: [(String, String)]) -> [UInt8] {
        properties.flatMap { name, value in
            [UInt8(name.utf8.count)] + Array(name.utf8) + bigEndian(UInt64(value.utf8.count), width: 4) + Array(value.utf8)
        }
    }

    /// A READY command with the given properties.
    static func ready(_ properties: [(String, String)]) -> [UInt8] {
        command("READY", data: self.properties(properties))
    }

    /// A READY command naming a socket type (and an identity, if given).
    static func ready(socketType: String, identity: String? = nil) -> [UInt8] {
        ready([("Socket-Type", socketType)] + (identity.map { [("Identity", $0)] } ?? []))
    }

    /// `bytes` as a ByteBuffer.
    static func buffer(_ bytes: [UInt8]) -> ByteBuffer {
        ByteBuffer(bytes: bytes)
    }
}

/// Deterministic test message shapes shared with the Python peers (Peers/shapes.py computes the
/// same bytes): frame `j` of message `i` has `lengths[i][j]` bytes `(seed + k) % 256` with
/// `seed = 31 * i + 7 * j`.
enum Shapes {
    /// Multipart, empty frames, a 255/256-byte boundary, > 255 bytes, a few MB, and a run of
    /// small messages.
    static let standard: [[Int]] =
        [[5], [0], [3, 0, 4], [255], [256], [300, 0, 1], [3_000_000], [1, 2, 3, 4, 5, 6, 7, 8]]
        + Array(repeating: [10, 20], count: 200)

    /// The shapes as the JSON argument the Python peers take.
    static func json(_ shapes: [[Int]]) -> String {
        "[" + shapes.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// The bytes of one frame (built from whole 256-byte cycles: fast even in debug builds).
    static func frame(message: Int, frame: Int, length: Int) -> ByteBuffer {
        let seed = (31 * message + 7 * frame) % 256
        let cycle = (0...255).map { UInt8($0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(seed + length + 256)
        while bytes.count < seed + length { bytes.append(contentsOf: cycle) }
        return ByteBuffer(bytes: bytes[seed..<(seed + length)])
    }

    /// The messages for `shapes`.
    static func messages(_ shapes: [[Int]]) -> [ZMTPMessage] {
        shapes.enumerated().compactMap { index, lengths in
            ZMTPMessage(frames: lengths.enumerated().map { frame(message: index, frame: $0.offset, length: $0.element) })
        }
    }
}
