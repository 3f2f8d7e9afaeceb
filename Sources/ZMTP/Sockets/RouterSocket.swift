// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A message with the routing identity of the peer it came from or goes to.
public struct ZMTPRoutedMessage: Sendable, Hashable {
    /// The peer's routing identity.
    public var identity: ByteBuffer
    /// The message, without the identity.
    public var message: ZMTPMessage

    /// A routed message.
    public init(identity: ByteBuffer, message: ZMTPMessage) {
        self.identity = identity
        self.message = message
    }

    /// The libzmq ROUTER form: the identity frame, then the message's frames.
    public var frames: ZMTPMessage { message.prepending([identity]) }
}

/// A ROUTER socket bound to an endpoint: talks to many DEALER/REQ/ROUTER peers, routing by
/// identity (a kernel's shell, control, stdin and heartbeat sockets are ROUTERs).
///
/// A peer's identity is its READY `Identity` property, or a generated one (0x00 and a 32-bit
/// counter) if it sent none; a new peer with a connected peer's identity takes over its route.
/// Inbound messages from all peers are merged into ``messages`` with backpressure
/// (``ZMTPInboundQueue``). Messages to an unknown or departed identity are dropped, as libzmq
/// does without `ROUTER_MANDATORY`.
///
/// ```swift
/// try await RouterSocket.bind(.tcp(host: "127.0.0.1", port: 0)) { router in
///     print(router.boundPort ?? 0)
///     for await request in router.messages { try await router.send(reply, to: request.identity) }
/// }
/// ```
public struct RouterSocket: ZMTPBoundSocket, Sendable {
    /// The endpoint actually bound (with the chosen port when binding to port 0).
    public let boundEndpoint: ZMTPEndpoint
    /// Inbound messages from all peers, tagged with their identity.
    public let messages: ZMTPInboundQueue<ZMTPRoutedMessage>
    private let peers: ZMTPPeerTable

    /// Binds, runs `body` with the socket while accepting peers, then closes everything.
    public static func bind<Result: Sendable>(
        _ endpoint: ZMTPEndpoint,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RouterSocket) async throws -> Result
    ) async throws -> Result {
        let queue = ZMTPInboundQueue<ZMTPRoutedMessage>(capacity: configuration.inboundBufferLimit)
        let peers = ZMTPPeerTable()
        return try await ZMTPServer.run(
            endpoint,
            socketType: .router,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            serve: { connection in
                try await connection.serveRouted(peers: peers, queue: queue, useIdentity: true)
            },
            onClose: { queue.finish() }
        ) { bound in
            try await body(RouterSocket(boundEndpoint: bound, messages: queue, peers: peers))
        }
    }

    /// Sends `message` to the peer with routing identity `identity`.
    /// - Returns: false if no such peer is connected (the message is dropped).
    @discardableResult
    public func send(_ message: ZMTPMessage, to identity: ByteBuffer) async throws -> Bool {
        try await peers.send(message, to: identity)
    }
}

extension ZMTPConnection {
    /// Registers the peer in `peers`, then pushes each inbound message to `queue` tagged with its
    /// identity (the READY Identity if `useIdentity`, else a generated one) until it disconnects.
    func serveRouted(peers: ZMTPPeerTable, queue: ZMTPInboundQueue<ZMTPRoutedMessage>, useIdentity: Bool) async throws {
        try await run { peer, inbound, outbound in
            let (identity, token) = peers.register(identity: useIdentity ? peer.identity : nil, writer: outbound)
            defer { peers.unregister(identity, token: token) }
            for try await message in inbound {
                try await queue.push(ZMTPRoutedMessage(identity: identity, message: message))
            }
        }
    }
}
