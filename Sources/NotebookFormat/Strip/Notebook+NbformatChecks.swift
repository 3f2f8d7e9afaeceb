// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// Throws where `nbformat.read` raises an exception (rather than only logging a validation
    /// error) for a document that `read(from:)` accepts: a cell without a `metadata` object, a
    /// multiline field with non-string lines, attachments or output `data` that are not objects,
    /// outputs that are not objects, or (from 4.5) a cell id that is a list or an object.
    public func checkReadableByNbformat() throws(NotebookFormatError) {
        let checksIDs = nbformatMinor >= 5
        for (index, value) in (json["cells"]?.arrayValue ?? []).enumerated() {
            guard case .object(let cell) = value else { continue }
            let place = CellPlace(index: index, cell: cell)
            if case .array(let lines) = cell["source"], !lines.allSatisfy(\.isStringValue) {
                throw place.error("'source' is a list with items that are not strings")
            }
            try Notebook.checkAttachments(cell, place)
            if cell["cell_type"]?.isString("code") == true, let outputs = cell["outputs"] {
                for output in try Notebook.iteratedOutputs(outputs, place) {
                    let type = output["output_type"]?.stringValue ?? ""
                    if type == "execute_result" || type == "display_data" {
                        if let data = output["data"], data.objectValue == nil {
                            throw place.error("an output's 'data' is a \(data.typeName), not an object")
                        }
                    } else if output["output_type"]?.isTruthy == true, case .array(let lines) = output["text"],
                        !lines.allSatisfy(\.isStringValue)
                    {
                        throw place.error("an output's 'text' is a list with items that are not strings")
                    }
                }
            }
            guard case .object = cell["metadata"] else { throw place.error("'metadata' is missing or not an object") }
            if checksIDs, let id = cell["id"], id.arrayValue != nil || id.objectValue != nil {
                throw place.error("'id' is a \(id.typeName), not a string")
            }
        }
    }

    /// Throws where `nbformat.write` raises an exception: a cell without `cell_type` or without a
    /// `metadata` object, a code cell without `outputs`, an output without `output_type`, an
    /// execute_result or display_data whose `data` is not an object, a stream without `text`.
    public func checkWritableByNbformat() throws(NotebookFormatError) {
        guard case .object = json["metadata"] else {
            throw NotebookFormatError(.invalidNotebook, "the notebook 'metadata' is missing or not an object")
        }
        for (index, value) in (json["cells"]?.arrayValue ?? []).enumerated() {
            guard case .object(let cell) = value else { continue }
            let place = CellPlace(index: index, cell: cell)
            try Notebook.checkAttachments(cell, place)
            guard let type = cell["cell_type"] else { throw place.error("'cell_type' is missing") }
            if type.isString("code") {
                guard let outputs = cell["outputs"] else { throw place.error("a code cell needs 'outputs'") }
                for output in try Notebook.iteratedOutputs(outputs, place) {
                    guard let outputType = output["output_type"] else { throw place.error("an output has no 'output_type'") }
                    if outputType.isString("execute_result") || outputType.isString("display_data") {
                        if let data = output["data"], data.objectValue == nil {
                            throw place.error("an output's 'data' is a \(data.typeName), not an object")
                        }
                    } else if outputType.isString("stream"), output["text"] == nil {
                        throw place.error("a stream output has no 'text'")
                    }
                }
            }
            guard case .object = cell["metadata"] else { throw place.error("'metadata' is missing or not an object") }
        }
    }

    /// Attachments must be an object of mime-bundle objects.
    private static func checkAttachments(_ cell: JSONObject, _ place: CellPlace) throws(NotebookFormatError) {
        guard let attachments = cell["attachments"] else { return }
        guard case .object(let bundles) = attachments else {
            throw place.error("'attachments' is a \(attachments.typeName), not an object")
        }
        for entry in bundles.entries where entry.value.objectValue == nil {
            throw place.error("attachment '\(entry.key)' is a \(entry.value.typeName), not an object")
        }
    }

    /// The outputs Python iterates over: the objects of a list. An empty string or object iterates
    /// nothing; anything else fails in Python (iterating characters, keys or a number).
    private static func iteratedOutputs(_ outputs: JSONValue, _ place: CellPlace) throws(NotebookFormatError) -> [JSONObject] {
        switch outputs {
        case .array(let items):
            return try items.map { item throws(NotebookFormatError) in
                guard case .object(let output) = item else { throw place.error("an output is a \(item.typeName), not an object") }
                return output
            }
        case .string(let s) where s.isEmpty: return []
        case .object(let o) where o.isEmpty: return []
        default: throw place.error("'outputs' is a \(outputs.typeName), not a list")
        }
    }
}
