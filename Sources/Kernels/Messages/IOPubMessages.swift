// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// IOPub channel: the kernel's broadcasts (messaging spec, "Messages on the IOPub (PUB/SUB) channel").

/// Content that carries a mime bundle: `display_data`, `update_display_data`, `execute_result`.
public protocol DisplayContent: TypedMessageContent {}

extension DisplayContent {
    /// `data`: the mime bundle, keyed by mime type.
    public var data: JSONObject { json.object("data") }
    /// `metadata` of the bundle, keyed by mime type.
    public var metadata: JSONObject { json.object("metadata") }
    /// `transient`: data not stored in the notebook, such as `display_id`.
    public var transient: JSONObject { json.object("transient") }
    /// `transient.display_id`, when the output can be updated later.
    public var displayID: String? { transient["display_id"]?.stringValue }
}

/// The kernel's `execution_state`. The spec's values are static members; anything else is kept.
public struct ExecutionState: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The state as sent.
    public let rawValue: String
    /// A state from its wire text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A state from a literal.
    public init(stringLiteral value: String) { rawValue = value }
    /// The kernel is handling a request.
    public static let busy: ExecutionState = "busy"
    /// The kernel has finished a request.
    public static let idle: ExecutionState = "idle"
    /// The kernel process has just started (sent once).
    public static let starting: ExecutionState = "starting"
    /// The wire text.
    public var description: String { rawValue }
}

/// `status`: the kernel became busy, idle, or is starting.
public struct Status: TypedMessageContent {
    /// `status`.
    public static let messageType = "status"
    /// The content's JSON object.
    public let json: JSONObject
    /// A status message.
    public init(executionState: ExecutionState) {
        json = JSONObject([("execution_state", .string(executionState.rawValue))])
    }
    /// A status over received JSON; `execution_state` is required.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).required("execution_state", .string)
        self.json = json
    }
    /// `.status(self)`.
    public var messageContent: MessageContent { .status(self) }
    /// `execution_state`.
    public var executionState: ExecutionState { ExecutionState(rawValue: json.string("execution_state")) }
}

/// `stream`: text written to stdout or stderr.
public struct Stream: TypedMessageContent {
    /// `stream`.
    public static let messageType = "stream"
    /// The content's JSON object.
    public let json: JSONObject
    /// A stream message; `name` is `stdout` or `stderr`.
    public init(name: String, text: String) {
        json = JSONObject([("name", .string(name)), ("text", .string(text))])
    }
    /// A stream over received JSON; `name` and `text` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("name", .string)
        try check.required("text", .string)
        self.json = json
    }
    /// `.stream(self)`.
    public var messageContent: MessageContent { .stream(self) }
    /// `name`: `stdout` or `stderr`.
    public var name: String { json.string("name") }
    /// `text`.
    public var text: String { json.string("text") }
}

/// `display_data`: a rich output (mime bundle).
public struct DisplayData: DisplayContent {
    /// `display_data`.
    public static let messageType = "display_data"
    /// The content's JSON object.
    public let json: JSONObject
    /// A display; `transient` holds `display_id` when the output may be updated.
    public init(data: JSONObject, metadata: JSONObject = JSONObject(), transient: JSONObject? = nil) {
        var json = JSONObject()
        json.set("data", data)
        json.set("metadata", metadata)
        if let transient { json.set("transient", transient) }
        self.json = json
    }
    /// A display over received JSON; `data` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("data", .object)
        try check.optional("metadata", .object)
        try check.optional("transient", .object)
        self.json = json
    }
    /// `.displayData(self)`.
    public var messageContent: MessageContent { .displayData(self) }
}

/// `update_display_data`: replace the outputs shown under `transient.display_id`.
public struct UpdateDisplayData: DisplayContent {
    /// `update_display_data`.
    public static let messageType = "update_display_data"
    /// The content's JSON object.
    public let json: JSONObject
    /// An update for the display with this id.
    public init(displayID: String, data: JSONObject, metadata: JSONObject = JSONObject()) {
        var json = JSONObject()
        json.set("data", data)
        json.set("metadata", metadata)
        json.set("transient", JSONObject([("display_id", .string(displayID))]))
        self.json = json
    }
    /// An update over received JSON; `data` and `transient` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("data", .object)
        try check.optional("metadata", .object)
        try check.required("transient", .object)
        self.json = json
    }
    /// `.updateDisplayData(self)`.
    public var messageContent: MessageContent { .updateDisplayData(self) }
}

