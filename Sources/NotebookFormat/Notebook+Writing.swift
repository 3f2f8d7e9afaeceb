// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// The file bytes `nbformat.write` produces for this notebook: multiline fields split into line
    /// lists, transient keys dropped, missing or repeated cell ids repaired (4.5 and later), keys
    /// sorted by code point, indent 1, non-ASCII kept, and a trailing newline.
    /// (A notebook the caller no longer uses is changed in place rather than copied.)
    public consuming func fileBytes() -> [UInt8] {
        fileBytes(repairingIDs: true, removingTransientKeys: true)
    }

    /// `fileBytes()` of a notebook read with `readForStripping(from:)` and then stripped with
    /// `options`, without repeating what reading did: the transient keys are gone already, and the
    /// cell ids repaired then are still whole (renumbered or kept) unless the extra keys removed some.
    public consuming func strippedFileBytes(_ options: StripOptions) -> [UInt8] {
        fileBytes(repairingIDs: options.extraKeyPaths.cell.contains { $0.keys[0] == "id" }, removingTransientKeys: false)
    }

    private consuming func fileBytes(repairingIDs: Bool, removingTransientKeys: Bool) -> [UInt8] {
        var notebook = consume self
        if repairingIDs { notebook.repairCellIDs() }
        notebook.splitLines()
        if removingTransientKeys { notebook.stripTransient() }
        var bytes = PythonJSONWriter().bytes(.object(notebook.json))
        bytes.append(0x0A)
        return bytes
    }

    /// Writes the notebook to `path` atomically (temporary file, fsync, rename).
    public func write(toFile path: String) throws(NotebookFormatError) {
        try FileIO.writeAtomically(fileBytes(), to: path)
    }

    /// What nbformat's validator does to a 4.5+ notebook before checking it: a cell without an `id`
    /// gets a new one, and a repeated id is replaced. Returns how many ids changed.
    @discardableResult
    public mutating func repairCellIDs() -> Int {
        guard nbformat > 4 || (nbformat == 4 && nbformatMinor >= 5) else { return 0 }
        var changes = 0
        var seen = SeenStrings()
        modifyCells { cell in
            let id: String
            switch cell.json["id"] {
            case .string(let present)? where !seen.contains(present): id = present
            case .string?, nil:
                id = Notebook.newCellID()
                cell.id = id
                changes += 1
            case _?: return  // not a string: left for the validator to report
            }
            seen.insert(id)
        }
        return changes
    }

    /// A new random cell id as nbformat makes them: 8 lowercase hexadecimal digits.
    public static func newCellID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt32
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Upgrades a 4.0 to 4.4 notebook to 4.5 as `nbformat.v4.upgrade` does: every cell gets a new
    /// random id and `nbformat_minor` becomes 5. A 4.5 notebook is left as it is.
    public mutating func upgradeToCurrentMinor() {
        guard nbformatMinor < Notebook.currentMinor else { return }
        modifyCells { $0.id = Notebook.newCellID() }
        nbformatMinor = Notebook.currentMinor
    }

    /// nbformat's `split_lines`: multiline strings become lists of lines with their line ends.
    mutating func splitLines() {
        modifyCells { cell in
            if case .string(let text) = cell.json["source"] {
                cell.json["source"] = .array(PythonText.splitLinesKeepingEnds(text).map { .string($0) })
            }
            cell.json.modify("attachments") { attachments in
                attachments.withObject { all in
                    all.modifyValues { _, bundle in Notebook.splitBundle(&bundle) }
                }
            }
            guard cell.cellType == "code" else { return }
            cell.json.modify("outputs") { outputs in
                outputs.withArray { list in
                    for i in list.indices {
                        list[i].withObject { output in
                            let type = output["output_type"]?.stringValue ?? ""
                            if type == "execute_result" || type == "display_data" {
                                output.modify("data") { Notebook.splitBundle(&$0) }
                            } else if type == "stream", case .string(let text) = output["text"] {
                                output["text"] = .array(PythonText.splitLinesKeepingEnds(text).map { .string($0) })
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Strings seen so far, compared byte for byte as Python compares `str` (a `Set<String>` would
/// take canonically equivalent strings for one). A few are compared one by one; past that, hashed.
private struct SeenStrings {
    private var few: [String] = []
    private var many: Set<[UInt8]> = []

    func contains(_ s: String) -> Bool {
        let count = s.utf8.count
        if few.contains(where: { $0.utf8.count == count && JSONObject.sameBytes($0, s) }) { return true }
        return !many.isEmpty && many.contains(Array(s.utf8))
    }

    mutating func insert(_ s: String) {
        if few.count < 16 { few.append(s) } else { many.insert(Array(s.utf8)) }
    }
}
