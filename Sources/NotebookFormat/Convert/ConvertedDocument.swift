// SPDX-License-Identifier: Apache-2.0

/// What converting one notebook produced: the document's text, the extension its file gets, and
/// the support files (extracted images and attachments) at paths relative to the output folder.
public struct ConvertedDocument: Sendable {
    /// The converted document.
    public var text: String
    /// The output file's extension with its dot (`.py`, `.md`, `.html`).
    public var fileExtension: String
    /// Support files in the order nbconvert collects them, each path relative to the output
    /// folder (`NAME_files/NAME_3_0.png`); a later file with the same path replaces the earlier.
    public var resources: [(path: String, bytes: [UInt8])]

    /// A document with no support files.
    public init(text: String, fileExtension: String, resources: [(path: String, bytes: [UInt8])] = []) {
        self.text = text
        self.fileExtension = fileExtension
        self.resources = resources
    }

    /// Adds or replaces a support file.
    mutating func addResource(_ path: String, _ bytes: [UInt8]) {
        if let i = resources.firstIndex(where: { $0.path == path }) {
            resources[i].bytes = bytes
        } else {
            resources.append((path, bytes))
        }
    }
}

/// Rendering JSON values the way Jinja2 prints Python objects (`str()`), and Jinja truthiness.
enum TemplateValue {
    /// `str(value)` of the Python object `json.loads` would make.
    static func str(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    /// `repr(value)` of the Python object `json.loads` would make.
    static func repr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .number(let n): return PythonNumberFormat.repr(n)
        case .string(let s): return PythonString.repr(s)
        case .array(let items): return "[" + items.map(repr).joined(separator: ", ") + "]"
        case .object(let object):
            return "{" + object.entries.map { PythonString.repr($0.key) + ": " + repr($0.value) }.joined(separator: ", ")
                + "}"
        }
    }

    /// True when a cell's `metadata.transient.remove_source` is set (nbconvert then drops it).
    static func removesSource(_ cell: Cell) -> Bool {
        cell.metadata["transient"]?.objectValue?["remove_source"]?.isTruthy ?? false
    }

    /// A raw cell's text when its `metadata.raw_mimetype` (lowercased; none counts as "") is one
    /// the target format includes, else "".
    static func rawCell(_ cell: Cell, accepting mimeTypes: [String]) -> String {
        let mime: String
        switch cell.metadata["raw_mimetype"] {
        case nil: mime = ""
        case .string(let s)?: mime = s.lowercased()
        default: return ""
        }
        return mimeTypes.contains(mime) ? cell.source : ""
    }
}
