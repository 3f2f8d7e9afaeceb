// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Shell channel: inspect, complete, history and is_complete (messaging spec, "Messages on the shell channel").

/// `inspect_request` (shell): what is the object at the cursor?
public struct InspectRequest: TypedMessageContent {
    /// `inspect_request`.
    public static let messageType = "inspect_request"
    /// The content's JSON object.
    public let json: JSONObject

    /// A request; `detailLevel` 0 is like `x?`, 1 like `x??`.
    public init(code: String, cursorPosition: Int, detailLevel: Int = 0) {
        var json = JSONObject()
        json.set("code", code)
        json.set("cursor_pos", cursorPosition)
        json.set("detail_level", detailLevel)
        self.json = json
    }

    /// A request over received JSON; `code` and `cursor_pos` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("code", .string)
        try check.required("cursor_pos", .integer)
        try check.optional("detail_level", .integer)
        self.json = json
    }

    /// `.inspectRequest(self)`.
    public var messageContent: MessageContent { .inspectRequest(self) }
    /// `code`.
    public var code: String { json.string("code") }
    /// `cursor_pos`, in Unicode code points.
    public var cursorPosition: Int { json.int("cursor_pos") ?? 0 }
    /// `detail_level` (0 or 1).
    public var detailLevel: Int { json.int("detail_level") ?? 0 }
}

/// `inspect_reply`: a mime bundle describing the object, if found.
public struct InspectReply: ReplyContent {
    /// `inspect_reply`.
    public static let messageType = "inspect_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A successful reply.
    public init(found: Bool, data: JSONObject = JSONObject(), metadata: JSONObject = JSONObject()) {
        var json = JSONObject()
        json.set("status", ReplyStatus.ok.rawValue)
        json.set("found", found)
        json.set("data", data)
        json.set("metadata", metadata)
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("found", .bool)
        try check.optional("data", .object)
        try check.optional("metadata", .object)
        self.json = json
    }

    /// `.inspectReply(self)`.
    public var messageContent: MessageContent { .inspectReply(self) }
    /// `found`.
    public var found: Bool { json.bool("found", false) }
    /// `data`: the mime bundle.
    public var data: JSONObject { json.object("data") }
    /// `metadata` of the mime bundle.
    public var metadata: JSONObject { json.object("metadata") }
}

/// `complete_request` (shell): completions at the cursor.
public struct CompleteRequest: TypedMessageContent {
    /// `complete_request`.
    public static let messageType = "complete_request"
    /// The content's JSON object.
    public let json: JSONObject

    /// A request.
    public init(code: String, cursorPosition: Int) {
        var json = JSONObject()
        json.set("code", code)
        json.set("cursor_pos", cursorPosition)
        self.json = json
    }

    /// A request over received JSON; `code` and `cursor_pos` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("code", .string)
        try check.required("cursor_pos", .integer)
        self.json = json
    }

    /// `.completeRequest(self)`.
    public var messageContent: MessageContent { .completeRequest(self) }
    /// `code`.
    public var code: String { json.string("code") }
    /// `cursor_pos`, in Unicode code points.
    public var cursorPosition: Int { json.int("cursor_pos") ?? 0 }
}

/// `complete_reply`: the matches and the range they replace.
public struct CompleteReply: ReplyContent {
    /// `complete_reply`.
    public static let messageType = "complete_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A successful reply.
    public init(matches: [String], cursorStart: Int, cursorEnd: Int, metadata: JSONObject = JSONObject()) {
        var json = JSONObject()
        json.set("status", ReplyStatus.ok.rawValue)
        json.set("matches", matches)
        json.set("cursor_start", cursorStart)
        json.set("cursor_end", cursorEnd)
        json.set("metadata", metadata)
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("matches", .stringArray)
        try check.optional("cursor_start", .integer)
        try check.optional("cursor_end", .integer)
        try check.optional("metadata", .object)
        self.json = json
    }

