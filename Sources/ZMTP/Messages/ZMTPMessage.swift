// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// A ZMTP message: one or more frames, sent and received as a unit (never empty).
///
/// Frames are `ByteBuffer`s; received frames are slices of the connection's read buffer, so
/// bodies are not copied. Routing envelopes (ROUTER identities, REQ/REP delimiters) are frames
/// like any other at this layer.
public struct ZMTPMessage: Sendable, Hashable, RandomAccessCollection, CustomStringConvertible {
    /// The frames, in order; never empty.
    public private(set) var frames: [ByteBuffer]

    /// A message of the given frames, or nil if `frames` is empty.
    public init?(frames: [ByteBuffer]) {
        guard !frames.isEmpty else { return nil }
        self.frames = frames
    }

    /// A message of at least one frame.
    public init(_ first: ByteBuffer, _ more: ByteBuffer...) {
        frames = [first] + more
    }

    /// A one-frame message (one array allocation, for the receive path).
    init(single frame: ByteBuffer) {
        frames = [frame]
    }

    /// A message whose frames are the UTF-8 bytes of the given strings.
    public init(_ first: String, _ more: String...) {
        frames = ([first] + more).map { ByteBuffer(string: $0) }
    }

    /// A message whose frames hold the given bytes, or nil if there are none.
    public init?(byteFrames: [[UInt8]]) {
        self.init(frames: byteFrames.map { ByteBuffer(bytes: $0) })
    }

    /// The first frame index.
    public var startIndex: Int { frames.startIndex }
    /// One past the last frame index.
    public var endIndex: Int { frames.endIndex }
    /// The frame at `position`.
    public subscript(position: Int) -> ByteBuffer { frames[position] }

    /// The total body bytes of all frames.
    public var byteCount: Int { frames.reduce(0) { $0 + $1.readableBytes } }

    /// The frames' bytes, for tests and diagnostics.
    public var byteFrames: [[UInt8]] { frames.map { Array($0.readableBytesView) } }

    /// This message with `envelope` frames put before its frames (ROUTER identity, REQ delimiter).
    public func prepending(_ envelope: [ByteBuffer]) -> ZMTPMessage {
        var copy = self
        copy.frames.insert(contentsOf: envelope, at: 0)
        return copy
    }

    /// The frames after the first `count`, or nil if that would leave none.
    public func dropping(first count: Int) -> ZMTPMessage? {
        ZMTPMessage(frames: Array(frames.dropFirst(count)))
    }

    /// A short summary: frame count and the first frames' sizes.
    public var description: String {
        "ZMTPMessage(\(frames.count) frames: \(frames.prefix(8).map { "\($0.readableBytes)B" }.joined(separator: ", ")))"
    }
}

/// One frame of a message as decoded from the wire.
///
/// `body` is declared before `more` so the struct is 24 bytes and travels through the pipeline
/// inside `NIOAny` without a heap box.
public struct ZMTPFrame: Sendable, Hashable {
    /// The frame body (a slice of the read buffer).
    public var body: ByteBuffer
    /// Whether another frame of the same message follows.
    public var more: Bool

    /// A frame from its flag and body.
    public init(more: Bool, body: ByteBuffer) {
        self.more = more
        self.body = body
    }
}

/// What ``ZMTPFrameDecoder`` produces: the greeting, then commands and frames.
public enum ZMTPInboundPart: Sendable, Hashable {
    /// The peer's greeting.
    indirect case greeting(ZMTPGreeting)
    /// A command.
    indirect case command(ZMTPCommand)
    /// A message frame.
    case frame(ZMTPFrame)
}

/// What ``ZMTPFrameEncoder`` writes: the greeting, a command, or a whole message.
public enum ZMTPOutboundPart: Sendable, Hashable {
    /// Our greeting.
    indirect case greeting(ZMTPGreeting)
    /// A command.
    indirect case command(ZMTPCommand)
    /// A message (all its frames, MORE set on all but the last).
    case message(ZMTPMessage)
}
