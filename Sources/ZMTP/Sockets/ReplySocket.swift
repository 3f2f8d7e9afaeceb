// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A REP socket bound to an endpoint: receives requests from REQ/DEALER peers and answers each
/// in turn (strict receive/send alternation).
///
/// ``receive()`` returns the next request without its envelope (every frame up to and including
/// the empty delimiter); ``send(_:)`` sends the reply with that envelope to the requesting peer.
/// Requests without a delimiter are dropped, as libzmq does. The socket is handed to the body
/// `inout` because those calls change its state.
///
/// ```swift
/// try await ReplySocket.bind(.tcp(host: "127.0.0.1", port: 0)) { rep in
///     let request = try await rep.receive()
///     try await rep.send(request)
/// }
/// ```
public struct ReplySocket: ZMTPBoundSocket {
    /// The endpoint actually bound (with the chosen port when binding to port 0).
    public let boundEndpoint: ZMTPEndpoint
    private let requests: ZMTPInboundQueue<ZMTPRoutedMessage>
    private let peers: ZMTPPeerTable
    private var pending: (identity: ByteBuffer, envelope: [ByteBuffer])?

    /// Binds, runs `body` with the socket while accepting peers, then closes everything.
    public static func bind<Result: Sendable>(
        _ endpoint: ZMTPEndpoint,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (inout ReplySocket) async throws -> Result
    ) async throws -> Result {
        let queue = ZMTPInboundQueue<ZMTPRoutedMessage>(capacity: configuration.inboundBufferLimit)
        let peers = ZMTPPeerTable()
        return try await ZMTPServer.run(
            endpoint,
            socketType: .rep,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            serve: { connection in
                try await connection.serveRouted(peers: peers, queue: queue, useIdentity: false)
            },
            onClose: { queue.finish() }
        ) { bound in
            var socket = ReplySocket(boundEndpoint: bound, requests: queue, peers: peers)
            return try await body(&socket)
        }
    }

    /// Receives the next request (without its envelope).
    /// - Throws: `.invalidState` if the previous request has not been answered,
    ///   `.connectionClosed` if the socket closed or the task was cancelled while waiting.
    public mutating func receive() async throws -> ZMTPMessage {
        guard pending == nil else {
            throw ZMTPError(.invalidState, "REP socket must reply before receiving the next request")
        }
        while let routed = await requests.next() {
            let frames = routed.message.frames
            guard let delimiter = frames.firstIndex(where: { $0.readableBytes == 0 }),
                let request = ZMTPMessage(frames: Array(frames[(delimiter + 1)...]))
            else { continue }
            pending = (routed.identity, Array(frames[...delimiter]))
            return request
        }
        throw ZMTPError(.connectionClosed, "REP socket closed while waiting for a request")
    }

    /// Sends the reply to the request last received (dropped if its peer has gone).
    /// - Throws: `.invalidState` if there is no request to answer.
    public mutating func send(_ reply: ZMTPMessage) async throws {
        guard let pending else {
            throw ZMTPError(.invalidState, "REP socket must receive a request before replying")
        }
        self.pending = nil
        _ = try await peers.send(reply.prepending(pending.envelope), to: pending.identity)
    }
}
