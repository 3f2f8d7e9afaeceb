// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kernels
import NIOCore
import NotebookFormat
import Testing

/// Quire's wire layer against jupyter_client's `Session` (Tests/Oracle/jupyter_messages.py).
struct JupyterClientDifferentialTests {
    let key = "26f01f5b-d4075b52b2893662e885ffe6"

    private func frames(_ value: JSONValue?) throws -> [ByteBuffer] {
        try #require(value?.arrayValue).map { item in
            ByteBuffer(bytes: Data(base64Encoded: try #require(item.stringValue)) ?? Data())
        }
    }

    private func base64(_ frames: [ByteBuffer]) -> JSONValue {
        .array(frames.map { .string(Data($0.readableBytesView).base64EncodedString()) })
    }

    @Test func decodesEveryMessageJupyterClientSends() async throws {
        let items = try #require(try await OraclePython.runJSON([OraclePython.script("jupyter_messages.py"), "make", key]).arrayValue)
        #expect(items.count == MessageContent.knownTypes.count + 2)
        var decodedTypes = Set<String>()
        let session = try Session(connectionKey: key)
        for item in items {
            let expected = try #require(item.objectValue)
            let type = try #require(expected["msg_type"]?.stringValue)
            let wire = try frames(expected["frames"])
            let routed = try session.decode(frames: wire)
            let message = routed.message
            decodedTypes.insert(message.messageType)
            #expect(message.messageType == type)
            #expect((message.content.typed == nil) == (type == "usage_request"), "\(type) decoded as \(message.content)")
            #expect(.object(message.content.json) == expected["content"])
            #expect(.object(message.header.json) == expected["header"])
            #expect(.object(message.parentHeader?.json ?? JSONObject()) == expected["parent_header"])
            #expect(.object(message.metadata) == expected["metadata"])
            #expect(routed.identities == [ByteBuffer(string: "client-identity")])
            #expect(message.buffers == Array(wire.dropFirst(7)))
            // Re-encoding gives back jupyter_client's exact bytes, signature included.
            #expect(session.encode(message, identities: routed.identities) == wire, "\(type) re-encodes differently")
            try checkTypedFields(message, against: expected["content"]?.objectValue ?? JSONObject())
        }
        #expect(decodedTypes.isSuperset(of: MessageContent.knownTypes.map { $0.messageType }))
    }

    private func checkTypedFields(_ message: JupyterMessage, against content: JSONObject) throws {
        switch message.content {
        case .executeRequest(let request):
            #expect(request.code == content["code"]?.stringValue)
            #expect(request.allowStdin && request.storeHistory && !request.silent)
        case .executeReply(let reply):
            #expect(reply.executionCount == content["execution_count"]?.intValue)
            #expect(reply.status.rawValue == content["status"]?.stringValue)
            #expect(reply.traceback == content["traceback"]?.arrayValue?.compactMap(\.stringValue))
        case .kernelInfoReply(let reply):
            #expect(reply.languageName == "python" && reply.supportsDebugger && reply.protocolVersion == "5.3")
            #expect(reply.supportedFeatures == ["kernel subshells", "debugger"])
        case .stream(let stream):
            #expect(stream.name == "stdout" && stream.text == content["text"]?.stringValue)
        case .commOpen(let open):
            #expect(open.commID == "c1" && open.targetName == "jupyter.widget" && open.targetModule == nil)
            #expect(message.buffers.map(\.readableBytes) == [3, 0])
        case .completeReply(let reply):
            #expect(reply.matches == ["os", "operator"] && reply.cursorStart == 7 && reply.cursorEnd == 8)
        case .displayData(let display):
            #expect(display.displayID == "d1" && display.data["image/png"] == "iVBORw0KGgo=")
        case .error(let error):
            #expect(error.name == "ValueError" && error.value == "bad" && error.traceback.count == 2)
        case .status(let status):
            #expect(status.executionState == .busy)
        case .isCompleteReply(let reply):
            #expect(reply.status == "incomplete" && reply.indent == "    ")
        case .debugEvent(let event):
            #expect(event.event == "stopped" && event.sequence == 3 && event.body["threadId"] == 1)
        case .commInfoReply(let reply):
            #expect(reply.comms.map(\.commID) == ["c1"] && reply.comms.map(\.targetName) == ["jupyter.widget"])
        case .inputReply(let reply):
            #expect(reply.value == "Ada")
        default:
            break
        }
    }

    @Test func jupyterClientAcceptsEveryMessageQuireSends() async throws {
        let session = try Session(connectionKey: key, username: "quire")
        let request = session.message(ExecuteRequest(code: "1 + 1"))
        let messages = MessageSamples.all.enumerated().map { index, content in
            let buffers = index % 5 == 0 ? [ByteBuffer(bytes: [0, 1, 255]), ByteBuffer()] : []
            let metadata = object(["started": "2026-01-01T00:00:00.000001Z", "float": 0.1, "n": .number(.int(index))])
            return session.message(content, parent: index == 0 ? nil : request.header, metadata: metadata, buffers: buffers)
        }
        let identity = [ByteBuffer(string: "quire-dealer")]
        var sent = messages.map { session.encode($0, identities: identity) }
        let wrongKey = try Session(connectionKey: "not-the-key", id: session.id)
        sent.append(wrongKey.encode(messages[1], identities: identity))
        var tampered = session.encode(session.message(ExecuteRequest(code: "print(1)")))
        tampered[tampered.count - 1] = ByteBuffer(string: "{\"code\": \"import os; os.system('rm -rf /')\"}")
        sent.append(tampered)
        let input = PythonJSONWriter(indent: nil, sortKeys: false).bytes(.array(sent.map { .object(object(["frames": base64($0)])) }))
        let results = try #require(try await OraclePython.runJSON([OraclePython.script("jupyter_messages.py"), "check", key], input: input).arrayValue)
        try #require(results.count == messages.count + 2)
        for (message, result) in zip(messages, results) {
            let got = try #require(result.objectValue)
            #expect(got["error"] == nil, "\(message.messageType): \(String(describing: got["error"]))")
            #expect(got["msg_type"]?.stringValue == message.messageType)
            #expect(got["content"] == .object(message.content.json))
            #expect(got["header"] == .object(message.header.json), "date \(message.header.date) does not survive datetime parsing")
            #expect(got["parent_header"] == .object(message.parentHeader?.json ?? JSONObject()))
            #expect(got["metadata"] == .object(message.metadata))
            #expect(got["buffers"] == base64(message.buffers))
            #expect(got["identities"] == base64(identity))
            #expect(got["repacked_identical"] == true, "\(message.messageType): jupyter_client would serialise it differently")
            #expect(got["signature_identical"] == true)
        }
        for rejected in results.suffix(2) {
            let error = rejected.objectValue?["error"]?.stringValue ?? ""
            #expect(error.hasPrefix("ValueError: Invalid Signature"), "jupyter_client said: \(error)")
        }
        #expect(throws: KernelsError.self) { try session.decode(frames: sent[sent.count - 2]) }
        #expect(throws: KernelsError.self) { try session.decode(frames: sent[sent.count - 1]) }
    }
}
