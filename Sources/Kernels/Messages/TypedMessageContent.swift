// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// The content of one Jupyter message type, typed over the JSON object it came from.
///
/// Conforming types keep the whole JSON object (`json`) and read their fields from it, so keys a
/// kernel adds beyond the spec, their order and their exact values survive a round trip. The
/// throwing `init(json:)` checks the fields the spec gives the type; typed initialisers build
/// new content with the keys in the order ipykernel and jupyter_client write them.
public protocol TypedMessageContent: Sendable, Equatable {
    /// The wire `msg_type` of this content, e.g. `execute_request`.
    static var messageType: String { get }
    /// The content's JSON object, as received or built.
    var json: JSONObject { get }
    /// Content over a received JSON object; throws `invalidContent` when a field has the wrong type.
    init(json: JSONObject) throws(KernelsError)
    /// This content as a ``MessageContent`` case.
    var messageContent: MessageContent { get }
}

/// Content that answers a request (`*_reply`, `input_reply`); ``JupyterMessage/reply(with:metadata:buffers:)`` takes these.
public protocol ReplyContent: TypedMessageContent {}

extension ReplyContent {
    /// `status`: `ok`, `error` or `aborted` (missing reads as `ok`: `input_reply` and many kernels omit it).
    public var status: ReplyStatus { ReplyStatus(rawValue: json["status"]?.stringValue ?? "ok") }
    /// `ename` of an error reply.
    public var errorName: String? { json["ename"]?.stringValue }
    /// `evalue` of an error reply.
    public var errorValue: String? { json["evalue"]?.stringValue }
    /// `traceback` lines of an error reply.
    public var traceback: [String]? { json["traceback"]?.arrayValue?.compactMap(\.stringValue) }
}

/// A reply's `status`. The spec's values are static members; anything else a kernel sends is kept.
public struct ReplyStatus: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The status as sent.
    public let rawValue: String
    /// A status from its wire text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// A status from a literal.
    public init(stringLiteral value: String) { rawValue = value }
    /// The request succeeded.
    public static let ok: ReplyStatus = "ok"
    /// The request failed; `ename`, `evalue` and `traceback` say why.
    public static let error: ReplyStatus = "error"
    /// The request was not run because an earlier one failed.
    public static let aborted: ReplyStatus = "aborted"
    /// The wire text.
    public var description: String { rawValue }
}

/// The JSON type a content field must have.
enum FieldKind {
    case string, bool, integer, number, object, array, stringArray, any

    var name: String {
        switch self {
        case .string: "a string"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .object: "an object"
        case .array: "an array"
        case .stringArray: "an array of strings"
        case .any: "a value"
        }
    }

    func matches(_ value: JSONValue) -> Bool {
        switch (self, value) {
        case (.string, .string), (.bool, .bool), (.object, .object), (.array, .array), (.any, _): true
        case (.integer, .number(.int)), (.integer, .number(.bigInteger)): true
        case (.number, .number): true
        case (.stringArray, .array(let items)): items.allSatisfy { $0.stringValue != nil }
        default: false
        }
    }
}

/// Checks the fields of a received content object against the spec's shape for its type.
struct ContentCheck {
    let json: JSONObject
    let messageType: String

    init(_ json: JSONObject, _ messageType: String) {
        self.json = json
        self.messageType = messageType
    }

    /// Throws unless `key` is present with the given kind.
    func required(_ key: String, _ kind: FieldKind) throws(KernelsError) {
        guard let value = json[key] else { throw failure("'\(key)' is missing (it must be \(kind.name))") }
        guard kind.matches(value) else { throw failure("'\(key)' must be \(kind.name), not \(value.typeName)") }
    }

    /// Throws if `key` is present, not null, and not of the given kind.
    func optional(_ key: String, _ kind: FieldKind) throws(KernelsError) {
        guard let value = json[key], !value.isNull else { return }
        guard kind.matches(value) else { throw failure("'\(key)' must be \(kind.name), not \(value.typeName)") }
    }

    private func failure(_ message: String) -> KernelsError {
        KernelsError(.invalidContent, "content " + message, messageType: messageType)
    }
}

extension JSONObject {
    /// The string under `key`, or "" (for fields `init(json:)` has checked).
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }
    /// The boolean under `key`, or `fallback` when absent or null.
    func bool(_ key: String, _ fallback: Bool) -> Bool { self[key]?.boolValue ?? fallback }
    /// The integer under `key`, or `nil` when absent, null or too large for `Int`.
    func int(_ key: String) -> Int? { self[key]?.intValue }
    /// The object under `key`, or an empty object.
    func object(_ key: String) -> JSONObject { self[key]?.objectValue ?? JSONObject() }
    /// The object under `key`, or `nil` when absent or not an object.
    func optionalObject(_ key: String) -> JSONObject? { self[key]?.objectValue }
    /// The strings of the array under `key`, or an empty array.
    func strings(_ key: String) -> [String] { self[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// Sets `key` to a string.
    mutating func set(_ key: String, _ value: String) { self[key] = .string(value) }
    /// Sets `key` to a boolean.
    mutating func set(_ key: String, _ value: Bool) { self[key] = .bool(value) }
    /// Sets `key` to an integer, or removes it for `nil`.
    mutating func set(_ key: String, _ value: Int?) { self[key] = value.map { .number(.int($0)) } }
    /// Sets `key` to an object.
    mutating func set(_ key: String, _ value: JSONObject) { self[key] = .object(value) }
    /// Sets `key` to an array of strings.
    mutating func set(_ key: String, _ value: [String]) { self[key] = .array(value.map(JSONValue.string)) }
}

extension JSONValue {
    /// An integer value.
    static func int(_ value: Int) -> JSONValue { .number(.int(value)) }
    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
