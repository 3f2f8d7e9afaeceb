// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
@testable import ZMTP

/// Swift SUB/PUB/XPUB against pyzmq (libzmq) PUB/XPUB/SUB, both directions.
@Suite(.tags(.interop), .timeLimit(.minutes(2)))
struct PubSubInteropTests {
    /// The subscription is seen by libzmq in either form (3.0 message, 3.1 command), only the
    /// subscribed topic arrives, and the cancel reaches the publisher.
    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func swiftSubscriberTalksToPyzmqXPub(version: ZMTPVersion) async throws {
        let count = 50
        let peer = try PythonPeer("xpub_publisher.py", ["\(count)"])
        let port = try #require(Int(try await peer.expect("bound")))
        let received = try await SubscriberSocket.connect(
            to: .tcp(host: "127.0.0.1", port: port),
            subscriptions: [Array("a".utf8)],
            configuration: ZMTPConfiguration(version: version)
        ) { sub in
            #expect(sub.peer.socketType == .xpub)
            #expect(sub.peer.version == version)
            var received: [ZMTPMessage] = []
            for try await message in sub.messages {
                received.append(message)
                if message[0] == ByteBuffer(string: "a-end") { break }
            }
            #expect(try await peer.expect("subscription") == "0161")
            try await sub.unsubscribe(Array("a".utf8))
            #expect(try await peer.expect("subscription") == "0061")
            return received
        }
        let expected = (0..<count).map { ZMTPMessage(ByteBuffer(string: "a"), Shapes.frame(message: $0, frame: 1, length: 40)) }
            + [ZMTPMessage("a-end")]
        #expect(received == expected)
    }

    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func swiftSubscriberTalksToPyzmqPub(version: ZMTPVersion) async throws {
        let peer = try PythonPeer("pub_publisher.py", [Shapes.json(Shapes.standard)])
        let port = try #require(Int(try await peer.expect("bound")))
        let received = try await SubscriberSocket.connect(
            to: .tcp(host: "127.0.0.1", port: port),
            subscriptions: [[]],
            configuration: ZMTPConfiguration(version: version)
        ) { sub in
            #expect(sub.peer.socketType == .pub)
            var received: [ZMTPMessage] = []
            for try await message in sub.messages {
                if message == ZMTPMessage("probe") {
                    if received.isEmpty { await peer.send("go") }
                    received.append(message)
                    continue
                }
                if message == ZMTPMessage("end") { break }
                received.append(message)
            }
            return received.filter { $0 != ZMTPMessage("probe") }
        }
        try await peer.expect("published")
        let expected = Shapes.messages(Shapes.standard).map { $0.prepending([ByteBuffer(string: "t")]) }
        #expect(received == expected)
    }

    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func pyzmqSubscriberTalksToSwiftPub(version: ZMTPVersion) async throws {
        let lines = try await PublisherSocket.bind(
            .tcp(host: "127.0.0.1", port: 0),
            configuration: ZMTPConfiguration(version: version)
        ) { pub in
            let port = try #require(pub.boundPort)
            let peer = try PythonPeer("sub_subscriber.py", ["\(port)", "a", "a-end"])
            await pub.waitForSubscribers(1)
            for index in 0..<20 {
                pub.send(ZMTPMessage(ByteBuffer(string: "a"), Shapes.frame(message: index, frame: 1, length: 300)))
                pub.send(ZMTPMessage(ByteBuffer(string: "b"), Shapes.frame(message: index, frame: 1, length: 300)))
            }
            pub.send(ZMTPMessage("a-end"))
            return try await peer.lines(until: "done")
        }
        let expected = (0..<20).map { index in
            "message " + [Array("a".utf8).hex, Array(Shapes.frame(message: index, frame: 1, length: 300).readableBytesView).hex].joined(separator: ",")
        } + ["message " + Array("a-end".utf8).hex]
        #expect(lines == expected)
    }

    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func pyzmqSubscriberTalksToSwiftXPub(version: ZMTPVersion) async throws {
        let lines = try await XPublisherSocket.bind(
            .tcp(host: "127.0.0.1", port: 0),
            configuration: ZMTPConfiguration(version: version)
        ) { xpub in
            let port = try #require(xpub.boundPort)
            let peer = try PythonPeer("sub_subscriber.py", ["\(port)", "x", "x-end"])
            var subscriptions = xpub.messages.makeAsyncIterator()
            let subscription = await subscriptions.next()
            #expect(subscription == ZMTPMessage(ByteBuffer(bytes: [1] + Array("x".utf8))))
            xpub.send(ZMTPMessage("y", "not for x"))
            xpub.send(ZMTPMessage("x1", "for x"))
            xpub.send(ZMTPMessage("x-end"))
            return try await peer.lines(until: "done")
        }
        let hex = { (text: String) in Array(text.utf8).hex }
        #expect(lines == ["message \(hex("x1")),\(hex("for x"))", "message \(hex("x-end"))"])
    }
}
