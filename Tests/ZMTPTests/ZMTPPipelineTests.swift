// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOEmbedded
import Testing
@testable import ZMTP

/// The handler pipeline on an EmbeddedChannel: handshake, framing, commands, violations.
struct ZMTPPipelineTests {
    @Test func dealerHandshakeSendsGreetingThenReadyAndReportsThePeer() throws {
        let zmtp = try EmbeddedZMTP(.dealer, identity: Array("me".utf8))
        #expect(try zmtp.sent() == Wire.greeting(minor: 1))
        zmtp.receive(Wire.greeting(minor: 1))
        #expect(try zmtp.sent() == Wire.ready(socketType: "DEALER", identity: "me"))
        zmtp.receive(Wire.ready(socketType: "ROUTER", identity: ""))
        let peer = try zmtp.handshake.wait()
        #expect(peer.socketType == .router)
        #expect(peer.version == .v3_1)
        #expect(peer.identity == [])
    }

    @Test func sessionUsesTheLowerVersion() throws {
        let zmtp = try EmbeddedZMTP(.dealer, version: .v3_1)
        try zmtp.completeHandshake(peerType: "ROUTER", minor: 0)
        #expect(try zmtp.handshake.wait().version == .v3_0)
        let old = try EmbeddedZMTP(.dealer, version: .v3_0)
        #expect(try old.sent() == Wire.greeting(minor: 0))
        try old.completeHandshake(peerType: "ROUTER", minor: 1)
        #expect(try old.handshake.wait().version == .v3_0)
    }

