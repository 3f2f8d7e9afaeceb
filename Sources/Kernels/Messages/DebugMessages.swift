// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Debugger (messaging spec, "Debug request"): Debug Adapter Protocol messages carried as content.

/// Content that is a Debug Adapter Protocol message: `seq`, `type` and the type's own keys.
public protocol DebugContent: TypedMessageContent {}

extension DebugContent {
    /// `seq`: the DAP sequence number.
    public var sequence: Int? { json.int("seq") }
    /// `type`: `request`, `response` or `event`.
    public var protocolMessageType: String { json.string("type") }
    /// `command` of a request or response.
    public var command: String? { json["command"]?.stringValue }
    /// `arguments` of a request, `body` of a response or event.
    public var body: JSONObject { json.optionalObject("arguments") ?? json.object("body") }
}

/// Checks the DAP keys every debug message shares.
private func checkDebugContent(_ json: JSONObject, _ messageType: String) throws(KernelsError) {
    let check = ContentCheck(json, messageType)
    try check.optional("seq", .integer)
    try check.optional("type", .string)
    try check.optional("command", .string)
    try check.optional("event", .string)
    try check.optional("arguments", .object)
    try check.optional("body", .object)
}

/// `debug_request` (control): a DAP request for the kernel's debugger.
public struct DebugRequest: DebugContent {
    /// `debug_request`.
    public static let messageType = "debug_request"
    /// The content's JSON object.
    public let json: JSONObject
    /// A DAP request.
    public init(sequence: Int, command: String, arguments: JSONObject = JSONObject()) {
        json = JSONObject([
            ("type", .string("request")), ("seq", .int(sequence)), ("command", .string(command)), ("arguments", .object(arguments)),
        ])
    }
    /// A request over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try checkDebugContent(json, Self.messageType)
        self.json = json
    }
    /// `.debugRequest(self)`.
    public var messageContent: MessageContent { .debugRequest(self) }
}

/// `debug_reply`: a DAP response.
public struct DebugReply: ReplyContent, DebugContent {
    /// `debug_reply`.
    public static let messageType = "debug_reply"
    /// The content's JSON object.
    public let json: JSONObject
    /// A DAP response to the request with sequence number `requestSequence`.
    public init(sequence: Int, requestSequence: Int, command: String, success: Bool = true, body: JSONObject = JSONObject()) {
        json = JSONObject([
            ("type", .string("response")), ("seq", .int(sequence)), ("request_seq", .int(requestSequence)),
            ("success", .bool(success)), ("command", .string(command)), ("body", .object(body)),
        ])
    }
    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try checkDebugContent(json, Self.messageType)
        try ContentCheck(json, Self.messageType).optional("success", .bool)
        self.json = json
    }
    /// `.debugReply(self)`.
    public var messageContent: MessageContent { .debugReply(self) }
    /// `success`.
    public var success: Bool { json.bool("success", false) }
}

/// `debug_event` (iopub): a DAP event, such as `stopped`.
public struct DebugEvent: DebugContent {
    /// `debug_event`.
    public static let messageType = "debug_event"
    /// The content's JSON object.
    public let json: JSONObject
    /// A DAP event.
    public init(sequence: Int, event: String, body: JSONObject = JSONObject()) {
        json = JSONObject([("type", .string("event")), ("seq", .int(sequence)), ("event", .string(event)), ("body", .object(body))])
    }
    /// An event over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try checkDebugContent(json, Self.messageType)
        self.json = json
    }
    /// `.debugEvent(self)`.
    public var messageContent: MessageContent { .debugEvent(self) }
    /// `event`: the DAP event name.
    public var event: String { json.string("event") }
}
