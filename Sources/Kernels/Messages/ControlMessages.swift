// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Control channel: interrupt and shutdown (messaging spec, "Messages on the control (ROUTER/DEALER) channel").

/// `interrupt_request` (control): interrupt the running code, for kernels with `interrupt_mode: message`.
public struct InterruptRequest: TypedMessageContent {
    /// `interrupt_request`.
    public static let messageType = "interrupt_request"
    /// The content's JSON object (`{}`).
    public let json: JSONObject
    /// An empty request.
    public init() { json = JSONObject() }
    /// A request over received JSON (any keys are kept).
    public init(json: JSONObject) throws(KernelsError) { self.json = json }
    /// `.interruptRequest(self)`.
    public var messageContent: MessageContent { .interruptRequest(self) }
}

/// `interrupt_reply`: the kernel received the interrupt.
public struct InterruptReply: ReplyContent {
    /// `interrupt_reply`.
    public static let messageType = "interrupt_reply"
    /// The content's JSON object.
    public let json: JSONObject
    /// A reply with a status.
    public init(status: ReplyStatus = .ok) { json = JSONObject([("status", .string(status.rawValue))]) }
    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).optional("status", .string)
        self.json = json
    }
    /// `.interruptReply(self)`.
    public var messageContent: MessageContent { .interruptReply(self) }
}

/// `shutdown_request` (control): stop the kernel, or prepare it for a restart.
public struct ShutdownRequest: TypedMessageContent {
    /// `shutdown_request`.
    public static let messageType = "shutdown_request"
    /// The content's JSON object.
    public let json: JSONObject
    /// A request.
    public init(restart: Bool = false) { json = JSONObject([("restart", .bool(restart))]) }
    /// A request over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        try ContentCheck(json, Self.messageType).optional("restart", .bool)
        self.json = json
    }
    /// `.shutdownRequest(self)`.
    public var messageContent: MessageContent { .shutdownRequest(self) }
    /// `restart`: the kernel will be started again.
    public var restart: Bool { json.bool("restart", false) }
}

/// `shutdown_reply`: the kernel is shutting down.
public struct ShutdownReply: ReplyContent {
    /// `shutdown_reply`.
    public static let messageType = "shutdown_reply"
    /// The content's JSON object.
    public let json: JSONObject
    /// A reply echoing the request's `restart`.
    public init(restart: Bool, status: ReplyStatus = .ok) {
        json = JSONObject([("status", .string(status.rawValue)), ("restart", .bool(restart))])
    }
    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("restart", .bool)
        self.json = json
    }
    /// `.shutdownReply(self)`.
    public var messageContent: MessageContent { .shutdownReply(self) }
    /// `restart`.
    public var restart: Bool { json.bool("restart", false) }
}
