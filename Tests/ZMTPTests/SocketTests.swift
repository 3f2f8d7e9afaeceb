// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix
import Testing
@testable import ZMTP

/// Swift sockets talking to each other over real TCP (no Python needed).
@Suite(.timeLimit(.minutes(1)))
struct SocketTests {
    private let local = ZMTPEndpoint.tcp(host: "127.0.0.1", port: 0)

    @Test func bindingToPortZeroReportsTheChosenPort() async throws {
        try await RouterSocket.bind(local) { first in
            try await RouterSocket.bind(local) { second in
                let a = try #require(first.boundPort)
                let b = try #require(second.boundPort)
                #expect(a > 0 && b > 0 && a != b)
                #expect(first.boundEndpoint == .tcp(host: "127.0.0.1", port: a))
            }
        }
    }

    @Test func dealerAndRouterExchangeManyMessagesWithGeneratedIdentity() async throws {
        try await RouterSocket.bind(local) { router in
            let port = try #require(router.boundPort)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var count = 0
                    for await routed in router.messages {
                        #expect(routed.identity.readableBytes == 5)
                        #expect(routed.identity.getInteger(at: 0, as: UInt8.self) == 0)
                        try await router.send(routed.message, to: routed.identity)
                        count += 1
                        if count == 1000 { return }
                    }
                }
                try await DealerSocket.connect(to: .tcp(host: "127.0.0.1", port: port)) { dealer in
                    #expect(dealer.peer.identity == [])
                    for index in 0..<1000 { try await dealer.send(ZMTPMessage("n", "\(index)")) }
                    var index = 0
                    for try await message in dealer.messages {
                        #expect(message == ZMTPMessage("n", "\(index)"))
                        index += 1
                        if index == 1000 { break }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func connectionsUseTCPNoDelay() async throws {
        try await RouterSocket.bind(local) { router in
            let port = try #require(router.boundPort)
            let options = ZMTPSocketOptions(socketType: .dealer, identity: nil, configuration: ZMTPConfiguration(), logger: ZMTPDefaults.logger)
            let connection = try await ZMTPTransport.connect(
                to: .tcp(host: "127.0.0.1", port: port),
                options: options,
                group: MultiThreadedEventLoopGroup.singleton
            )
            let noDelay = try await connection.channel.channel.getOption(.tcpOption(.tcp_nodelay)).get()
            #expect(noDelay != 0)
            try await connection.run { _, _, _ in }
        }
    }

    @Test func requestSocketEnforcesAlternationAgainstSwiftRep() async throws {
        try await ReplySocket.bind(local) { rep in
            let port = try #require(rep.boundPort)
            await #expect(throws: ZMTPError.self) { try await rep.send(ZMTPMessage("no request yet")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await RequestSocket.connect(to: .tcp(host: "127.0.0.1", port: port)) { req in
                        await #expect(throws: ZMTPError.self) { try await req.receive() }
                        try await req.send(ZMTPMessage("one", ""))
                        await #expect(throws: ZMTPError.self) { try await req.send(ZMTPMessage("two")) }
                        #expect(try await req.receive() == ZMTPMessage("ONE", ""))
                        #expect(try await req.request(ZMTPMessage("three")) == ZMTPMessage("THREE"))
                    }
                }
                #expect(try await rep.receive() == ZMTPMessage("one", ""))
                await #expect(throws: ZMTPError.self) { try await rep.receive() }
                try await rep.send(ZMTPMessage("ONE", ""))
                #expect(try await rep.receive() == ZMTPMessage("three"))
                try await rep.send(ZMTPMessage("THREE"))
                try await group.waitForAll()
            }
        }
    }

    @Test func publisherFiltersByPrefixPerSubscriber() async throws {
        try await PublisherSocket.bind(local) { pub in
            let endpoint = ZMTPEndpoint.tcp(host: "127.0.0.1", port: try #require(pub.boundPort))
            try await SubscriberSocket.connect(to: endpoint, subscriptions: [Array("ke".utf8)]) { sub in
                await pub.waitForSubscribers(1)
                #expect(pub.send(ZMTPMessage("other")) == 0)
                #expect(pub.send(ZMTPMessage("kernel.1", "a")) == 1)
                #expect(pub.send(ZMTPMessage("key")) == 1)
                var received: [ZMTPMessage] = []
                for try await message in sub.messages {
                    received.append(message)
                    if received.count == 2 { break }
                }
                #expect(received == [ZMTPMessage("kernel.1", "a"), ZMTPMessage("key")])
            }
        }
    }

    @Test func xpubSeesEverySubscriptionAndCancel() async throws {
        try await XPublisherSocket.bind(local) { xpub in
            let endpoint = ZMTPEndpoint.tcp(host: "127.0.0.1", port: try #require(xpub.boundPort))
            var events = xpub.messages.makeAsyncIterator()
            try await SubscriberSocket.connect(to: endpoint, subscriptions: [[]]) { sub in
                #expect(await events.next() == ZMTPMessage(ByteBuffer(bytes: [1])))
                try await sub.subscribe(Array("a".utf8))
                #expect(await events.next() == ZMTPMessage(ByteBuffer(bytes: [1, 0x61])))
                try await sub.unsubscribe([])
                #expect(await events.next() == ZMTPMessage(ByteBuffer(bytes: [0])))
            }
        }
    }

    @Test func connectingToNothingFails() async throws {
        let port = try await RouterSocket.bind(local) { router in try #require(router.boundPort) }
        await #expect(throws: (any Error).self) {
            try await DealerSocket.connect(to: .tcp(host: "127.0.0.1", port: port)) { _ in }
        }
    }

    @Test func incompatiblePeerTypeFailsTheConnect() async throws {
        try await PublisherSocket.bind(local) { pub in
            let endpoint = ZMTPEndpoint.tcp(host: "127.0.0.1", port: try #require(pub.boundPort))
            await #expect(throws: ZMTPError.self) {
                try await DealerSocket.connect(to: endpoint) { _ in }
            }
        }
    }

    @Test func endpointsParseAndPrint() throws {
        #expect(try ZMTPEndpoint("tcp://127.0.0.1:5555") == .tcp(host: "127.0.0.1", port: 5555))
        #expect(try ZMTPEndpoint("tcp://[::1]:0") == .tcp(host: "::1", port: 0))
        #expect(try ZMTPEndpoint("ipc:///tmp/k-1") == .ipc(path: "/tmp/k-1"))
        #expect(ZMTPEndpoint.tcp(host: "::1", port: 9).description == "tcp://[::1]:9")
        for bad in ["tcp://host", "udp://x:1", "tcp://:1", "tcp://h:70000", "ipc://"] {
            #expect(throws: ZMTPError.self) { try ZMTPEndpoint(bad) }
        }
        #expect(throws: ZMTPError.self) { try ZMTPConfiguration(maximumFrameLength: 0).validate() }
        #expect(throws: ZMTPError.self) { try ZMTPConfiguration(version: ZMTPVersion(major: 3, minor: 2)).validate() }
    }
}

@Test func reservedOrOverlongIdentitiesAreRejected() async throws {
    await #expect(throws: ZMTPError.self) {
        try await DealerSocket.connect(to: .tcp(host: "127.0.0.1", port: 1), identity: [0, 1]) { _ in }
    }
    await #expect(throws: ZMTPError.self) {
        try await RequestSocket.connect(to: .tcp(host: "127.0.0.1", port: 1), identity: [UInt8](repeating: 1, count: 256)) { _ in }
    }
}
