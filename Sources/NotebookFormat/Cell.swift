// SPDX-License-Identifier: Apache-2.0

/// One notebook cell (code, markdown, raw, or a type from a future minor version), kept as JSON.
public struct Cell: Sendable, Equatable {
    /// The cell's JSON object.
    public var json: JSONObject

    /// A cell wrapping this JSON object.
    public init(json: JSONObject) { self.json = json }

    /// A new cell of a type with `source`, empty metadata and, for code cells, no outputs.
    public init(type: String, source: String, id: String? = nil) {
        var object = JSONObject()
        object["cell_type"] = .string(type)
        if let id { object["id"] = .string(id) }
        object["metadata"] = .object(JSONObject())
        object["source"] = .string(source)
        if type == "code" {
            object["execution_count"] = .null
            object["outputs"] = .array([])
        }
        json = object
    }

    /// `cell_type` (`"code"`, `"markdown"`, `"raw"`, or an unknown type as written).
    public var cellType: String { json["cell_type"]?.stringValue ?? "" }

    /// The cell `id`, present from nbformat 4.5.
    public var id: String? {
        get { json["id"]?.stringValue }
        set { json["id"] = newValue.map { .string($0) } }
    }

    /// The source text (lines joined).
    public var source: String {
        get { Cell.joined(json["source"]) ?? "" }
        set { json["source"] = .string(newValue) }
    }

    /// Cell `metadata`.
    public var metadata: JSONObject {
        get { json["metadata"]?.objectValue ?? JSONObject() }
        set { json["metadata"] = .object(newValue) }
    }

    /// `metadata.tags`, the strings only.
    public var tags: [String] {
        metadata["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// The outputs of a code cell (empty for other cells).
    public var outputs: [Output] {
        get { (json["outputs"]?.arrayValue ?? []).map { Output(json: $0.objectValue ?? JSONObject()) } }
        set { json["outputs"] = .array(newValue.map { .object($0.json) }) }
    }

    /// `execution_count` of a code cell, `nil` when null or absent.
    public var executionCount: Int? {
        get { json["execution_count"]?.intValue }
        set { json["execution_count"] = newValue.map { .number(.int($0)) } ?? .null }
    }

    /// `attachments` of a markdown or raw cell: file name to mime bundle.
    public var attachments: JSONObject? { json["attachments"]?.objectValue }

    /// A multiline string field's text: a string as it is, or a list of strings joined.
    static func joined(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s): return s
        case .array(let parts):
            var out = ""
            for part in parts {
                guard case .string(let s) = part else { return nil }
                out += s
            }
            return out
        default: return nil
        }
    }
}

/// One output of a code cell, kept as JSON.
public struct Output: Sendable, Equatable {
    /// The output's JSON object.
    public var json: JSONObject

    /// An output wrapping this JSON object.
    public init(json: JSONObject) { self.json = json }

    /// `output_type` (`"stream"`, `"display_data"`, `"execute_result"`, `"error"`, or unknown).
    public var outputType: String { json["output_type"]?.stringValue ?? "" }

    /// A stream's `name` (`"stdout"` or `"stderr"`).
    public var name: String? { json["name"]?.stringValue }

    /// A stream's `text` (lines joined).
    public var text: String? { Cell.joined(json["text"]) }

    /// The mime bundle of a display_data or execute_result output.
    public var data: JSONObject { json["data"]?.objectValue ?? JSONObject() }

    /// The text of one mime type in `data` (lines joined), or `nil` when absent or not text.
    public func text(for mimeType: String) -> String? { Cell.joined(data[mimeType]) }

    /// An error's `ename`.
    public var errorName: String? { json["ename"]?.stringValue }
    /// An error's `evalue`.
    public var errorValue: String? { json["evalue"]?.stringValue }
    /// An error's `traceback` lines.
    public var traceback: [String] { json["traceback"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
