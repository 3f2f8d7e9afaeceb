// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A SUB socket connected to one publisher (a kernel's IOPub XPUB socket).
///
/// Subscriptions are sent in the form the session's version wants: a message frame starting
/// 0x01 (0x00 to cancel) in ZMTP 3.0, a SUBSCRIBE (CANCEL) command in 3.1 (37/ZMTP). Inbound
/// messages are also filtered locally by prefix, so a message published before a cancel
/// reached the publisher is not delivered. Buffering is bounded as for ``DealerSocket``.
///
/// ```swift
/// try await SubscriberSocket.connect(to: .tcp(host: "127.0.0.1", port: iopubPort), subscriptions: [[]]) { iopub in
///     for try await message in iopub.messages { … }
/// }
/// ```
public struct SubscriberSocket: Sendable {
    /// The publisher, as described by its greeting and READY.
    public let peer: ZMTPPeer
    private let inbound: NIOAsyncChannelInboundStream<ZMTPMessage>
    private let outbound: NIOAsyncChannelOutboundWriter<ZMTPMessage>
    private let subscriptions: LockedBox<ZMTPSubscriptions>

    /// Connects, completes the handshake, subscribes to `subscriptions` (`[[]]` means all
    /// messages), runs `body` and closes the socket afterwards.
    public static func connect<Result: Sendable>(
        to endpoint: ZMTPEndpoint,
        subscriptions topics: [[UInt8]] = [],
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SubscriberSocket) async throws -> Result
    ) async throws -> Result {
        let options = ZMTPSocketOptions(socketType: .sub, identity: nil, configuration: configuration, logger: logger)
        let connection = try await ZMTPTransport.connect(to: endpoint, options: options, group: ZMTPDefaults.eventLoopGroup(eventLoopGroup))
        return try await connection.run { peer, inbound, outbound in
            let socket = SubscriberSocket(peer: peer, inbound: inbound, outbound: outbound, subscriptions: LockedBox(ZMTPSubscriptions()))
            for topic in topics {
                try await socket.subscribe(topic)
            }
            return try await body(socket)
        }
    }

    /// Subscribes to messages whose first frame starts with `topic` (empty: all messages).
    public func subscribe(_ topic: [UInt8]) async throws {
        subscriptions.withLock { $0.add(topic) }
        try await outbound.write(ZMTPSubscriptions.message(subscribe: true, topic: topic))
    }

    /// Cancels one subscription to `topic`.
    public func unsubscribe(_ topic: [UInt8]) async throws {
        subscriptions.withLock { $0.remove(topic) }
        try await outbound.write(ZMTPSubscriptions.message(subscribe: false, topic: topic))
    }

    /// Inbound messages matching a current subscription, in order.
    ///
    /// Iterate it once, from one task, as ``DealerSocket/messages``: when that iterator goes
    /// away, receiving on this socket ends.
    public var messages: Messages {
        Messages(base: inbound, socket: self)
    }

    /// Whether `message` matches a current subscription.
    fileprivate func matches(_ message: ZMTPMessage) -> Bool {
        subscriptions.withLock { $0.matches(message[0]) }
    }

    /// The subscriber's filtered inbound messages.
    public struct Messages: AsyncSequence, Sendable {
        /// Messages.
        public typealias Element = ZMTPMessage
        fileprivate let base: NIOAsyncChannelInboundStream<ZMTPMessage>
        fileprivate let socket: SubscriberSocket

        /// An iterator.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: base.makeAsyncIterator(), socket: socket)
        }

        /// Iterates the filtered messages.
        public struct AsyncIterator: AsyncIteratorProtocol {
            fileprivate var base: NIOAsyncChannelInboundStream<ZMTPMessage>.AsyncIterator
            fileprivate let socket: SubscriberSocket

            /// The next matching message, or nil when the connection has closed.
            public mutating func next() async throws -> ZMTPMessage? {
                while let message = try await base.next() {
                    if socket.matches(message) { return message }
                }
                return nil
            }
        }
    }
}
