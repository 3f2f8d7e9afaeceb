// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Decodes a ZMTP 3.x byte stream into the greeting, commands and message frames.
///
/// A `NIOSingleStepByteToMessageDecoder`, so it needs no channel context: use it in a pipeline as
/// `ByteToMessageHandler(ZMTPFrameDecoder(...))`, or over any async byte sequence. Frame bodies are
/// slices of the read buffer (no copy). Every size is checked against the limits as soon as the
/// frame header is readable, before anything is buffered for it; a violation throws `ZMTPError`.
public struct ZMTPFrameDecoder: NIOSingleStepByteToMessageDecoder {
    /// Produces greetings, commands and frames.
    public typealias InboundOut = ZMTPInboundPart

    /// Frames at least this long get their whole body's buffer space reserved once the header
    /// has been checked, instead of growing the read buffer step by step.
    static let reservationThreshold = 64 * 1024

    private var parser: ZMTPParser

    /// A decoder accepting frame bodies up to `maximumFrameLength` and command bodies up to
    /// `maximumCommandLength` bytes.
    public init(maximumFrameLength: Int, maximumCommandLength: Int = 64 * 1024) {
        self.init(maximumFrameLength: maximumFrameLength, maximumCommandLength: maximumCommandLength, greetingReceived: false)
    }

    /// A decoder that expects frames at once, without a greeting (for tests).
    init(maximumFrameLength: Int, maximumCommandLength: Int, greetingReceived: Bool) {
        let limits = ZMTPParserLimits(maximumFrameLength: maximumFrameLength, maximumCommandLength: maximumCommandLength)
        parser = ZMTPParser(limits: limits, greetingReceived: greetingReceived)
    }

    /// Decodes at most one part; nil means more bytes are needed.
    public mutating func decode(buffer: inout ByteBuffer) throws -> ZMTPInboundPart? {
        guard let unit = try parser.parseStep(&buffer) else {
            if case .awaitingFrameBody(let header) = parser.state, header.length >= Self.reservationThreshold {
                buffer.reserveCapacity(minimumWritableBytes: header.length - buffer.readableBytes)
            }
            return nil
        }
        switch unit {
        case .greeting(let greeting):
            return .greeting(greeting)
        case .command(let command):
            return .command(command)
        case .frame(let more, let body):
            return .frame(ZMTPFrame(more: more, body: body))
        }
    }

    /// Decodes what is left when the connection closes; a partial frame is dropped.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ZMTPInboundPart? {
        try decode(buffer: &buffer)
    }
}
