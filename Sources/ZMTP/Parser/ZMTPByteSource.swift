// SPDX-License-Identifier: Apache-2.0

/// A readable run of bytes the ZMTP parser consumes from the front.
///
/// The parser depends only on this protocol (and the standard library) so that it can be compiled
/// on its own for the libFuzzer target. `ByteBuffer` conforms in `ByteBuffer+ZMTP.swift`; its
/// slices share storage with the input, so frame bodies are never copied.
protocol ZMTPByteSource {
    /// The type of a consumed run of bytes (a frame body).
    associatedtype Slice

    /// How many bytes can still be read.
    var readableByteCount: Int { get }

    /// The byte `offset` bytes past the read position, or nil if there are not that many.
    func peekByte(at offset: Int) -> UInt8?

    /// Copies `count` bytes starting `offset` bytes past the read position, or nil if too few.
    func peekBytes(at offset: Int, count: Int) -> [UInt8]?

    /// Consumes `count` bytes (the caller has checked they are readable).
    mutating func skipBytes(_ count: Int)

    /// Consumes `count` bytes and returns them as a slice, or nil if too few.
    mutating func readSlice(count: Int) -> Slice?
}

extension ZMTPByteSource {
    /// The big-endian unsigned integer in the `width` bytes starting `offset` bytes ahead.
    func peekBigEndian(at offset: Int, width: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in 0..<width {
            guard let byte = peekByte(at: offset + index) else { return nil }
            value = value << 8 | UInt64(byte)
        }
        return value
    }
}

/// A `ZMTPByteSource` over an array, for tests, seed generation and the fuzzer.
struct ZMTPArrayByteSource: ZMTPByteSource {
    /// The bytes, of which those from `position` on are unread.
    var bytes: [UInt8]
    /// The read position.
    var position = 0

    /// A source reading `bytes` from the start.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var readableByteCount: Int { bytes.count - position }

    func peekByte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < readableByteCount else { return nil }
        return bytes[position + offset]
    }

    func peekBytes(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, count <= readableByteCount - offset else { return nil }
        return Array(bytes[(position + offset)..<(position + offset + count)])
    }

    mutating func skipBytes(_ count: Int) {
        position += min(max(count, 0), readableByteCount)
    }

    mutating func readSlice(count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= readableByteCount else { return nil }
        defer { position += count }
        return bytes[position..<(position + count)]
    }
}
