// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A DEALER socket connected to one peer (a kernel's ROUTER shell/control/stdin socket).
///
/// Messages go out as they are (no routing envelope) and arrive as the peer sent them.
/// Inbound buffering is bounded by ``ZMTPConfiguration/inboundBufferLimit``: when the reader falls
/// that far behind, reading from the peer pauses (TCP backpressure), nothing is dropped.
///
/// ```swift
/// try await DealerSocket.connect(to: .tcp(host: "127.0.0.1", port: shellPort), identity: Array("s1".utf8)) { shell in
///     try await shell.send(request)
///     for try await reply in shell.messages { … }
/// }
/// ```
public struct DealerSocket: Sendable {
    /// The peer, as described by its greeting and READY.
    public let peer: ZMTPPeer
    /// Inbound messages, in order.
    ///
    /// Iterate it once, from one task: when that iterator goes away (say, after a `break`),
    /// receiving on this socket ends. To receive step by step, keep one iterator
    /// (`var replies = socket.messages.makeAsyncIterator()`).
    public let messages: NIOAsyncChannelInboundStream<ZMTPMessage>
    private let outbound: NIOAsyncChannelOutboundWriter<ZMTPMessage>

    /// Connects, completes the handshake, runs `body` with the socket and closes it afterwards.
    /// - Parameters:
    ///   - endpoint: where the peer (a ROUTER, REP or DEALER) listens.
    ///   - identity: our routing identity, sent as READY `Identity` (must not start with 0x00).
    ///   - eventLoopGroup: the group to run on; NIO's shared group when nil.
    /// - Throws: connection and handshake errors (`ZMTPError`), or what `body` throws.
    public static func connect<Result: Sendable>(
        to endpoint: ZMTPEndpoint,
        identity: [UInt8]? = nil,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DealerSocket) async throws -> Result
    ) async throws -> Result {
        try ZMTPDefaults.validate(identity: identity)
        let options = ZMTPSocketOptions(socketType: .dealer, identity: identity, configuration: configuration, logger: logger)
        let connection = try await ZMTPTransport.connect(to: endpoint, options: options, group: ZMTPDefaults.eventLoopGroup(eventLoopGroup))
        return try await connection.run { peer, inbound, outbound in
            try await body(DealerSocket(peer: peer, messages: inbound, outbound: outbound))
        }
    }

    /// Sends a message, waiting while the peer is slow to read (above the outbound buffer limit).
    public func send(_ message: ZMTPMessage) async throws {
        try await outbound.write(message)
    }
}

extension ZMTPConnection {
    /// Waits for the handshake, then runs `body` with the peer and the channel's two directions;
    /// the channel is closed afterwards. Cancellation while waiting closes the channel.
    func run<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (ZMTPPeer, NIOAsyncChannelInboundStream<ZMTPMessage>, NIOAsyncChannelOutboundWriter<ZMTPMessage>) async throws -> Result
    ) async throws -> Result {
        try await channel.executeThenClose { inbound, outbound in
            let underlying = channel.channel
            let peer = try await withTaskCancellationHandler {
                try await handshake.get()
            } onCancel: {
                underlying.close(promise: nil)
            }
            return try await body(peer, inbound, outbound)
        }
    }
}
