// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Stdin channel: the kernel asks the frontend for input (messaging spec, "Messages on the stdin (ROUTER/DEALER) channel").

/// `input_request` (stdin, kernel to frontend): `input()` or `getpass()` is waiting for a line.
public struct InputRequest: TypedMessageContent {
    /// `input_request`.
    public static let messageType = "input_request"
    /// The content's JSON object.
    public let json: JSONObject
    /// A request; `password` hides the typed text.
    public init(prompt: String, password: Bool = false) {
        json = JSONObject([("prompt", .string(prompt)), ("password", .bool(password))])
    }
    /// A request over received JSON; `prompt` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("prompt", .string)
        try check.optional("password", .bool)
        self.json = json
    }
    /// `.inputRequest(self)`.
    public var messageContent: MessageContent { .inputRequest(self) }
    /// `prompt`.
    public var prompt: String { json.string("prompt") }
    /// `password`.
    public var password: Bool { json.bool("password", false) }
}

/// `input_reply` (stdin, frontend to kernel): the line the user typed.
public struct InputReply: ReplyContent {
    /// `input_reply`.
    public static let messageType = "input_reply"
    /// The content's JSON object.
    public let json: JSONObject
    /// A reply with the typed value (jupyter_client sends `{"value": ...}` only).
    public init(value: String) { json = JSONObject([("value", .string(value))]) }
    /// A reply over received JSON; `value` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("value", .string)
        try check.optional("status", .string)
        self.json = json
    }
    /// `.inputReply(self)`.
    public var messageContent: MessageContent { .inputReply(self) }
    /// `value`.
    public var value: String { json.string("value") }
}
