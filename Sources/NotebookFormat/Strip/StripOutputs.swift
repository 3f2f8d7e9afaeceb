// SPDX-License-Identifier: Apache-2.0

/// A `--keep-output-type` / `--drop-output-type` pattern: `type` or `type:name` (nbstripout's
/// `match_output_type`). A pattern with more than one `:` is kept as written and reported as an
/// error when it is first used, where nbstripout fails too.
struct OutputTypePattern {
    let text: String
    let type: String
    let name: String?
    let isValid: Bool

    init(_ text: String) {
        self.text = text
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        type = parts[0]
        name = parts.count == 2 ? parts[1] : nil
        isValid = parts.count <= 2
    }
}

/// Where a cell sits in the file, for error messages: its index and id.
struct CellPlace {
    let index: Int
    let id: String?

    init(index: Int, cell: JSONObject?) {
        self.index = index
        id = cell?["id"]?.stringValue
    }

    /// An error about this cell: "cell 3 (id 'abc'): ...".
    func error(_ message: String, code: NotebookFormatError.Code = .invalidNotebook) -> NotebookFormatError {
        let name = id.map { "cell \(index) (id '\($0)')" } ?? "cell \(index)"
        return NotebookFormatError(code, "\(name): \(message)")
    }
}

extension NotebookStripper {
    /// True when the output matches one of the patterns: its `output_type` equals the type and,
    /// for `type:name`, its `name` equals the name.
    func matches(_ output: JSONValue, _ patterns: [OutputTypePattern], _ place: CellPlace) throws(NotebookFormatError) -> Bool {
        for pattern in patterns {
            guard pattern.isValid else {
                throw NotebookFormatError(.invalidOption, "invalid output type '\(pattern.text)': expected TYPE or TYPE:NAME")
            }
            guard case .object(let object) = output else {
                throw place.error("an output is a \(output.typeName), not an object")
            }
            guard object["output_type"]?.isString(pattern.type) == true else { continue }
            if let name = pattern.name, object["name"]?.isString(name) != true { continue }
            return true
        }
        return false
    }

    /// Sets an output's `execution_count` to null if it has one (nbstripout does this for every
    /// output it keeps unless `--keep-count`).
    mutating func clearCount(_ output: inout JSONValue, _ place: CellPlace) throws(NotebookFormatError) {
        guard case .object(var object) = output else {
            // Python tests `'execution_count' in output` before assigning, which fails on these.
            if output.pythonContains("execution_count") != false {
                throw place.error("an output is a \(output.typeName), not an object")
            }
            return
        }
        guard let count = object["execution_count"], !count.isNull else { return }
        output = .null
        object["execution_count"] = .null
        output = .object(object)
        changed = true
    }
}
