// SPDX-License-Identifier: Apache-2.0

/// What we learned about the peer from its greeting and READY command.
public struct ZMTPPeer: Sendable, Hashable {
    /// The session's version: the lower of ours and the peer's.
    public var version: ZMTPVersion
    /// The peer's `Socket-Type`.
    public var socketType: SocketType
    /// The peer's `Identity` property, if it sent one (ROUTERs send an empty one).
    public var identity: [UInt8]?
    /// All READY properties.
    public var metadata: ZMTPMetadata

    /// A peer description.
    public init(version: ZMTPVersion, socketType: SocketType, identity: [UInt8]?, metadata: ZMTPMetadata) {
        self.version = version
        self.socketType = socketType
        self.identity = identity
        self.metadata = metadata
    }
}

/// The NULL-mechanism handshake and command handling of one connection, as a pure state machine.
///
/// 23/ZMTP: each side sends its greeting at once; after the peer's greeting, READY (with
/// `Socket-Type` and optionally `Identity`); after the peer's READY, traffic. An incompatible
/// `Socket-Type` gets an ERROR command and the connection is closed. 37/ZMTP (3.1) adds PING
/// (answered with PONG) and SUBSCRIBE/CANCEL commands, which replace the 3.0 subscription messages
/// (a frame starting 0x01 or 0x00) when both peers speak 3.1.
///
/// Event methods return an action for ``ZMTPHandshakeHandler`` to carry out; any failure moves
/// the machine to `.failed`, where further input is dropped.
struct ZMTPHandshakeStateMachine {
    /// Our side of the handshake.
    struct Local: Sendable, Hashable {
        /// Our socket type, sent as `Socket-Type`.
        var socketType: SocketType
        /// Our identity, sent as `Identity` if not nil.
        var identity: [UInt8]?
        /// The version we advertise (3.0 or 3.1).
        var version: ZMTPVersion
    }

    private enum State: Hashable {
        case idle
        case awaitingGreeting
        case awaitingReady(ZMTPVersion)
        case ready(ZMTPPeer)
        case failed
    }

    /// The result of starting: the greeting to send.
    enum StartAction: Hashable {
        case sendGreeting(ZMTPGreeting)
        case none
    }

    /// The result of an inbound greeting or command.
    enum InboundAction: Hashable {
        /// Nothing to do.
        case none
        /// Send this command (READY after the greeting, PONG after a PING).
        case send(ZMTPCommand)
        /// The handshake is done.
        case completed(ZMTPPeer)
        /// A 3.1 SUBSCRIBE (`subscribe` true) or CANCEL reached a publisher: pass it on as the
        /// equivalent 3.0 subscription message.
        case deliverSubscription(subscribe: Bool, topic: [UInt8])
        /// Send this ERROR command, then fail with the error.
        case sendErrorAndFail(ZMTPCommand, ZMTPError)
        /// Fail with the error (close the connection).
        case fail(ZMTPError)
    }

    /// The result of an inbound message frame.
    enum FrameAction: Hashable {
        case forward
        case drop
        case fail(ZMTPError)
    }

    /// The result of an outbound message.
    enum OutboundAction: Hashable {
        case write(OutboundForm)
        case fail(ZMTPError)
    }

    /// How to put an outbound message on the wire.
    enum OutboundForm: Hashable {
        /// As a message.
        case message
        /// As a 3.1 SUBSCRIBE (`subscribe`) or CANCEL command whose data is the frame after its
        /// first byte.
        case subscriptionCommand(subscribe: Bool)
    }

    private var state: State = .idle
    /// Our side.
    let local: Local

    /// A machine for a new connection.
    init(local: Local) {
        self.local = local
    }

    /// The peer, once the handshake has completed.
    var peer: ZMTPPeer? {
        if case .ready(let peer) = state { return peer }
        return nil
    }

    /// Whether the machine has failed.
    var hasFailed: Bool { state == .failed }

    // MARK: - Inbound

    /// The connection is up: send our greeting.
    mutating func start() -> StartAction {
        switch state {
        case .idle:
            state = .awaitingGreeting
            return .sendGreeting(ZMTPGreeting(version: local.version))
        case .awaitingGreeting, .awaitingReady, .ready, .failed:
            return .none
        }
    }

    /// The peer's greeting arrived.
    mutating func receivedGreeting(_ greeting: ZMTPGreeting) -> InboundAction {
        switch state {
        case .awaitingGreeting:
            guard greeting.mechanism == "NULL" else {
                return fail(ZMTPError(.unsupportedMechanism, "peer asks for the \(greeting.mechanism) mechanism; only NULL is supported"))
            }
            let version = min(greeting.version, local.version)
            state = .awaitingReady(version)
            return .send(.ready(socketType: local.socketType, identity: local.identity))
        case .idle, .awaitingReady, .ready:
            return fail(ZMTPError(.handshakeFailed, "unexpected second greeting"))
        case .failed:
            return .none
        }
    }

