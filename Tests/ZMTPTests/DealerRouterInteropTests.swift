// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
@testable import ZMTP

/// Swift DEALER/ROUTER against pyzmq (libzmq) ROUTER/DEALER, both directions.
@Suite(.tags(.interop), .timeLimit(.minutes(2)))
struct DealerRouterInteropTests {
    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func swiftDealerTalksToPyzmqRouter(version: ZMTPVersion) async throws {
        let expected = Shapes.messages(Shapes.standard)
        let peer = try PythonPeer("router_echo.py", ["tcp", "\(expected.count)"])
        let port = try #require(Int(try await peer.expect("bound")))
        let identity = Array("swift-dealer".utf8)
        let received = try await DealerSocket.connect(
            to: .tcp(host: "127.0.0.1", port: port),
            identity: identity,
            configuration: ZMTPConfiguration(version: version)
        ) { dealer in
            #expect(dealer.peer.socketType == .router)
            #expect(dealer.peer.version == version)
            for message in expected {
                try await dealer.send(message)
            }
            var received: [ZMTPMessage] = []
            for try await message in dealer.messages {
                received.append(message)
                if received.count == expected.count { break }
            }
            return received
        }
        #expect(try await peer.expect("identity") == identity.hex)
        try await peer.expect("done")
        #expect(received.count == expected.count)
        #expect(received == expected)
        #expect(await peer.exitStatus() == 0)
    }

    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func pyzmqDealerTalksToSwiftRouter(version: ZMTPVersion) async throws {
        let expected = Shapes.messages(Shapes.standard)
        let received = try await RouterSocket.bind(
            .tcp(host: "127.0.0.1", port: 0),
            configuration: ZMTPConfiguration(version: version)
        ) { router in
            let port = try #require(router.boundPort)
            #expect(port > 0)
            let peer = try PythonPeer("dealer_client.py", ["\(port)", "py-dealer", Shapes.json(Shapes.standard)])
            var received: [ZMTPRoutedMessage] = []
            for await routed in router.messages {
                received.append(routed)
                #expect(try await router.send(routed.message, to: routed.identity))
                if received.count == expected.count { break }
            }
            #expect(try await peer.expect("ok") == "\(expected.count)")
            #expect(await peer.exitStatus() == 0)
            return received
        }
        #expect(received.map(\.message) == expected)
        #expect(Set(received.map(\.identity)) == [ByteBuffer(string: "py-dealer")])
    }

    @Test func swiftDealerTalksToPyzmqRouterOverIPC() async throws {
        let path = "/tmp/quire-zmtp-test-\(UInt32.random(in: 0 ... .max)).ipc"
        let expected = Shapes.messages([[5], [300, 0], [70_000]])
        let peer = try PythonPeer("router_echo.py", ["ipc://\(path)", "\(expected.count)"])
        _ = try await peer.expect("bound")
        let received = try await DealerSocket.connect(to: .ipc(path: path)) { dealer in
            for message in expected { try await dealer.send(message) }
            var received: [ZMTPMessage] = []
            for try await message in dealer.messages {
                received.append(message)
                if received.count == expected.count { break }
            }
            return received
        }
        #expect(received == expected)
        try await peer.expect("done")
    }

    @Test func pyzmqDealerIdentityRoutesRepliesBetweenTwoPeers() async throws {
        try await RouterSocket.bind(.tcp(host: "127.0.0.1", port: 0)) { router in
            let port = try #require(router.boundPort)
            let shapes = [[5], [6, 7]]
            let first = try PythonPeer("dealer_client.py", ["\(port)", "first", Shapes.json(shapes)])
            let second = try PythonPeer("dealer_client.py", ["\(port)", "second", Shapes.json(shapes)])
            var seen = 0
            for await routed in router.messages {
                #expect(try await router.send(routed.message, to: routed.identity))
                seen += 1
                if seen == 2 * shapes.count { break }
            }
            #expect(try await first.expect("ok") == "2")
            #expect(try await second.expect("ok") == "2")
            #expect(try await router.send(ZMTPMessage("x"), to: ByteBuffer(string: "nobody")) == false)
        }
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hex, as Python's bytes.hex().
    var hex: String { map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
}
