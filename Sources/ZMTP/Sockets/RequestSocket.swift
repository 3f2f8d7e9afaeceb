// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A REQ socket connected to one peer (a REP or ROUTER): strict send/receive alternation.
///
/// ``send(_:)`` puts the empty delimiter frame before the message; ``receive()`` expects a reply
/// starting with it, strips it, and drops any inbound message without one (as libzmq does).
/// Sending twice without receiving, or receiving before sending, throws `.invalidState`. The
/// socket is handed to the body `inout` because those calls change its state.
///
/// ```swift
/// try await RequestSocket.connect(to: .tcp(host: "127.0.0.1", port: hbPort)) { hb in
///     let echo = try await hb.request(ZMTPMessage("ping"))
/// }
/// ```
public struct RequestSocket {
    /// The peer, as described by its greeting and READY.
    public let peer: ZMTPPeer
    private var inbound: NIOAsyncChannelInboundStream<ZMTPMessage>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ZMTPMessage>
    private var awaitingReply = false

    /// Connects, completes the handshake, runs `body` with the socket and closes it afterwards.
    public static func connect<Result: Sendable>(
        to endpoint: ZMTPEndpoint,
        identity: [UInt8]? = nil,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (inout RequestSocket) async throws -> Result
    ) async throws -> Result {
        try ZMTPDefaults.validate(identity: identity)
        let options = ZMTPSocketOptions(socketType: .req, identity: identity, configuration: configuration, logger: logger)
        let connection = try await ZMTPTransport.connect(to: endpoint, options: options, group: ZMTPDefaults.eventLoopGroup(eventLoopGroup))
        return try await connection.run { peer, inbound, outbound in
            var socket = RequestSocket(peer: peer, inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&socket)
        }
    }

    /// Sends a request (prefixed with the empty delimiter frame).
    /// - Throws: `.invalidState` if the previous request's reply has not been received.
    public mutating func send(_ message: ZMTPMessage) async throws {
        guard !awaitingReply else {
            throw ZMTPError(.invalidState, "REQ socket must receive the reply before sending again")
        }
        try await outbound.write(message.prepending([ByteBuffer()]))
        awaitingReply = true
    }

    /// Receives the reply to the last request (without the delimiter frame).
    /// - Throws: `.invalidState` if no request is outstanding, `.connectionClosed` if the peer left.
    public mutating func receive() async throws -> ZMTPMessage {
        guard awaitingReply else {
            throw ZMTPError(.invalidState, "REQ socket must send a request before receiving")
        }
        while let message = try await inbound.next() {
            guard message[0].readableBytes == 0, let reply = message.dropping(first: 1) else { continue }
            awaitingReply = false
            return reply
        }
        throw ZMTPError(.connectionClosed, "peer closed the connection before replying")
    }

    /// Sends a request and receives its reply.
    public mutating func request(_ message: ZMTPMessage) async throws -> ZMTPMessage {
        try await send(message)
        return try await receive()
    }
}