    /// `.completeReply(self)`.
    public var messageContent: MessageContent { .completeReply(self) }
    /// `matches`.
    public var matches: [String] { json.strings("matches") }
    /// `cursor_start`.
    public var cursorStart: Int? { json.int("cursor_start") }
    /// `cursor_end`.
    public var cursorEnd: Int? { json.int("cursor_end") }
    /// `metadata` (IPython puts `_jupyter_types_experimental` here).
    public var metadata: JSONObject { json.object("metadata") }
}

/// `history_request` (shell): past inputs (and outputs) from the kernel's history.
public struct HistoryRequest: TypedMessageContent {
    /// `history_request`.
    public static let messageType = "history_request"
    /// The content's JSON object.
    public let json: JSONObject

    /// A request as jupyter_client's `KernelClient.history` builds it; `options` holds the access
    /// type's parameters (`session`, `start`, `stop`, `n`, `pattern`, `unique`).
    public init(raw: Bool = true, output: Bool = false, accessType: String = "range", options: JSONObject = JSONObject()) {
        var json = JSONObject()
        json.set("raw", raw)
        json.set("output", output)
        json.set("hist_access_type", accessType)
        for (key, value) in options.entries { json[key] = value }
        self.json = json
    }

    /// A request over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("raw", .bool)
        try check.optional("output", .bool)
        try check.optional("hist_access_type", .string)
        try check.optional("n", .integer)
        try check.optional("pattern", .string)
        try check.optional("unique", .bool)
        self.json = json
    }

    /// `.historyRequest(self)`.
    public var messageContent: MessageContent { .historyRequest(self) }
    /// `hist_access_type`: `range`, `tail` or `search`.
    public var accessType: String { json.string("hist_access_type") }
    /// `output`: include outputs.
    public var output: Bool { json.bool("output", false) }
    /// `raw`: untransformed input.
    public var raw: Bool { json.bool("raw", false) }
}

/// `history_reply`: a list of `[session, line, input]` (or `[session, line, [input, output]]`).
public struct HistoryReply: ReplyContent {
    /// `history_reply`.
    public static let messageType = "history_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A successful reply.
    public init(history: [JSONValue]) {
        var json = JSONObject()
        json.set("status", ReplyStatus.ok.rawValue)
        json["history"] = .array(history)
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("history", .array)
        self.json = json
    }

    /// `.historyReply(self)`.
    public var messageContent: MessageContent { .historyReply(self) }
    /// `history` entries.
    public var history: [JSONValue] { json["history"]?.arrayValue ?? [] }
}

/// `is_complete_request` (shell): would this code run as is, or does it need more lines?
public struct IsCompleteRequest: TypedMessageContent {
    /// `is_complete_request`.
    public static let messageType = "is_complete_request"
    /// The content's JSON object.
    public let json: JSONObject

    /// A request.
    public init(code: String) {
        var json = JSONObject()
        json.set("code", code)
        self.json = json
    }

    /// A request over received JSON; `code` is required.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).required("code", .string)
        self.json = json
    }

    /// `.isCompleteRequest(self)`.
    public var messageContent: MessageContent { .isCompleteRequest(self) }
    /// `code`.
    public var code: String { json.string("code") }
}

/// `is_complete_reply`: `status` is `complete`, `incomplete`, `invalid` or `unknown`.
public struct IsCompleteReply: ReplyContent {
    /// `is_complete_reply`.
    public static let messageType = "is_complete_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A reply; `indent` is the suggested indentation of the next line when incomplete.
    public init(status: ReplyStatus, indent: String? = nil) {
        var json = JSONObject()
        json.set("status", status.rawValue)
        if let indent { json.set("indent", indent) }
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("indent", .string)
        self.json = json
    }

    /// `.isCompleteReply(self)`.
    public var messageContent: MessageContent { .isCompleteReply(self) }
    /// `indent`, when the code is incomplete.
    public var indent: String? { json["indent"]?.stringValue }
}
