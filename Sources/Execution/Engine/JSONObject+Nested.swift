// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension JSONObject {
    /// Changes the object stored under `key` in place; a missing key or a non-object value
    /// starts as an empty object. The key keeps its position.
    mutating func withObject<Result>(_ key: String, _ body: (inout JSONObject) throws -> Result) rethrows -> Result {
        var inner = self[key]?.objectValue ?? JSONObject()
        if self[key] != nil { self[key] = .null }  // drop the second reference before mutating
        defer { self[key] = .object(inner) }
        return try body(&inner)
    }
}

extension Cell {
    /// Changes `metadata` in place.
    mutating func withMetadata<Result>(_ body: (inout JSONObject) throws -> Result) rethrows -> Result {
        try json.withObject("metadata", body)
    }

    /// Changes `metadata.<key>` (created if missing) in place.
    mutating func withMetadata<Result>(_ key: String, _ body: (inout JSONObject) throws -> Result) rethrows -> Result {
        try json.withObject("metadata") { metadata in try metadata.withObject(key, body) }
    }

    /// Changes the `outputs` list in place (created if missing).
    mutating func withOutputs<Result>(_ body: (inout [JSONValue]) throws -> Result) rethrows -> Result {
        var outputs = json["outputs"]?.arrayValue ?? []
        json["outputs"] = .null
        defer { json["outputs"] = .array(outputs) }
        return try body(&outputs)
    }
}