/// `execute_input`: the code being run, rebroadcast to every frontend.
public struct ExecuteInput: TypedMessageContent {
    /// `execute_input`.
    public static let messageType = "execute_input"
    /// The content's JSON object.
    public let json: JSONObject
    /// An execute_input message.
    public init(code: String, executionCount: Int) {
        json = JSONObject([("code", .string(code)), ("execution_count", .int(executionCount))])
    }
    /// An execute_input over received JSON; `code` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("code", .string)
        try check.optional("execution_count", .integer)
        self.json = json
    }
    /// `.executeInput(self)`.
    public var messageContent: MessageContent { .executeInput(self) }
    /// `code`.
    public var code: String { json.string("code") }
    /// `execution_count`.
    public var executionCount: Int? { json.int("execution_count") }
}

/// `execute_result`: the value of the last expression, as a mime bundle.
public struct ExecuteResult: DisplayContent {
    /// `execute_result`.
    public static let messageType = "execute_result"
    /// The content's JSON object.
    public let json: JSONObject
    /// A result.
    public init(executionCount: Int, data: JSONObject, metadata: JSONObject = JSONObject()) {
        var json = JSONObject()
        json.set("execution_count", executionCount)
        json.set("data", data)
        json.set("metadata", metadata)
        self.json = json
    }
    /// A result over received JSON; `data` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("execution_count", .integer)
        try check.required("data", .object)
        try check.optional("metadata", .object)
        try check.optional("transient", .object)
        self.json = json
    }
    /// `.executeResult(self)`.
    public var messageContent: MessageContent { .executeResult(self) }
    /// `execution_count`.
    public var executionCount: Int? { json.int("execution_count") }
}

/// `error`: an exception raised while running code.
public struct ErrorOutput: TypedMessageContent {
    /// `error`.
    public static let messageType = "error"
    /// The content's JSON object.
    public let json: JSONObject
    /// An error output.
    public init(name: String, value: String, traceback: [String]) {
        json = JSONObject([("ename", .string(name)), ("evalue", .string(value)), ("traceback", .strings(traceback))])
    }
    /// An error over received JSON; `ename`, `evalue` and `traceback` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("ename", .string)
        try check.required("evalue", .string)
        try check.required("traceback", .stringArray)
        self.json = json
    }
    /// `.error(self)`.
    public var messageContent: MessageContent { .error(self) }
    /// `ename`: the exception's class name.
    public var name: String { json.string("ename") }
    /// `evalue`: the exception's message.
    public var value: String { json.string("evalue") }
    /// `traceback` lines (may contain ANSI colour codes).
    public var traceback: [String] { json.strings("traceback") }
}

/// `clear_output`: clear the outputs of the cell, now or (with `wait`) at the next output.
public struct ClearOutput: TypedMessageContent {
    /// `clear_output`.
    public static let messageType = "clear_output"
    /// The content's JSON object.
    public let json: JSONObject
    /// A clear_output message.
    public init(wait: Bool = false) { json = JSONObject([("wait", .bool(wait))]) }
    /// A clear_output over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).optional("wait", .bool)
        self.json = json
    }
    /// `.clearOutput(self)`.
    public var messageContent: MessageContent { .clearOutput(self) }
    /// `wait`: clear when the next output arrives rather than now.
    public var wait: Bool { json.bool("wait", false) }
}

/// `iopub_welcome` (protocol 5.4, XPUB kernels): sent once to each new IOPub subscriber.
public struct IOPubWelcome: TypedMessageContent {
    /// `iopub_welcome`.
    public static let messageType = "iopub_welcome"
    /// The content's JSON object.
    public let json: JSONObject
    /// A welcome for a subscription prefix (`""` for everything).
    public init(subscription: String = "") { json = JSONObject([("subscription", .string(subscription))]) }
    /// A welcome over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).optional("subscription", .string)
        self.json = json
    }
    /// `.iopubWelcome(self)`.
    public var messageContent: MessageContent { .iopubWelcome(self) }
    /// `subscription`.
    public var subscription: String { json.string("subscription") }
}
