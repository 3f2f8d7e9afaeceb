// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Runs the ZMTP greeting and NULL READY handshake, then passes message frames on.
///
/// Driven by ``ZMTPHandshakeStateMachine``: sends our greeting when the channel becomes active,
/// READY after the peer's greeting, and completes `handshakeCompleted` with the peer once its
/// READY arrives. Afterwards it answers PING with PONG, turns 3.1 SUBSCRIBE/CANCEL commands into
/// 3.0 subscription frames for publishers, and (for subscribers talking 3.1) turns outbound
/// subscription messages into commands. Protocol failures are fired as errors down the pipeline,
/// where ``ZMTPProtocolErrorHandler`` logs them and closes the channel.
public final class ZMTPHandshakeHandler: ChannelDuplexHandler {
    /// Decoded greeting, commands and frames.
    public typealias InboundIn = ZMTPInboundPart
    /// Message frames, after the handshake.
    public typealias InboundOut = ZMTPFrame
    /// Messages to send.
    public typealias OutboundIn = ZMTPMessage
    /// Parts for ``ZMTPFrameEncoder``.
    public typealias OutboundOut = ZMTPOutboundPart

    private var machine: ZMTPHandshakeStateMachine
    private let handshakeTimeout: TimeAmount
    private let completion: EventLoopPromise<ZMTPPeer>
    private var timeout: Scheduled<Void>?
    private var completionPending = true

    /// A handler for a socket of type `socketType`, advertising `version`, that fails the handshake
    /// after `handshakeTimeout` and reports the peer (or the failure) through `completion`.
    public init(
        socketType: SocketType,
        identity: [UInt8]? = nil,
        version: ZMTPVersion = .v3_1,
        handshakeTimeout: TimeAmount = .seconds(10),
        completion: EventLoopPromise<ZMTPPeer>
    ) {
        machine = ZMTPHandshakeStateMachine(local: .init(socketType: socketType, identity: identity, version: version))
        self.handshakeTimeout = handshakeTimeout
        self.completion = completion
    }

    // MARK: - Lifecycle

    /// Starts the handshake if the channel is already active.
    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context: context) }
    }

    /// Fails a pending handshake.
    public func handlerRemoved(context: ChannelHandlerContext) {
        finish(failure: ZMTPError(.connectionClosed, "ZMTP handler removed before the handshake finished"))
    }

    /// Starts the handshake.
    public func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    /// Fails a pending handshake.
    public func channelInactive(context: ChannelHandlerContext) {
        finish(failure: ZMTPError(.connectionClosed, "peer closed the connection during the ZMTP handshake"))
        context.fireChannelInactive()
    }

    /// Fails a pending handshake and passes the error on.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let zmtpError = error as? ZMTPError ?? ZMTPError(.connectionClosed, "\(error)")
        finish(failure: zmtpError)
        context.fireErrorCaught(error)
    }

    // MARK: - Inbound

    /// Handles one decoded part.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .frame(let frame):
            switch machine.receivedFrame() {
            case .forward: context.fireChannelRead(Self.wrapInboundOut(frame))
            case .drop: break
            case .fail(let error): fail(error, context: context)
            }
        case .greeting(let greeting):
            perform(machine.receivedGreeting(greeting), context: context)
        case .command(let command):
            perform(machine.receivedCommand(command), context: context)
        }
    }

    // MARK: - Outbound

    /// Sends a message, or the 3.1 command form of a subscription message.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = Self.unwrapOutboundIn(data)
        let first = message[0]
        switch machine.sendingMessage(frameCount: message.count, firstByte: first.getInteger(at: first.readerIndex, as: UInt8.self)) {
        case .write(.message):
            context.write(Self.wrapOutboundOut(.message(message)), promise: promise)
        case .write(.subscriptionCommand(let subscribe)):
            let topic = Array(first.readableBytesView.dropFirst())
            let command: ZMTPCommand = subscribe ? .subscribe(topic: topic) : .cancel(topic: topic)
            context.write(Self.wrapOutboundOut(.command(command)), promise: promise)
        case .fail(let error):
            promise?.fail(error)
        }
    }

    // MARK: - Private

    private func start(context: ChannelHandlerContext) {
        guard case .sendGreeting(let greeting) = machine.start() else { return }
        timeout = context.eventLoop.assumeIsolated().scheduleTask(in: handshakeTimeout) { [weak self] in
            guard let self, let error = self.machine.handshakeTimedOut() else { return }
            self.fail(error, context: context)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.greeting(greeting)), promise: nil)
    }

    private func perform(_ action: ZMTPHandshakeStateMachine.InboundAction, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .send(let command):
            context.writeAndFlush(Self.wrapOutboundOut(.command(command)), promise: nil)
        case .completed(let peer):
            timeout?.cancel()
            timeout = nil
            if completionPending {
                completionPending = false
                completion.succeed(peer)
            }
        case .deliverSubscription(let subscribe, let topic):
            var body = context.channel.allocator.buffer(capacity: topic.count + 1)
            body.writeInteger(UInt8(subscribe ? 1 : 0))
            body.writeBytes(topic)
            context.fireChannelRead(Self.wrapInboundOut(ZMTPFrame(more: false, body: body)))
        case .sendErrorAndFail(let command, let error):
            context.writeAndFlush(Self.wrapOutboundOut(.command(command)), promise: nil)
            fail(error, context: context)
        case .fail(let error):
            fail(error, context: context)
        }
    }

    private func fail(_ error: ZMTPError, context: ChannelHandlerContext) {
        finish(failure: error)
        context.fireErrorCaught(error)
    }

    private func finish(failure: ZMTPError) {
        timeout?.cancel()
        timeout = nil
        machine.terminate()
        if completionPending {
            completionPending = false
            completion.fail(failure)
        }
    }
}

@available(*, unavailable)
extension ZMTPHandshakeHandler: Sendable {}
