// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// Reads a notebook as nbstripout 0.9.1 does before stripping: like `read(from:)`, but a leading
    /// UTF-8 byte-order mark is an error (Python's `json.loads` rejects it), so is what makes
    /// `nbformat.read` raise (`checkReadableByNbformat()`), and for nbformat 4.5 a cell without an
    /// id, or with a repeated one, gets a new id (nbformat's validation on read). Multiline fields
    /// whose line lists nbformat would write back unchanged stay lists rather than being joined
    /// (stripping reads them only where either form does, and `fileBytes()` writes the same).
    public static func readForStripping(from bytes: [UInt8]) throws(NotebookFormatError) -> Notebook {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw NotebookFormatError(
                .invalidJSON, "not valid JSON: the text starts with a UTF-8 byte-order mark, which nbformat rejects")
        }
        var notebook = try read(from: bytes, keepingCanonicalLists: true)
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

/// The extra keys split into paths once per set of options: those removed from the notebook
/// metadata (`metadata.` taken off) and those removed from every cell (`cell.` taken off).
struct ExtraKeyPaths: Sendable, Equatable {
    let notebook: [DottedPath]
    let cell: [DottedPath]

    init(_ keys: [String]) {
        var notebook: [DottedPath] = []
        var cell: [DottedPath] = []
        for key in keys {
            guard let (namespace, path) = StripOptions.splitExtraKey(key) else { continue }
            if namespace == "metadata" { notebook.append(DottedPath(path)) } else { cell.append(DottedPath(path)) }
        }
        self.notebook = notebook
        self.cell = cell
    }
}

/// A key for nbstripout's `pop_recursive`, split once: `a.b.c` is tried as it is, then as `a` and
/// the rest (`b.c`), and so on.
struct DottedPath: Sendable, Equatable {
    /// The key and the rest after each `.`: `a.b.c`, `b.c`, `c`.
    let keys: [String]
    /// The part before each `.`: `a`, `b`.
    let heads: [String]

    init(_ key: String) {
        var keys = [key]
        var heads: [String] = []
        var rest = Substring(key)
        while let dot = rest.utf8.firstIndex(of: UInt8(ascii: ".")) {
            heads.append(String(rest[..<dot]))
            rest = rest[rest.utf8.index(after: dot)...]
            keys.append(String(rest))
        }
        self.keys = keys
        self.heads = heads
    }
}

extension JSONObject {
    /// nbstripout's `pop_recursive`: removes `path.key` if present as it is; otherwise, for
    /// `a.b.c`, looks for `a` and removes `b.c` from it when it is an object. True if a key went.
    mutating func removeValue(at path: DottedPath, level: Int = 0) -> Bool {
        if removeValue(forKey: path.keys[level]) != nil { return true }
        guard level < path.heads.count else { return false }
        var removed = false
        modify(path.heads[level]) { value in
            value.withObject { inner in removed = inner.removeValue(at: path, level: level + 1) }
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
