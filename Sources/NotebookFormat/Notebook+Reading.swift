// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// Reads a notebook from UTF-8 JSON as `nbformat.read(as_version=NO_CONVERT)` does: multiline
    /// lists are joined and transient keys (`metadata.signature`, `orig_nbformat`, cell
    /// `metadata.trusted`) dropped. Throws when the text is not JSON or not an nbformat 4 notebook.
    public static func read(from bytes: some Collection<UInt8>) throws(NotebookFormatError) -> Notebook {
        try read(from: bytes, keepingCanonicalLists: false)
    }

    /// `read(from:)`, leaving canonical line lists as lists if asked (see `rejoinLines(keepingCanonicalLists:)`).
    static func read(
        from bytes: some Collection<UInt8>,
        keepingCanonicalLists keep: Bool
    ) throws(NotebookFormatError) -> Notebook {
        let document = try parseDocument(bytes)
        var notebook = try Notebook(checking: document)
        notebook.rejoinLines(keepingCanonicalLists: keep)
        notebook.stripTransient()
        return notebook
    }

    /// Reads a notebook file; errors name the file.
    public static func read(contentsOf path: String) throws(NotebookFormatError) -> Notebook {
        let bytes = try FileIO.readBytes(path)
        do throws(NotebookFormatError) { return try read(from: bytes) } catch { throw error.inFile(path) }
    }

    /// Parses JSON text, turning a syntax error into an `invalidJSON` error with line and column.
    public static func parseDocument(_ bytes: some Collection<UInt8>) throws(NotebookFormatError) -> JSONValue {
        do throws(JSONParseError) {
            return try JSONParser.parse(bytes)
        } catch {
            throw NotebookFormatError(.invalidJSON, "not valid JSON: \(error)")
        }
    }

    /// Wraps a parsed document after checking that it has the shape of an nbformat 4 notebook
    /// (`nbformat` 4, `metadata` and `cells` of the right JSON types, object cells).
    public init(checking document: JSONValue) throws(NotebookFormatError) {
        let object = try Notebook.checkVersion4(document)
        if let minor = object["nbformat_minor"], minor.intValue == nil {
            throw NotebookFormatError(.notANotebook, "not a notebook: 'nbformat_minor' is a \(minor.typeName), not an integer")
        }
        // nbformat reads a notebook without `nbformat_minor` as 4.0; `metadata` and `cells` it needs.
        let expected: [(String, String)] = [("metadata", "object"), ("cells", "array")]
        for (key, type) in expected {
            guard let value = object[key] else {
                throw NotebookFormatError(.notANotebook, "not a notebook: the required key '\(key)' is missing")
            }
            guard value.typeName == type else {
                throw NotebookFormatError(
                    .notANotebook, "not a notebook: '\(key)' is a \(value.typeName), not an \(type)")
            }
        }
        for (index, cell) in (object["cells"]?.arrayValue ?? []).enumerated() where cell.objectValue == nil {
            throw NotebookFormatError(.notANotebook, "not a notebook: cells[\(index)] is a \(cell.typeName), not an object")
        }
        self.init(json: object)
    }

    /// The document's top-level object, after checking that it is one and says `"nbformat": 4`.
    static func checkVersion4(_ document: JSONValue) throws(NotebookFormatError) -> JSONObject {
        guard case .object(let object) = document else {
            throw NotebookFormatError(
                .notANotebook, "not a notebook: the top level is a JSON \(document.typeName), not an object")
        }
        guard let major = object["nbformat"] else {
            throw NotebookFormatError(.notANotebook, "not a notebook: the required key 'nbformat' is missing")
        }
        guard case .number(.int(let version)) = major else {
            throw NotebookFormatError(.notANotebook, "not a notebook: 'nbformat' is a \(major.typeName), not an integer")
        }
        guard version == 4 else {
            throw NotebookFormatError(
                .unsupportedVersion,
                "nbformat \(version) notebooks are not supported: Quire reads nbformat 4 (4.0 to 4.5)")
        }
        return object
    }

    /// nbformat's `rejoin_lines`: lists of strings in multiline fields become single strings. With
    /// `keepingCanonicalLists`, a list that nbformat's `split_lines` would write back unchanged
    /// stays a list (see `PythonText.isCanonicalLineList`): reading and writing it then costs
    /// nothing, and the file written is the same.
    mutating func rejoinLines(keepingCanonicalLists keep: Bool = false) {
        modifyCells { cell in
            if case .array(let items) = cell.json["source"], !(keep && PythonText.isCanonicalLineList(items)),
                let text = Cell.joined(cell.json["source"])
            {
                cell.json["source"] = .string(text)
            }
            cell.json.modify("attachments") { attachments in
                attachments.withObject { all in
                    all.modifyValues { _, bundle in Notebook.rejoinBundle(&bundle, keepingCanonicalLists: keep) }
                }
            }
            guard cell.cellType == "code" else { return }
            cell.json.modify("outputs") { outputs in
                outputs.withArray { list in
                    for i in list.indices {
                        list[i].withObject { output in
                            let type = output["output_type"]?.stringValue ?? ""
                            if type == "execute_result" || type == "display_data" {
                                output.modify("data") { Notebook.rejoinBundle(&$0, keepingCanonicalLists: keep) }
                            } else if !type.isEmpty, case .array(let items) = output["text"],
                                !(keep && type == "stream" && PythonText.isCanonicalLineList(items)),
                                let text = Cell.joined(output["text"])
                            {
                                output["text"] = .string(text)
                            }
                        }
                    }
                }
            }
        }
    }

    /// nbformat's `strip_transient`: keys that must never be stored in files.
    mutating func stripTransient() {
        json.modify("metadata") { meta in
            meta.withObject { meta in
                meta.removeValue(forKey: "orig_nbformat")
                meta.removeValue(forKey: "orig_nbformat_minor")
                meta.removeValue(forKey: "signature")
            }
        }
        modifyCells { cell in
            cell.json.modify("metadata") { $0.withObject { $0.removeValue(forKey: "trusted") } }
        }
    }

    /// True for mime types whose values are JSON documents, never split or joined.
    public static func isJSONMimeType(_ mime: String) -> Bool {
        mime == "application/json" || (mime.hasPrefix("application/") && mime.hasSuffix("+json"))
    }

    /// True for the mime types whose text nbformat's writer splits into lines.
    static func isSplitMimeType(_ mime: String) -> Bool {
        mime.hasPrefix("text/") || mime == "application/javascript" || mime == "image/svg+xml"
    }

    /// Joins the multiline values of a mime bundle, as nbformat's reader does (JSON values stay
    /// as they are); with `keepingCanonicalLists`, see `rejoinLines(keepingCanonicalLists:)`.
    static func rejoinBundle(_ bundle: inout JSONValue, keepingCanonicalLists keep: Bool = false) {
        bundle.withObject { data in
            data.modifyValues { mime, value in
                guard case .array(let items) = value, !isJSONMimeType(mime) else { return }
                if keep, isSplitMimeType(mime), PythonText.isCanonicalLineList(items) { return }
                if let text = Cell.joined(value) { value = .string(text) }
            }
        }
    }

    /// Splits the text values of a mime bundle into lines, as nbformat's writer does.
    static func splitBundle(_ bundle: inout JSONValue) {
        bundle.withObject { data in
            data.modifyValues { mime, value in
                if case .string(let text) = value, isSplitMimeType(mime) {
                    value = .array(PythonText.splitLinesKeepingEnds(text).map { .string($0) })
                }
            }
        }
    }
}
