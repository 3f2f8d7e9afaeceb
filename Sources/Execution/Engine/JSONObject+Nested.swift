// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension JSONObject {
    /// Changes the object stored under `key` in place; a missing key or a non-object value
    /// starts as an empty object. The key keeps its position.
    mutating func withObject(_ key: String, _ body: (inout JSONObject) throws -> Void) rethrows {
        if self[key]?.objectValue == nil { self[key] = .object(JSONObject()) }
        try modify(key) { try $0.withObject(body) }
    }
}

extension Cell {
    /// Changes `metadata` in place.
    mutating func withMetadata(_ body: (inout JSONObject) throws -> Void) rethrows {
        try json.withObject("metadata", body)
    }

    /// Changes `metadata.<key>` (created if missing) in place.
    mutating func withMetadata(_ key: String, _ body: (inout JSONObject) throws -> Void) rethrows {
        try json.withObject("metadata") { metadata in try metadata.withObject(key, body) }
    }

    /// Changes the `outputs` list in place (created if missing).
    mutating func withOutputs(_ body: (inout [JSONValue]) throws -> Void) rethrows {
        if json["outputs"]?.arrayValue == nil { json["outputs"] = .array([]) }
        try json.modify("outputs") { try $0.withArray(body) }
    }
}
