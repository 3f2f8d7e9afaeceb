// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Comms (messaging spec, "Custom Messages"): shell from the frontend, iopub from the kernel.

/// Content addressed to one comm: `comm_open`, `comm_msg`, `comm_close`.
public protocol CommContent: TypedMessageContent {}

extension CommContent {
    /// `comm_id`: the comm's unique id.
    public var commID: String { json.string("comm_id") }
    /// `data`: the comm's payload (binary parts travel as message buffers).
    public var data: JSONObject { json.object("data") }
}

/// `comm_open`: create a comm for a target (e.g. `jupyter.widget`).
public struct CommOpen: CommContent {
    /// `comm_open`.
    public static let messageType = "comm_open"
    /// The content's JSON object.
    public let json: JSONObject
    /// A comm_open message.
    public init(commID: String, targetName: String, data: JSONObject = JSONObject(), targetModule: String? = nil) {
        var json = JSONObject()
        json.set("comm_id", commID)
        json.set("target_name", targetName)
        json.set("data", data)
        if let targetModule { json.set("target_module", targetModule) }
        self.json = json
    }
    /// A comm_open over received JSON; `comm_id` and `target_name` are required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("comm_id", .string)
        try check.required("target_name", .string)
        try check.optional("data", .object)
        try check.optional("target_module", .string)
        self.json = json
    }
    /// `.commOpen(self)`.
    public var messageContent: MessageContent { .commOpen(self) }
    /// `target_name`.
    public var targetName: String { json.string("target_name") }
    /// `target_module`, if any.
    public var targetModule: String? { json["target_module"]?.stringValue }
}

/// `comm_msg`: a message to an open comm.
public struct CommMessage: CommContent {
    /// `comm_msg`.
    public static let messageType = "comm_msg"
    /// The content's JSON object.
    public let json: JSONObject
    /// A comm_msg message.
    public init(commID: String, data: JSONObject) {
        json = JSONObject([("comm_id", .string(commID)), ("data", .object(data))])
    }
    /// A comm_msg over received JSON; `comm_id` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("comm_id", .string)
        try check.optional("data", .object)
        self.json = json
    }
    /// `.commMessage(self)`.
    public var messageContent: MessageContent { .commMessage(self) }
}

/// `comm_close`: close a comm.
public struct CommClose: CommContent {
    /// `comm_close`.
    public static let messageType = "comm_close"
    /// The content's JSON object.
    public let json: JSONObject
    /// A comm_close message.
    public init(commID: String, data: JSONObject = JSONObject()) {
        json = JSONObject([("comm_id", .string(commID)), ("data", .object(data))])
    }
    /// A comm_close over received JSON; `comm_id` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("comm_id", .string)
        try check.optional("data", .object)
        self.json = json
    }
    /// `.commClose(self)`.
    public var messageContent: MessageContent { .commClose(self) }
}

/// `comm_info_request` (shell): list the open comms, optionally for one target.
public struct CommInfoRequest: TypedMessageContent {
    /// `comm_info_request`.
    public static let messageType = "comm_info_request"
    /// The content's JSON object.
    public let json: JSONObject
    /// A request, for every target when `targetName` is nil.
    public init(targetName: String? = nil) {
        var json = JSONObject()
        if let targetName { json.set("target_name", targetName) }
        self.json = json
    }
    /// A request over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).optional("target_name", .string)
        self.json = json
    }
    /// `.commInfoRequest(self)`.
    public var messageContent: MessageContent { .commInfoRequest(self) }
    /// `target_name`, if the request is for one target.
    public var targetName: String? { json["target_name"]?.stringValue }
}

/// `comm_info_reply`: `comms` maps each comm id to `{"target_name": ...}`.
public struct CommInfoReply: ReplyContent {
    /// `comm_info_reply`.
    public static let messageType = "comm_info_reply"
    /// The content's JSON object.
    public let json: JSONObject
    /// A successful reply from comm ids and their target names.
    public init(comms: [(commID: String, targetName: String)]) {
        var map = JSONObject()
        for comm in comms { map[comm.commID] = .object(JSONObject([("target_name", .string(comm.targetName))])) }
        json = JSONObject([("status", .string(ReplyStatus.ok.rawValue)), ("comms", .object(map))])
    }
    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("comms", .object)
        self.json = json
    }
    /// `.commInfoReply(self)`.
    public var messageContent: MessageContent { .commInfoReply(self) }
    /// `comms`: comm id to target name.
    public var comms: [(commID: String, targetName: String)] {
        json.object("comms").entries.map { ($0.key, $0.value.objectValue?.string("target_name") ?? "") }
    }
}
