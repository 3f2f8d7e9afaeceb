// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import ZMTP

/// The handshake state machine alone, without a channel.
struct ZMTPHandshakeStateMachineTests {
    private func machine(_ type: SocketType, version: ZMTPVersion = .v3_1) -> ZMTPHandshakeStateMachine {
        ZMTPHandshakeStateMachine(local: .init(socketType: type, identity: Array("id".utf8), version: version))
    }

    @Test func happyPathSendsGreetingThenReadyThenCompletes() {
        var machine = machine(.dealer)
        #expect(machine.start() == .sendGreeting(ZMTPGreeting(version: .v3_1)))
        #expect(machine.start() == .none)
        #expect(machine.receivedGreeting(ZMTPGreeting(version: .v3_0)) == .send(.ready(socketType: .dealer, identity: Array("id".utf8))))
        let ready = ZMTPCommand(name: "READY", data: ZMTPMetadata([(name: "Socket-Type", value: Array("ROUTER".utf8))]).bytes)
        let peer = ZMTPPeer(version: .v3_0, socketType: .router, identity: nil, metadata: try! ZMTPMetadata(parsing: ready.data))
        #expect(machine.receivedCommand(ready) == .completed(peer))
        #expect(machine.peer == peer)
        #expect(machine.receivedFrame() == .forward)
    }

    @Test func incompatibleSocketTypeSendsErrorAndFails() {
        var machine = machine(.sub)
        _ = machine.start()
        _ = machine.receivedGreeting(ZMTPGreeting())
        guard case .sendErrorAndFail(let command, let error) = machine.receivedCommand(.ready(socketType: .router)) else {
            Issue.record("expected an ERROR")
            return
        }
        #expect(command.name == "ERROR")
        #expect(error.code == .incompatibleSocketType)
        #expect(machine.hasFailed)
        #expect(machine.receivedFrame() == .drop)
    }

    @Test func unknownSocketTypeIsIncompatible() {
        var machine = machine(.dealer)
        _ = machine.start()
        _ = machine.receivedGreeting(ZMTPGreeting())
        let ready = ZMTPCommand(name: "READY", data: ZMTPMetadata([(name: "Socket-Type", value: Array("GADGET".utf8))]).bytes)
        guard case .sendErrorAndFail = machine.receivedCommand(ready) else {
            Issue.record("expected an ERROR")
            return
        }
    }

    @Test func trafficCommandsFollowTheSessionVersion() {
        var publisher = machine(.pub)
        _ = publisher.start()
        _ = publisher.receivedGreeting(ZMTPGreeting(version: .v3_1))
        _ = publisher.receivedCommand(.ready(socketType: .sub))
        #expect(publisher.receivedCommand(.subscribe(topic: [1])) == .deliverSubscription(subscribe: true, topic: [1]))
        #expect(publisher.receivedCommand(.cancel(topic: [1])) == .deliverSubscription(subscribe: false, topic: [1]))
        #expect(publisher.receivedCommand(.ping(ttl: 5, context: [9])) == .send(.pong(context: [9])))
        #expect(publisher.receivedCommand(ZMTPCommand(name: "FUTURE")) == .none)

        var dealer = machine(.dealer, version: .v3_0)
        _ = dealer.start()
        _ = dealer.receivedGreeting(ZMTPGreeting(version: .v3_1))
        _ = dealer.receivedCommand(.ready(socketType: .router))
        #expect(dealer.receivedCommand(.ping(ttl: 5)) == .none)
        #expect(dealer.receivedCommand(.subscribe(topic: [])) == .none)
    }

    @Test func subscriberOutboundSubscriptionsBecomeCommandsOnlyIn31() {
        var modern = machine(.sub)
        _ = modern.start()
        _ = modern.receivedGreeting(ZMTPGreeting(version: .v3_1))
        _ = modern.receivedCommand(.ready(socketType: .xpub))
        #expect(modern.sendingMessage(frameCount: 1, firstByte: 1) == .write(.subscriptionCommand(subscribe: true)))
        #expect(modern.sendingMessage(frameCount: 1, firstByte: 0) == .write(.subscriptionCommand(subscribe: false)))
        #expect(modern.sendingMessage(frameCount: 1, firstByte: 2) == .write(.message))
        #expect(modern.sendingMessage(frameCount: 2, firstByte: 1) == .write(.message))
        #expect(modern.sendingMessage(frameCount: 1, firstByte: nil) == .write(.message))

        var old = machine(.sub)
        _ = old.start()
        _ = old.receivedGreeting(ZMTPGreeting(version: .v3_0))
        _ = old.receivedCommand(.ready(socketType: .pub))
        #expect(old.sendingMessage(frameCount: 1, firstByte: 1) == .write(.message))
    }

    @Test func outOfOrderInputFails() {
        var early = machine(.dealer)
        _ = early.start()
        #expect(early.receivedCommand(.ready(socketType: .router)) != .none)
        #expect(early.hasFailed)

        var frameFirst = machine(.dealer)
        _ = frameFirst.start()
        _ = frameFirst.receivedGreeting(ZMTPGreeting())
        guard case .fail(let error) = frameFirst.receivedFrame() else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == .handshakeFailed)
        #expect(frameFirst.sendingMessage(frameCount: 2, firstByte: nil) == .fail(ZMTPError(.connectionClosed, "the connection has failed")))
    }

    @Test func timeoutOnlyFailsAnUnfinishedHandshake() {
        var pending = machine(.dealer)
        _ = pending.start()
        #expect(pending.handshakeTimedOut()?.code == .handshakeTimeout)
        var done = machine(.dealer)
        _ = done.start()
        _ = done.receivedGreeting(ZMTPGreeting())
        _ = done.receivedCommand(.ready(socketType: .router))
        #expect(done.handshakeTimedOut() == nil)
    }
}
