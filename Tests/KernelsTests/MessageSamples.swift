// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat

/// One content of every message type, built with the typed initialisers, plus an unknown type.
/// A JSON object from a dictionary literal, keeping the literal's order.
func object(_ value: JSONValue) -> JSONObject {
    value.objectValue ?? JSONObject()
}

enum MessageSamples {
    static let all: [MessageContent] = [
        KernelInfoRequest().messageContent,
        KernelInfoReply(
            implementation: "quire-test",
            implementationVersion: "0.1",
            languageInfo: object(["name": "python", "version": "3.11", "mimetype": "text/x-python"]),
            banner: "Quire ✓",
            helpLinks: [["text": "Docs", "url": "https://example.org"]]
        ).messageContent,
        ExecuteRequest(code: "print('héllo')\n1 + 1", silent: false, allowStdin: false).messageContent,
        ExecuteReply(executionCount: 2, payload: []).messageContent,
        ExecuteReply(executionCount: 3, errorName: "ValueError", errorValue: "bad", traceback: ["\u{1b}[0;31mValueError\u{1b}[0m"]).messageContent,
        InspectRequest(code: "len", cursorPosition: 3, detailLevel: 1).messageContent,
        InspectReply(found: true, data: object(["text/plain": "len(obj, /)"])).messageContent,
        CompleteRequest(code: "import o", cursorPosition: 8).messageContent,
        CompleteReply(matches: ["os", "operator"], cursorStart: 7, cursorEnd: 8).messageContent,
        HistoryRequest(accessType: "tail", options: object(["n": 10])).messageContent,
        HistoryReply(history: [[0, 1, "x = 1"], [0, 2, ["x", "1"]]]).messageContent,
        IsCompleteRequest(code: "for i in range(3):").messageContent,
        IsCompleteReply(status: "incomplete", indent: "    ").messageContent,
        CommOpen(commID: "c1", targetName: "jupyter.widget", data: object(["state": ["value": 1.5e-7]]), targetModule: "w").messageContent,
        CommMessage(commID: "c1", data: object(["method": "update", "buffer_paths": [["value"]]])).messageContent,
        CommClose(commID: "c1").messageContent,
        CommInfoRequest(targetName: "jupyter.widget").messageContent,
        CommInfoReply(comms: [("c1", "jupyter.widget"), ("c2", "other")]).messageContent,
        InputRequest(prompt: "Password: ", password: true).messageContent,
        InputReply(value: "secret ✓").messageContent,
        InterruptRequest().messageContent,
        InterruptReply().messageContent,
        ShutdownRequest(restart: true).messageContent,
        ShutdownReply(restart: true).messageContent,
        Status(executionState: .idle).messageContent,
        Stream(name: "stderr", text: "héllo ✓ 😀\n\t\"quoted\" \\ \u{7}\u{7f}").messageContent,
        DisplayData(data: object(["text/plain": "<Figure>", "image/png": "iVBORw0KGgo="]), metadata: object(["image/png": ["width": 640]]), transient: object(["display_id": "d1"]))
            .messageContent,
        UpdateDisplayData(displayID: "d1", data: object(["text/plain": "2"])).messageContent,
        ExecuteInput(code: "1 + 1", executionCount: 5).messageContent,
        ExecuteResult(executionCount: 5, data: object(["text/plain": "2"])).messageContent,
        ErrorOutput(name: "ZeroDivisionError", value: "division by zero", traceback: ["Traceback", "ZeroDivisionError"]).messageContent,
        ClearOutput(wait: true).messageContent,
        DebugRequest(sequence: 1, command: "initialize", arguments: object(["clientID": "quire"])).messageContent,
        DebugReply(sequence: 2, requestSequence: 1, command: "initialize", body: object(["supportsConditionalBreakpoints": true])).messageContent,
        DebugEvent(sequence: 3, event: "stopped", body: object(["threadId": 1])).messageContent,
        IOPubWelcome().messageContent,
        .unknown(type: "usage_request", content: JSONObject([("z", 1), ("a", [1.5, nil, true, "x"])])),
    ]
}
