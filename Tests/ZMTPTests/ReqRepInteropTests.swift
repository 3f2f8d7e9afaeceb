// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing
@testable import ZMTP

/// Swift REQ/REP against pyzmq (libzmq) REP/REQ, both directions.
@Suite(.tags(.interop), .timeLimit(.minutes(2)))
struct ReqRepInteropTests {
    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func swiftRequesterTalksToPyzmqRep(version: ZMTPVersion) async throws {
        let expected = Shapes.messages(Shapes.standard)
        let peer = try PythonPeer("rep_echo.py", ["\(expected.count)"])
        let port = try #require(Int(try await peer.expect("bound")))
        let replies = try await RequestSocket.connect(
            to: .tcp(host: "127.0.0.1", port: port),
            configuration: ZMTPConfiguration(version: version)
        ) { req in
            #expect(req.peer.socketType == .rep)
            var replies: [ZMTPMessage] = []
            for message in expected {
                replies.append(try await req.request(message))
            }
            return replies
        }
        #expect(replies == expected)
        try await peer.expect("done")
    }

    @Test(arguments: [ZMTPVersion.v3_0, .v3_1])
    func pyzmqRequesterTalksToSwiftRep(version: ZMTPVersion) async throws {
        let expected = Shapes.messages(Shapes.standard)
        let requests = try await ReplySocket.bind(
            .tcp(host: "127.0.0.1", port: 0),
            configuration: ZMTPConfiguration(version: version)
        ) { rep in
            let port = try #require(rep.boundPort)
            let peer = try PythonPeer("req_client.py", ["\(port)", Shapes.json(Shapes.standard)])
            var requests: [ZMTPMessage] = []
            for _ in expected {
                let request = try await rep.receive()
                requests.append(request)
                try await rep.send(request)
            }
            #expect(try await peer.expect("ok") == "\(expected.count)")
            return requests
        }
        #expect(requests == expected)
    }
}