    /// A command arrived.
    mutating func receivedCommand(_ command: ZMTPCommand) -> InboundAction {
        let kind: ZMTPCommand.Kind
        do {
            kind = try command.kind()
        } catch {
            return fail(error)
        }
        switch state {
        case .awaitingReady(let version):
            return handshakeCommand(kind, version: version)
        case .ready(let peer):
            return trafficCommand(kind, peer: peer)
        case .idle, .awaitingGreeting:
            return fail(ZMTPError(.handshakeFailed, "command \(command.name) before the greeting"))
        case .failed:
            return .none
        }
    }

    /// A message frame arrived.
    mutating func receivedFrame() -> FrameAction {
        switch state {
        case .ready:
            return .forward
        case .idle, .awaitingGreeting, .awaitingReady:
            state = .failed
            return .fail(ZMTPError(.handshakeFailed, "message frame before the READY handshake finished"))
        case .failed:
            return .drop
        }
    }

    /// The handshake timer fired.
    mutating func handshakeTimedOut() -> ZMTPError? {
        switch state {
        case .idle, .awaitingGreeting, .awaitingReady:
            state = .failed
            return ZMTPError(.handshakeTimeout, "peer did not complete the ZMTP handshake in time")
        case .ready, .failed:
            return nil
        }
    }

    /// The connection closed or failed: nothing more is accepted.
    mutating func terminate() {
        state = .failed
    }

    // MARK: - Outbound

    /// We want to send a message of `frameCount` frames whose first frame starts with `firstByte`.
    ///
    /// On a SUB/XSUB socket in a 3.1 session, a one-frame subscription message (0x01 or 0x00
    /// followed by the topic) must go out as a SUBSCRIBE or CANCEL command instead (37/ZMTP).
    mutating func sendingMessage(frameCount: Int, firstByte: UInt8?) -> OutboundAction {
        switch state {
        case .ready(let peer):
            if local.socketType == .sub || local.socketType == .xsub, peer.version >= .v3_1,
                frameCount == 1, let firstByte, firstByte <= 1
            {
                return .write(.subscriptionCommand(subscribe: firstByte == 1))
            }
            return .write(.message)
        case .idle, .awaitingGreeting, .awaitingReady:
            return .fail(ZMTPError(.invalidState, "cannot send before the ZMTP handshake has finished"))
        case .failed:
            return .fail(ZMTPError(.connectionClosed, "the connection has failed"))
        }
    }

    // MARK: - Private

    private mutating func handshakeCommand(_ kind: ZMTPCommand.Kind, version: ZMTPVersion) -> InboundAction {
        switch kind {
        case .ready(let metadata):
            guard let typeName = metadata["Socket-Type"] else {
                return fail(ZMTPError(.handshakeFailed, "peer READY has no Socket-Type"))
            }
            guard let peerType = SocketType(name: typeName), local.socketType.isCompatible(with: peerType) else {
                let name = String(decoding: typeName, as: UTF8.self)
                let error = ZMTPError(.incompatibleSocketType, "peer socket type \(name) cannot talk to \(local.socketType.rawValue)")
                state = .failed
                return .sendErrorAndFail(.error(reason: "Invalid socket type"), error)
            }
            let peer = ZMTPPeer(version: version, socketType: peerType, identity: metadata["Identity"], metadata: metadata)
            state = .ready(peer)
            return .completed(peer)
        case .error(let reason):
            return fail(ZMTPError(.peerError, "peer rejected the handshake: \(reason)"))
        case .subscribe, .cancel, .ping, .pong, .other:
            return fail(ZMTPError(.handshakeFailed, "peer sent a command other than READY during the handshake"))
        }
    }

    private mutating func trafficCommand(_ kind: ZMTPCommand.Kind, peer: ZMTPPeer) -> InboundAction {
        let isPublisher = local.socketType == .pub || local.socketType == .xpub
        switch kind {
        case .ready:
            return fail(ZMTPError(.handshakeFailed, "peer sent a second READY"))
        case .error(let reason):
            return fail(ZMTPError(.peerError, "peer sent ERROR: \(reason)"))
        case .ping(_, let context):
            return peer.version >= .v3_1 ? .send(.pong(context: context)) : .none
        case .subscribe(let topic):
            return isPublisher && peer.version >= .v3_1 ? .deliverSubscription(subscribe: true, topic: topic) : .none
        case .cancel(let topic):
            return isPublisher && peer.version >= .v3_1 ? .deliverSubscription(subscribe: false, topic: topic) : .none
        case .pong, .other:
            return .none
        }
    }

    private mutating func fail(_ error: ZMTPError) -> InboundAction {
        state = .failed
        return .fail(error)
    }
}
