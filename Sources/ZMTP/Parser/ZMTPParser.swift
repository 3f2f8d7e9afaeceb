// SPDX-License-Identifier: Apache-2.0

/// One unit of ZMTP traffic: the greeting, a command, or one frame of a message.
enum ZMTPParsedUnit<Body> {
    /// The peer's 64-byte greeting (always the first unit).
    case greeting(ZMTPGreeting)
    /// A command frame, parsed into name and data.
    case command(ZMTPCommand)
    /// A message frame; `more` says another frame of the same message follows.
    case frame(more: Bool, body: Body)
}

/// The limits the parser checks every length against before anything is sliced or allocated.
struct ZMTPParserLimits: Sendable, Hashable {
    /// The largest message frame body accepted, in bytes.
    var maximumFrameLength: Int
    /// The largest command body accepted, in bytes.
    var maximumCommandLength: Int
}

/// The incremental ZMTP 3.x wire parser (23/ZMTP and 37/ZMTP), independent of NIO.
///
/// Feed it bytes with ``parseStep(_:)``: it returns nil when it needs more bytes, one unit when it
/// has consumed one, and throws `ZMTPError` on a protocol violation, after which it stays failed.
///
/// ```
/// frame  = flags size body
/// flags  = bit0 MORE (0x01) | bit1 LONG (0x02) | bit2 COMMAND (0x04); bits 3-7 must be 0;
///          a command never has MORE
/// size   = 1 byte if !LONG, else 8 bytes big-endian
/// ```
/// A frame's size is checked against ``ZMTPParserLimits`` as soon as the header is readable, so
/// a 2⁶⁴-byte claim fails before a single body byte is buffered.
struct ZMTPParser {
    /// Where the parser is in the byte stream.
    enum State: Hashable {
        /// Waiting for the 64-byte greeting.
        case awaitingGreeting
        /// Waiting for a frame's flags and size.
        case awaitingFrameHeader
        /// The header was consumed; waiting for `header.length` body bytes.
        case awaitingFrameBody(FrameHeader)
        /// A protocol violation happened; every later step rethrows it.
        case failed(ZMTPError)
    }

    /// A decoded frame header.
    struct FrameHeader: Hashable {
        /// The MORE flag.
        var more: Bool
        /// The COMMAND flag.
        var isCommand: Bool
        /// The body length, already checked against the limits.
        var length: Int
        /// The header's own length on the wire (2 or 9).
        var headerLength: Int
    }

    static let moreFlag: UInt8 = 0x01
    static let longFlag: UInt8 = 0x02
    static let commandFlag: UInt8 = 0x04
    static let reservedFlags: UInt8 = 0xF8

    /// The current state.
    private(set) var state: State = .awaitingGreeting
    /// The length limits.
    let limits: ZMTPParserLimits

    /// A parser at the start of a connection (expecting the greeting), or, if `greetingReceived`,
    /// just after it (for tests that feed frames only).
    init(limits: ZMTPParserLimits, greetingReceived: Bool = false) {
        self.limits = limits
        state = greetingReceived ? .awaitingFrameHeader : .awaitingGreeting
    }

    /// Consumes at most one unit from the front of `source`.
    /// - Returns: the unit, or nil if more bytes are needed (a frame header may have been consumed).
    /// - Throws: `ZMTPError` on a protocol violation; the parser then stays failed.
    mutating func parseStep<Source: ZMTPByteSource>(_ source: inout Source) throws(ZMTPError) -> ZMTPParsedUnit<Source.Slice>? {
        do {
            return try step(&source)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step<Source: ZMTPByteSource>(_ source: inout Source) throws(ZMTPError) -> ZMTPParsedUnit<Source.Slice>? {
        switch state {
        case .failed(let error):
            throw error
        case .awaitingGreeting:
            guard let greeting = try ZMTPGreeting.peek(in: source) else { return nil }
            source.skipBytes(ZMTPGreeting.length)
            state = .awaitingFrameHeader
            return .greeting(greeting)
        case .awaitingFrameHeader:
            guard let header = try Self.peekFrameHeader(in: source, limits: limits) else { return nil }
            source.skipBytes(header.headerLength)
            state = .awaitingFrameBody(header)
            return try readBody(of: header, from: &source)
        case .awaitingFrameBody(let header):
            return try readBody(of: header, from: &source)
        }
    }

    /// Reads the body of a frame whose header was consumed, if all of it is readable.
    private mutating func readBody<Source: ZMTPByteSource>(
        of header: FrameHeader,
        from source: inout Source
    ) throws(ZMTPError) -> ZMTPParsedUnit<Source.Slice>? {
        guard source.readableByteCount >= header.length else { return nil }
        if header.isCommand {
            guard let body = source.peekBytes(at: 0, count: header.length) else { return nil }
            source.skipBytes(header.length)
            state = .awaitingFrameHeader
            return .command(try ZMTPCommand(body: body))
        }
        guard let body = source.readSlice(count: header.length) else { return nil }
        state = .awaitingFrameHeader
        return .frame(more: header.more, body: body)
    }

    /// Parses a frame header at the front of `source` without consuming it.
    /// - Returns: nil if the header is not complete yet.
    /// - Throws: `.invalidFrame` for bad flags, `.frameTooLarge` for a size over the limit.
    static func peekFrameHeader<Source: ZMTPByteSource>(
        in source: Source,
        limits: ZMTPParserLimits
    ) throws(ZMTPError) -> FrameHeader? {
        guard let flags = source.peekByte(at: 0) else { return nil }
        guard flags & reservedFlags == 0 else {
            throw ZMTPError(.invalidFrame, "frame flags \(hex(flags)) have reserved bits set")
        }
        let isCommand = flags & commandFlag != 0
        let more = flags & moreFlag != 0
        guard !(isCommand && more) else {
            throw ZMTPError(.invalidFrame, "command frame has the MORE flag set")
        }
        let isLong = flags & longFlag != 0
        let sizeWidth = isLong ? 8 : 1
        guard let size = source.peekBigEndian(at: 1, width: sizeWidth) else { return nil }
        let limit = isCommand ? limits.maximumCommandLength : limits.maximumFrameLength
        guard size <= UInt64(max(limit, 0)) else {
            let what = isCommand ? "command" : "frame"
            throw ZMTPError(.frameTooLarge, "\(what) of \(size) bytes exceeds the maximum of \(limit)")
        }
        return FrameHeader(more: more, isCommand: isCommand, length: Int(size), headerLength: 1 + sizeWidth)
    }
}
