// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Collects frames into whole messages: every frame with MORE set, then the final frame.
///
/// Bounds what one message may hold (total body bytes and frame count) so a peer cannot grow a
/// message without end; exceeding either fires `ZMTPError.messageTooLarge`.
public final class ZMTPMessageAggregator: ChannelInboundHandler {
    /// Frames from ``ZMTPHandshakeHandler``.
    public typealias InboundIn = ZMTPFrame
    /// Complete messages.
    public typealias InboundOut = ZMTPMessage

    private let maximumMessageLength: Int
    private let maximumFrameCount: Int
    private var frames: [ByteBuffer] = []
    private var byteCount = 0
    private var lastFrameCount = 4
    private var failed = false

    /// An aggregator accepting messages of at most `maximumMessageLength` body bytes in at most
    /// `maximumFrameCount` frames.
    public init(maximumMessageLength: Int, maximumFrameCount: Int) {
        self.maximumMessageLength = maximumMessageLength
        self.maximumFrameCount = maximumFrameCount
    }

    /// Adds a frame; fires the message when the frame is the last one.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let frame = Self.unwrapInboundIn(data)
        if frames.isEmpty && !frame.more {
            context.fireChannelRead(Self.wrapInboundOut(ZMTPMessage(single: frame.body)))
            return
        }
        if frames.isEmpty {
            frames.reserveCapacity(lastFrameCount)
        }
        byteCount += frame.body.readableBytes
        frames.append(frame.body)
        guard frames.count <= maximumFrameCount, byteCount <= maximumMessageLength else {
            failed = true
            let error = ZMTPError(
                .messageTooLarge,
                "message exceeds \(maximumFrameCount) frames or \(maximumMessageLength) bytes (\(frames.count) frames, \(byteCount) bytes so far)"
            )
            frames = []
            context.fireErrorCaught(error)
            return
        }
        guard !frame.more, let message = ZMTPMessage(frames: frames) else { return }
        lastFrameCount = frames.count
        frames = []
        byteCount = 0
        context.fireChannelRead(Self.wrapInboundOut(message))
    }
}

@available(*, unavailable)
extension ZMTPMessageAggregator: Sendable {}
