// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

// Shell channel: kernel_info and execute (messaging spec, "Messages on the shell (ROUTER/DEALER) channel").

/// `kernel_info_request` (shell or control): ask the kernel who it is; also the readiness probe.
public struct KernelInfoRequest: TypedMessageContent {
    /// `kernel_info_request`.
    public static let messageType = "kernel_info_request"
    /// The content's JSON object (`{}`).
    public let json: JSONObject
    /// An empty request.
    public init() { json = JSONObject() }
    /// A request over received JSON (any keys are kept).
    public init(json: JSONObject) throws(KernelsError) { self.json = json }
    /// `.kernelInfoRequest(self)`.
    public var messageContent: MessageContent { .kernelInfoRequest(self) }
}

/// `kernel_info_reply`: the kernel's implementation, language and protocol version.
public struct KernelInfoReply: ReplyContent {
    /// `kernel_info_reply`.
    public static let messageType = "kernel_info_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A reply with the spec's fields; `languageInfo` needs at least `name`.
    public init(
        protocolVersion: String = Header.protocolVersion,
        implementation: String,
        implementationVersion: String,
        languageInfo: JSONObject,
        banner: String,
        helpLinks: [JSONValue] = [],
        status: ReplyStatus = .ok
    ) {
        var json = JSONObject()
        json.set("status", status.rawValue)
        json.set("protocol_version", protocolVersion)
        json.set("implementation", implementation)
        json.set("implementation_version", implementationVersion)
        json.set("language_info", languageInfo)
        json.set("banner", banner)
        json["help_links"] = .array(helpLinks)
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("protocol_version", .string)
        try check.optional("implementation", .string)
        try check.optional("implementation_version", .string)
        try check.optional("language_info", .object)
        try check.optional("banner", .string)
        try check.optional("debugger", .bool)
        try check.optional("help_links", .array)
        try check.optional("supported_features", .stringArray)
        self.json = json
    }

    /// `.kernelInfoReply(self)`.
    public var messageContent: MessageContent { .kernelInfoReply(self) }
    /// `protocol_version`, e.g. `5.3`.
    public var protocolVersion: String { json.string("protocol_version") }
    /// `implementation`, e.g. `ipython`.
    public var implementation: String { json.string("implementation") }
    /// `implementation_version`.
    public var implementationVersion: String { json.string("implementation_version") }
    /// `language_info`: `name`, `version`, `mimetype`, `file_extension`, `pygments_lexer`, ...
    public var languageInfo: JSONObject { json.object("language_info") }
    /// `language_info.name`, e.g. `python`.
    public var languageName: String { languageInfo.string("name") }
    /// `banner`.
    public var banner: String { json.string("banner") }
    /// `debugger`: whether the kernel answers `debug_request`s (false when absent).
    public var supportsDebugger: Bool { json.bool("debugger", false) }
    /// `supported_features` (protocol 5.5), e.g. `kernel subshells`.
    public var supportedFeatures: [String] { json.strings("supported_features") }
}

/// `execute_request` (shell): run code.
public struct ExecuteRequest: TypedMessageContent {
    /// `execute_request`.
    public static let messageType = "execute_request"
    /// The content's JSON object.
    public let json: JSONObject

    /// A request with jupyter_client's defaults (`KernelClient.execute`).
    public init(
        code: String,
        silent: Bool = false,
        storeHistory: Bool = true,
        userExpressions: JSONObject = JSONObject(),
        allowStdin: Bool = true,
        stopOnError: Bool = true
    ) {
        var json = JSONObject()
        json.set("code", code)
        json.set("silent", silent)
        json.set("store_history", storeHistory)
        json.set("user_expressions", userExpressions)
        json.set("allow_stdin", allowStdin)
        json.set("stop_on_error", stopOnError)
        self.json = json
    }

    /// A request over received JSON; `code` is required.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.required("code", .string)
        try check.optional("silent", .bool)
        try check.optional("store_history", .bool)
        try check.optional("user_expressions", .object)
        try check.optional("allow_stdin", .bool)
        try check.optional("stop_on_error", .bool)
        self.json = json
    }

    /// `.executeRequest(self)`.
    public var messageContent: MessageContent { .executeRequest(self) }
    /// `code` to run.
    public var code: String { json.string("code") }
    /// `silent`: run without broadcasting output or incrementing the execution count.
    public var silent: Bool { json.bool("silent", false) }
    /// `store_history` (defaults to true unless silent, as the spec says).
    public var storeHistory: Bool { json.bool("store_history", !silent) }
    /// `user_expressions` to evaluate after the code.
    public var userExpressions: JSONObject { json.object("user_expressions") }
    /// `allow_stdin`: whether the kernel may send `input_request`s.
    public var allowStdin: Bool { json.bool("allow_stdin", true) }
    /// `stop_on_error`: abort queued requests after an error.
    public var stopOnError: Bool { json.bool("stop_on_error", true) }
}

/// `execute_reply`: how an execute request ended.
public struct ExecuteReply: ReplyContent {
    /// `execute_reply`.
    public static let messageType = "execute_reply"
    /// The content's JSON object.
    public let json: JSONObject

    /// A successful reply.
    public init(executionCount: Int, userExpressions: JSONObject = JSONObject(), payload: [JSONValue] = []) {
        var json = JSONObject()
        json.set("status", ReplyStatus.ok.rawValue)
        json.set("execution_count", executionCount)
        json.set("user_expressions", userExpressions)
        json["payload"] = .array(payload)
        self.json = json
    }

    /// An error reply, carrying the exception as `error` output does.
    public init(executionCount: Int, errorName: String, errorValue: String, traceback: [String]) {
        var json = JSONObject()
        json.set("status", ReplyStatus.error.rawValue)
        json.set("execution_count", executionCount)
        json.set("ename", errorName)
        json.set("evalue", errorValue)
        json.set("traceback", traceback)
        self.json = json
    }

    /// A reply over received JSON.
    public init(json: JSONObject) throws(KernelsError) {
        let check = ContentCheck(json, Self.messageType)
        try check.optional("status", .string)
        try check.optional("execution_count", .integer)
        try check.optional("user_expressions", .object)
        try check.optional("payload", .array)
        try check.optional("ename", .string)
        try check.optional("evalue", .string)
        try check.optional("traceback", .stringArray)
        self.json = json
    }

    /// `.executeReply(self)`.
    public var messageContent: MessageContent { .executeReply(self) }
    /// `execution_count` (absent in some `aborted` replies).
    public var executionCount: Int? { json.int("execution_count") }
    /// `user_expressions` results.
    public var userExpressions: JSONObject { json.object("user_expressions") }
    /// `payload` (deprecated pagers and `set_next_input`).
    public var payload: [JSONValue] { json["payload"]?.arrayValue ?? [] }
}
