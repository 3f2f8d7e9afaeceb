// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// The last inbound handler of a ZMTP pipeline: logs why a connection failed, then closes it.
///
/// A peer that sends garbage (bad greeting, oversized frame, malformed command, incompatible
/// socket type, no handshake in time) is disconnected with one log line naming the peer and the
/// reason; nothing else on the event loop is affected.
public final class ZMTPProtocolErrorHandler: ChannelInboundHandler {
    /// Anything (messages pass through untouched).
    public typealias InboundIn = NIOAny

    private let logger: Logger
    private var reported = false

    /// A handler logging to `logger`.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs the error once, passes it on (so an async reader sees it) and closes the channel.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !reported {
            reported = true
            let peer = context.channel.remoteAddress.map { "\($0)" } ?? "unknown peer"
            let level: Logger.Level = error is ZMTPError ? .warning : .notice
            logger.log(
                level: level,
                "closing ZMTP connection: \(error)",
                metadata: ["zmtp.peer": "\(peer)", "zmtp.error": "\((error as? ZMTPError)?.code.rawValue ?? "io")"]
            )
        }
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    /// Passes reads on.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension ZMTPProtocolErrorHandler: Sendable {}
