// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat
import Testing

struct MessageContentTests {
    @Test func samplesCoverEveryKnownType() {
        let sampled = Set(MessageSamples.all.map(\.messageType))
        for type in MessageContent.knownTypes {
            #expect(sampled.contains(type.messageType), "no sample for \(type.messageType)")
        }
        #expect(Set(MessageContent.knownTypes.map { $0.messageType }).count == MessageContent.knownTypes.count)
    }

    @Test(arguments: MessageSamples.all)
    func everyTypeRoundTripsThroughItsJSON(content: MessageContent) throws {
        let rebuilt = MessageContent(type: content.messageType, json: content.json)
        #expect(rebuilt == content)
        if content.typed != nil {
            #expect(try MessageContent.decode(type: content.messageType, json: content.json) == content)
            #expect(type(of: try #require(content.typed)).messageType == content.messageType)
        }
    }

    @Test(arguments: MessageSamples.all)
    func everyTypeRoundTripsThroughFrames(content: MessageContent) throws {
        let session = try Session(connectionKey: "key")
        let message = session.message(content, metadata: object(["k": [1, 2.5]]))
        let decoded = try session.decode(frames: session.encode(message))
        #expect(decoded.message == message)
        #expect(decoded.message.header.messageType == content.messageType)
    }

    @Test func unknownContentIsKeptExactly() throws {
        let content = JSONObject([("z", 1), ("a", ["nested": [nil, 1e300]]), ("é", "ü")])
        let message = MessageContent(type: "future_request", json: content)
        #expect(message == .unknown(type: "future_request", content: content))
        #expect(message.json.keys == ["z", "a", "é"])
        #expect(message.defaultChannel == .shell)
    }

    @Test func extraKeysOfTypedContentSurvive() throws {
        let json = object(["status": "ok", "execution_count": 7, "engine_info": ["engine_id": -1], "payload": []])
        let content = MessageContent(type: "execute_reply", json: json)
        guard case .executeReply(let reply) = content else {
            Issue.record("not typed: \(content)")
            return
        }
        #expect(reply.executionCount == 7 && reply.status == .ok)
        #expect(reply.json == json && reply.json.keys == json.keys)
    }

    @Test func malformedKnownContentFallsBackToUnknown() {
        let json = object(["execution_state": 5])
        #expect(MessageContent(type: "status", json: json) == .unknown(type: "status", content: json))
        #expect(MessageContent(type: "status", json: json).messageType == "status")
        #expect(throws: KernelsError.self) { try MessageContent.decode(type: "status", json: json) }
    }

    @Test func strictDecodingNamesTheField() {
        do {
            _ = try MessageContent.decode(type: "execute_request", json: object(["silent": true]))
            Issue.record("decoded an execute_request without code")
        } catch {
            #expect(error.code == .invalidContent)
            #expect(error.messageType == "execute_request")
            #expect(error.description == "execute_request message: content 'code' is missing (it must be a string)")
        }
        do {
            _ = try MessageContent.decode(type: "error", json: object(["ename": "E", "evalue": "v", "traceback": ["a", 1]]))
            Issue.record("decoded an error with a numeric traceback line")
        } catch {
            #expect(error.message == "content 'traceback' must be an array of strings, not array")
        }
    }

    @Test func optionalFieldsMayBeNull() throws {
        let json = object(["data": ["text/plain": "1"], "metadata": nil, "execution_count": nil])
        let result = try ExecuteResult(json: json)
        #expect(result.executionCount == nil && result.metadata.isEmpty && result.data["text/plain"] == "1")
    }

    @Test func requestDefaultsFollowTheSpec() throws {
        let request = try ExecuteRequest(json: object(["code": "x", "silent": true]))
        #expect(request.silent && !request.storeHistory && request.allowStdin && request.stopOnError)
        #expect(ExecuteRequest(code: "x").json.keys == ["code", "silent", "store_history", "user_expressions", "allow_stdin", "stop_on_error"])
    }

    @Test func repliesReadTheirStatusAndError() throws {
        let reply = try InspectReply(json: object(["status": "error", "ename": "KeyError", "evalue": "'x'", "traceback": ["tb"]]))
        #expect(reply.status == .error && reply.errorName == "KeyError" && reply.errorValue == "'x'" && reply.traceback == ["tb"])
        #expect(try InputReply(json: object(["value": "v"])).status == .ok)
    }

    @Test func channelsFollowTheSpec() {
        #expect(MessageContent.channel(forMessageType: "execute_request") == .shell)
        #expect(MessageContent.channel(forMessageType: "comm_msg") == .shell)
        #expect(MessageContent.channel(forMessageType: "shutdown_request") == .control)
        #expect(MessageContent.channel(forMessageType: "debug_request") == .control)
        #expect(MessageContent.channel(forMessageType: "input_reply") == .stdin)
        #expect(MessageContent.channel(forMessageType: "debug_event") == .iopub)
        #expect(Status(executionState: .busy).messageContent.defaultChannel == .iopub)
    }
}
