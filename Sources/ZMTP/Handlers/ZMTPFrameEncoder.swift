// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Encodes the greeting, commands and whole messages into ZMTP bytes.
///
/// Not a `MessageToByteEncoder`, which would copy every body into one output buffer: small frames
/// (headers and bodies up to ``copyThreshold``) are gathered into one buffer per message, while
/// larger bodies are written as they are, so NIO sends them with vectored writes and no copy.
/// Frames use the short size form up to 255 bytes and the LONG form above (23/ZMTP).
public final class ZMTPFrameEncoder: ChannelOutboundHandler {
    /// Greetings, commands and messages.
    public typealias OutboundIn = ZMTPOutboundPart
    /// Encoded bytes.
    public typealias OutboundOut = ByteBuffer

    /// Bodies up to this many bytes are copied next to their headers; longer ones are not copied.
    public static let copyThreshold = 8 * 1024

    /// An encoder.
    public init() {}

    /// Encodes one part and writes it.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch Self.unwrapOutboundIn(data) {
        case .greeting(let greeting):
            var buffer = context.channel.allocator.buffer(capacity: ZMTPGreeting.length)
            buffer.writeZMTPGreeting(greeting)
            context.write(Self.wrapOutboundOut(buffer), promise: promise)
        case .command(let command):
            var buffer = context.channel.allocator.buffer(capacity: command.data.count + command.name.utf8.count + 10)
            buffer.writeZMTPCommand(command)
            context.write(Self.wrapOutboundOut(buffer), promise: promise)
        case .message(let message):
            writeMessage(message, context: context, promise: promise)
        }
    }

    private func writeMessage(_ message: ZMTPMessage, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        var capacity = 0
        for frame in message.frames {
            capacity += 9 + (frame.readableBytes <= Self.copyThreshold ? frame.readableBytes : 0)
        }
        var buffer = context.channel.allocator.buffer(capacity: capacity)
        let last = message.frames.count - 1
        for (index, frame) in message.frames.enumerated() {
            buffer.writeZMTPFrameHeader(length: frame.readableBytes, more: index < last)
            if frame.readableBytes <= Self.copyThreshold {
                buffer.writeImmutableBuffer(frame)
            } else {
                context.write(Self.wrapOutboundOut(buffer), promise: nil)
                buffer.clear()
                if index == last {
                    context.write(Self.wrapOutboundOut(frame), promise: promise)
                    return
                }
                context.write(Self.wrapOutboundOut(frame), promise: nil)
            }
        }
        context.write(Self.wrapOutboundOut(buffer), promise: promise)
    }
}

@available(*, unavailable)
extension ZMTPFrameEncoder: Sendable {}