    @Test func framesAreAggregatedIntoMessagesWithEmptyAndLongFrames() throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        try zmtp.completeHandshake(peerType: "ROUTER")
        let long = [UInt8](repeating: 7, count: 1000)
        zmtp.receive(Wire.frame("a", more: true) + Wire.frame([], more: true) + Wire.frame(long) + Wire.frame("single"))
        #expect(try zmtp.message() == ZMTPMessage(byteFrames: [Array("a".utf8), [], long]))
        #expect(try zmtp.message() == ZMTPMessage("single"))
        #expect(try zmtp.message() == nil)
    }

    @Test func outboundMessagesUseShortAndLongFramesWithMore() throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        try zmtp.completeHandshake(peerType: "ROUTER")
        let big = [UInt8](repeating: 9, count: ZMTPFrameEncoder.copyThreshold + 1)
        let message = try #require(ZMTPMessage(byteFrames: [[], Array("x".utf8), [UInt8](repeating: 1, count: 256), big, [2]]))
        try zmtp.channel.writeAndFlush(message).wait()
        let expected = Wire.frame([], more: true) + Wire.frame("x", more: true) + Wire.frame([UInt8](repeating: 1, count: 256), more: true)
            + Wire.frame(big, more: true) + Wire.frame([2])
        #expect(try zmtp.sent() == expected)
    }

    @Test func writingBeforeTheHandshakeFails() throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        #expect(throws: ZMTPError.self) { try zmtp.channel.writeAndFlush(ZMTPMessage("early")).wait() }
    }

    @Test func pingIsAnsweredWithPongOnlyIn31() throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        try zmtp.completeHandshake(peerType: "ROUTER", minor: 1)
        zmtp.receive(Wire.command("PING", data: [0, 10, 0xAB, 0xCD]))
        #expect(try zmtp.sent() == Wire.command("PONG", data: [0xAB, 0xCD]))
        zmtp.receive(Wire.command("PONG") + Wire.command("UNKNOWN", data: [1, 2]))
        #expect(try zmtp.sent() == [])
        #expect(zmtp.isActive)

        let old = try EmbeddedZMTP(.dealer)
        try old.completeHandshake(peerType: "ROUTER", minor: 0)
        old.receive(Wire.command("PING", data: [0, 10]))
        #expect(try old.sent() == [])
    }

    @Test func subscriberSendsSubscriptionsInTheSessionVersionsForm() throws {
        let modern = try EmbeddedZMTP(.sub)
        try modern.completeHandshake(peerType: "XPUB", minor: 1)
        try modern.channel.writeAndFlush(ZMTPSubscriptions.message(subscribe: true, topic: Array("kernel".utf8))).wait()
        try modern.channel.writeAndFlush(ZMTPSubscriptions.message(subscribe: false, topic: [])).wait()
        #expect(try modern.sent() == Wire.command("SUBSCRIBE", data: Array("kernel".utf8)) + Wire.command("CANCEL"))

        let old = try EmbeddedZMTP(.sub)
        try old.completeHandshake(peerType: "PUB", minor: 0)
        try old.channel.writeAndFlush(ZMTPSubscriptions.message(subscribe: true, topic: [])).wait()
        #expect(try old.sent() == Wire.frame([0x01]))
    }

    @Test func publisherTurnsSubscribeCommandsIntoSubscriptionMessages() throws {
        let zmtp = try EmbeddedZMTP(.xpub)
        try zmtp.completeHandshake(peerType: "SUB", minor: 1)
        zmtp.receive(Wire.command("SUBSCRIBE", data: Array("ab".utf8)) + Wire.command("CANCEL", data: Array("ab".utf8)) + Wire.frame([1, 0x63]))
        #expect(try zmtp.message() == ZMTPMessage(ByteBuffer(bytes: [1, 0x61, 0x62])))
        #expect(try zmtp.message() == ZMTPMessage(ByteBuffer(bytes: [0, 0x61, 0x62])))
        #expect(try zmtp.message() == ZMTPMessage(ByteBuffer(bytes: [1, 0x63])))
    }

    @Test func incompatiblePeerGetsAnErrorCommandAndIsDisconnected() throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        _ = try zmtp.sent()
        zmtp.receive(Wire.greeting())
        _ = try zmtp.sent()
        zmtp.receive(Wire.ready(socketType: "PUB"))
        #expect(try zmtp.sent() == Wire.command("ERROR", data: [19] + Array("Invalid socket type".utf8)))
        #expect(!zmtp.isActive)
        #expect(throws: ZMTPError.self) { try zmtp.handshake.wait() }
        #expect(zmtp.logs.messages.contains { $0.contains("incompatible-socket-type") && $0.contains("PUB") })
    }

    @Test(arguments: [
        ("frame before READY", Wire.greeting() + Wire.frame("x"), ZMTPError.Code.handshakeFailed),
        ("PLAIN mechanism", Wire.greeting(mechanism: "PLAIN"), .unsupportedMechanism),
        ("ZMTP 2", Array(Wire.greeting(major: 1).prefix(11)), .unsupportedVersion),
        ("garbage", Array("hello there".utf8), .invalidGreeting),
        ("READY without Socket-Type", Wire.greeting() + Wire.ready([("Identity", "x")]), .handshakeFailed),
        ("ERROR from peer", Wire.greeting() + Wire.command("ERROR", data: [3] + Array("bad".utf8)), .peerError),
        ("empty ERROR (found by the fuzzer)", Wire.greeting() + Wire.command("ERROR", data: [0]), .peerError),
        ("truncated READY", Wire.greeting() + Wire.command("READY", data: [11] + Array("Socket-Type".utf8) + [0, 0, 9]), .malformedCommand),
        ("second READY", Wire.greeting() + Wire.ready(socketType: "ROUTER") + Wire.ready(socketType: "ROUTER"), .handshakeFailed),
        ("huge frame", Wire.greeting() + Wire.ready(socketType: "ROUTER") + [0x02] + Wire.bigEndian(1 << 40, width: 8), .frameTooLarge),
    ])
    func violationsCloseTheConnectionAndLogTheReason(name: String, bytes: [UInt8], code: ZMTPError.Code) throws {
        let zmtp = try EmbeddedZMTP(.dealer)
        zmtp.receive(bytes)
        #expect(!zmtp.isActive, "\(name)")
        #expect(zmtp.logs.messages.contains { $0.hasPrefix("warning") && $0.contains("[\(code.rawValue)]") }, "\(name): \(zmtp.logs.messages)")
    }

    @Test func messagesOverTheLimitsCloseTheConnection() throws {
        let zmtp = try EmbeddedZMTP(.dealer, maximumMessageLength: 100, maximumFrames: 3)
        try zmtp.completeHandshake(peerType: "ROUTER")
        zmtp.receive(Wire.frame([UInt8](repeating: 0, count: 60), more: true) + Wire.frame([UInt8](repeating: 0, count: 60)))
        #expect(!zmtp.isActive)
        #expect(try zmtp.message() == nil)

        let frames = try EmbeddedZMTP(.dealer, maximumFrames: 3)
        try frames.completeHandshake(peerType: "ROUTER")
        frames.receive((0..<4).flatMap { _ in Wire.frame([], more: true) })
        #expect(!frames.isActive)
        #expect(frames.logs.messages.contains { $0.contains("message-too-large") })
    }

    @Test func silentPeerIsDisconnectedAfterTheHandshakeTimeout() throws {
        let zmtp = try EmbeddedZMTP(.router, handshakeTimeout: .seconds(2))
        zmtp.receive(Array(Wire.greeting().prefix(20)))
        zmtp.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(zmtp.isActive)
        zmtp.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!zmtp.isActive)
        #expect(throws: ZMTPError.self) { try zmtp.handshake.wait() }
        #expect(zmtp.logs.messages.contains { $0.contains("handshake-timeout") })
    }

    @Test func completedHandshakeCancelsTheTimeout() throws {
        let zmtp = try EmbeddedZMTP(.dealer, handshakeTimeout: .seconds(2))
        try zmtp.completeHandshake(peerType: "ROUTER")
        zmtp.channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(zmtp.isActive)
    }
}
