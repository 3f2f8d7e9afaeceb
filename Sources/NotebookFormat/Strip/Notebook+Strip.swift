// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// Reads a notebook as nbstripout 0.9.1 does before stripping: like `read(from:)`, but a leading
    /// UTF-8 byte-order mark is an error (Python's `json.loads` rejects it), so is what makes
    /// `nbformat.read` raise (`checkReadableByNbformat()`), and for nbformat 4.5 a cell without an
    /// id, or with a repeated one, gets a new id (nbformat's validation on read).
    public static func readForStripping(from bytes: [UInt8]) throws(NotebookFormatError) -> Notebook {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw NotebookFormatError(
                .invalidJSON, "not valid JSON: the text starts with a UTF-8 byte-order mark, which nbformat rejects")
        }
        var notebook = try read(from: bytes)
        try notebook.checkReadableByNbformat()
        notebook.repairCellIDs()
        return notebook
    }

    /// Strips the notebook as nbstripout 0.9.1's `strip_output` does and returns whether anything
    /// changed (nbstripout rewrites a file only then). With default options: every output and
    /// execution count goes, cell ids become `"0"`, `"1"`, ... by position, and the default extra
    /// keys are removed; cells marked `keep_output` or `init_cell` keep their outputs.
    ///
    /// Throws when the metadata contradicts itself (`keep_output: false` with a `keep_output` tag),
    /// when a field nbstripout inspects has the wrong JSON type, or for an invalid output-type
    /// pattern. On error the notebook may be left partly stripped; nothing is ever written here.
    @discardableResult
    public mutating func strip(_ options: StripOptions) throws(NotebookFormatError) -> Bool {
        var stripper = NotebookStripper(options)
        try stripper.strip(&json)
        return stripper.changed
    }

    /// A stripped copy of the notebook (see `strip(_:)`).
    public func stripped(_ options: StripOptions) throws(NotebookFormatError) -> Notebook {
        var copy = self
        try copy.strip(options)
        return copy
    }
}

/// A key for nbstripout's `pop_recursive`, split once: `a.b.c` is tried as it is, then as `a` and
/// the rest (`b.c`), and so on.
struct DottedPath {
    /// The whole key, tried first.
    let key: String
    /// The part before the first `.` and the path after it, if the key has a `.`.
    let split: (head: String, tail: Box)?

    /// The rest of a path (a class, so that the type can refer to itself).
    final class Box {
        let path: DottedPath
        init(_ path: DottedPath) { self.path = path }
    }

    init(_ key: String) {
        self.key = key
        let bytes = Array(key.utf8)
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            let tail = DottedPath(String(decoding: bytes[(dot + 1)...], as: UTF8.self))
            split = (String(decoding: bytes[..<dot], as: UTF8.self), Box(tail))
        } else {
            split = nil
        }
    }
}

extension JSONObject {
    /// nbstripout's `pop_recursive`: removes `path.key` if present as it is; otherwise, for
    /// `a.b.c`, looks for `a` and removes `b.c` from it when it is an object. True if a key went.
    mutating func removeValue(at path: DottedPath) -> Bool {
        if removeValue(forKey: path.key) != nil { return true }
        guard let (head, tail) = path.split else { return false }
        var removed = false
        modify(head) { value in
            guard case .object(var inner) = value else { return }
            value = .null  // release the object so `inner` is changed without a copy
            removed = inner.removeValue(at: tail.path)
            value = .object(inner)
        }
        return removed
    }

    /// Moves the value of `key` out, leaving `null` in its place, so that it can be changed
    /// without copying and put back with the subscript (the key keeps its position).
    mutating func take(_ key: String) -> JSONValue? {
        var taken: JSONValue?
        modify(key) { value in
            taken = value
            value = .null
        }
        return taken
    }
}
