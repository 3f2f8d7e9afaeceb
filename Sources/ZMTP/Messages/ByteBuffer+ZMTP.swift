// SPDX-License-Identifier: Apache-2.0

public import NIOCore

extension ByteBuffer: ZMTPByteSource {
    var readableByteCount: Int { readableBytes }

    func peekByte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < readableBytes else { return nil }
        return getInteger(at: readerIndex + offset, as: UInt8.self)
    }

    func peekBytes(at offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, count <= readableBytes - offset else { return nil }
        return getBytes(at: readerIndex + offset, length: count)
    }

    mutating func skipBytes(_ count: Int) {
        moveReaderIndex(forwardBy: min(max(count, 0), readableBytes))
    }

    mutating func readSlice(count: Int) -> ByteBuffer? {
        readSlice(length: count)
    }
}

extension ByteBuffer {
    /// Reads a ZMTP greeting from the front of the buffer.
    /// - Returns: nil (consuming nothing) if fewer than 64 bytes are readable.
    /// - Throws: `ZMTPError` `.invalidGreeting` or `.unsupportedVersion` (consuming nothing).
    public mutating func readZMTPGreeting() throws -> ZMTPGreeting? {
        guard let greeting = try ZMTPGreeting.peek(in: self) else { return nil }
        moveReaderIndex(forwardBy: ZMTPGreeting.length)
        return greeting
    }

    /// Writes a 64-byte ZMTP greeting and returns the number of bytes written.
    @discardableResult
    public mutating func writeZMTPGreeting(_ greeting: ZMTPGreeting) -> Int {
        writeBytes(greeting.bytes)
    }

    /// Writes a command frame (flags 0x04 or 0x06, size, body) and returns the bytes written.
    @discardableResult
    public mutating func writeZMTPCommand(_ command: ZMTPCommand) -> Int {
        let body = command.body
        let header = writeZMTPFrameHeader(length: body.count, more: false, command: true)
        return header + writeBytes(body)
    }

    /// Writes a frame header (flags and a 1- or 8-byte size) and returns the bytes written.
    ///
    /// The short form is used for bodies of at most 255 bytes, the LONG form above that.
    @discardableResult
    public mutating func writeZMTPFrameHeader(length: Int, more: Bool, command: Bool = false) -> Int {
        var flags: UInt8 = more ? ZMTPParser.moreFlag : 0
        if command { flags |= ZMTPParser.commandFlag }
        if length <= 255 {
            return writeInteger(flags) + writeInteger(UInt8(length))
        }
        return writeInteger(flags | ZMTPParser.longFlag) + writeInteger(UInt64(length))
    }

    /// Writes every frame of `message` (headers and bodies) and returns the bytes written.
    @discardableResult
    public mutating func writeZMTPMessage(_ message: ZMTPMessage) -> Int {
        var written = 0
        let last = message.frames.count - 1
        for (index, frame) in message.frames.enumerated() {
            written += writeZMTPFrameHeader(length: frame.readableBytes, more: index < last)
            written += writeImmutableBuffer(frame)
        }
        return written
    }
}
