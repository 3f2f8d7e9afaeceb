// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore

/// A PUB socket bound to an endpoint: sends each message to every subscriber whose
/// subscriptions match its first frame.
///
/// Accepts subscriptions in both forms (3.0 messages starting 0x01/0x00 and 3.1 SUBSCRIBE/CANCEL
/// commands). A subscriber that reads too slowly misses messages (see ``ZMTPPublisherCore``);
/// the publisher never waits.
///
/// ```swift
/// try await PublisherSocket.bind(.tcp(host: "127.0.0.1", port: 0)) { pub in
///     await pub.waitForSubscribers(1)
///     pub.send(ZMTPMessage("topic", "payload"))
/// }
/// ```
public struct PublisherSocket: ZMTPBoundSocket, Sendable {
    /// The endpoint actually bound (with the chosen port when binding to port 0).
    public let boundEndpoint: ZMTPEndpoint
    fileprivate let core: ZMTPPublisherCore

    /// Binds, runs `body` with the socket while accepting subscribers, then closes everything.
    public static func bind<Result: Sendable>(
        _ endpoint: ZMTPEndpoint,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PublisherSocket) async throws -> Result
    ) async throws -> Result {
        let core = ZMTPPublisherCore()
        return try await ZMTPServer.run(
            endpoint,
            socketType: .pub,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            serve: { connection in try await core.serve(connection, forward: nil) },
            onClose: {}
        ) { bound in
            try await body(PublisherSocket(boundEndpoint: bound, core: core))
        }
    }

    /// Publishes `message`; returns how many subscribers it was queued for.
    @discardableResult
    public func send(_ message: ZMTPMessage) -> Int {
        core.publish(message)
    }

    /// Waits until at least `count` connected subscribers have subscribed to something.
    public func waitForSubscribers(_ count: Int = 1) async {
        await core.waitForSubscribers(count)
    }
}

/// An XPUB socket: a ``PublisherSocket`` that also exposes what subscribers send.
///
/// Every subscription message (0x01 + topic; 0x00 + topic for a cancel; 3.1 commands arrive
/// converted to this form) appears in ``messages``, including repeats (like libzmq with
/// `XPUB_VERBOSE`), so a kernel-like peer can greet each new subscriber.
public struct XPublisherSocket: ZMTPBoundSocket, Sendable {
    /// The endpoint actually bound (with the chosen port when binding to port 0).
    public let boundEndpoint: ZMTPEndpoint
    /// Subscription (and any other) messages from all subscribers.
    public let messages: ZMTPInboundQueue<ZMTPMessage>
    /// The publishing side (`send`, `waitForSubscribers`).
    public let publisher: PublisherSocket

    /// Binds, runs `body` with the socket while accepting subscribers, then closes everything.
    public static func bind<Result: Sendable>(
        _ endpoint: ZMTPEndpoint,
        configuration: ZMTPConfiguration = ZMTPConfiguration(),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = ZMTPDefaults.logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (XPublisherSocket) async throws -> Result
    ) async throws -> Result {
        let core = ZMTPPublisherCore()
        let queue = ZMTPInboundQueue<ZMTPMessage>(capacity: configuration.inboundBufferLimit)
        return try await ZMTPServer.run(
            endpoint,
            socketType: .xpub,
            configuration: configuration,
            eventLoopGroup: eventLoopGroup,
            logger: logger,
            serve: { connection in try await core.serve(connection, forward: queue) },
            onClose: { queue.finish() }
        ) { bound in
            try await body(XPublisherSocket(boundEndpoint: bound, messages: queue, publisher: PublisherSocket(boundEndpoint: bound, core: core)))
        }
    }

    /// Publishes `message`; returns how many subscribers it was queued for.
    @discardableResult
    public func send(_ message: ZMTPMessage) -> Int {
        publisher.send(message)
    }
}
