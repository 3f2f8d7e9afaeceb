// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels
import NIOCore
import NotebookFormat
import Testing

struct JupyterMessageTests {
    let session = Session(signer: .unsigned, id: "client-session", username: "ada")

    @Test func sessionBuildsHeadersAsJupyterClient() {
        let message = session.message(KernelInfoRequest())
        #expect(message.header.json.keys == ["msg_id", "msg_type", "username", "session", "date", "version"])
        #expect(message.header.messageType == "kernel_info_request")
        #expect(message.header.session == "client-session" && message.header.username == "ada")
        #expect(message.header.version == "5.4")
        #expect(message.messageID.hasPrefix("client-session_\(getpid())_"))
        #expect(message.parentHeader == nil && message.metadata.isEmpty && message.buffers.isEmpty)
        #expect(session.message(KernelInfoRequest()).messageID != message.messageID)
    }

    @Test func replyIsBuiltFromItsRequest() {
        let request = session.message(ExecuteRequest(code: "1 + 1"))
        let reply = request.reply(with: ExecuteReply(executionCount: 1), metadata: object(["started": "now"]))
        #expect(reply.messageType == "execute_reply")
        #expect(reply.header.messageType == "execute_reply")
        #expect(reply.parentHeader == request.header)
        #expect(reply.header.session == "client-session" && reply.header.username == "ada")
        #expect(reply.messageID != request.messageID)
        #expect(reply.metadata["started"] == "now")
        #expect(reply.isChild(of: request) && !request.isChild(of: reply))
        guard case .executeReply(let content) = reply.content else {
            Issue.record("reply content is \(reply.content)")
            return
        }
        #expect(content.executionCount == 1)
    }

    @Test func childMessagesPointAtTheirCause() {
        let request = session.message(ExecuteRequest(code: "print(1)"))
        let busy = request.child(Status(executionState: .busy))
        #expect(busy.parentHeader?.messageID == request.messageID && busy.defaultChannel == .iopub)
    }

    @Test func routedRepliesKeepTheirIdentities() {
        let identities = [ByteBuffer(string: "peer-1"), ByteBuffer(bytes: [0, 0x80, 0xff])]
        let routed = RoutedMessage(identities: identities, message: session.message(ShutdownRequest(restart: true)))
        let reply = routed.reply(with: ShutdownReply(restart: true))
        #expect(reply.identities == identities)
        #expect(reply.message.parentHeader == routed.message.header)
    }

    @Test func theMessageTypeIsStoredOnce() {
        var message = session.message(Stream(name: "stdout", text: "x"))
        message.content = ClearOutput(wait: true).messageContent
        #expect(message.header.messageType == "clear_output")
        var header = message.header
        header.messageType = "something_else"
        header.messageID = "id-2"
        message.header = header
        #expect(message.header.messageType == "clear_output" && message.messageID == "id-2")
        let built = JupyterMessage(header: header, content: .unknown(type: "custom", content: JSONObject()))
        #expect(built.header.messageType == "custom")
    }

    @Test func headersKeepUnknownKeys() throws {
        let json = object(["msg_id": "m", "msg_type": "execute_request", "subshell_id": "s1", "extra": [1]])
        let header = Header(json: json)
        #expect(header.subshellID == "s1" && header.username == "" && header.json == json)
    }

    @Test func datesAreWrittenAsJupyterClientWritesThem() {
        #expect(Header.formatDate(secondsSinceEpoch: 0, microseconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Header.formatDate(secondsSinceEpoch: 1_795_299_778, microseconds: 955_130) == "2026-11-21T22:22:58.955130Z")
        #expect(Header.formatDate(secondsSinceEpoch: 951_782_400, microseconds: 7) == "2000-02-29T00:00:00.000007Z")
        let now = Header.currentDate()
        #expect(now.count == 27 || now.count == 20, "\(now)")
        #expect(now.hasSuffix("Z") && now.dropFirst(10).first == "T")
    }

    @Test func randomIDsLookLikeJupyterClients() {
        let id = MessageID.random()
        let parts = id.split(separator: "-")
        #expect(parts.map(\.count) == [8, 24])
        #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
        #expect(MessageID.random() != id)
    }
}
