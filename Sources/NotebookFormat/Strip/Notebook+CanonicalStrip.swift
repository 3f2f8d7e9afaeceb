// SPDX-License-Identifier: Apache-2.0

extension Notebook {
    /// What `readForStripping(from:)`, `strip(options)` and `strippedFileBytes(options)` give for
    /// `bytes`, with whether stripping changed the notebook, found by editing the text instead of
    /// parsing and rewriting it, for a file whose form proves the two the same: exactly the bytes
    /// `nbformat.write` gives (every file nbformat, Jupyter or nbstripout wrote), an nbformat 4
    /// notebook whose cells are code, markdown or raw cells without attachments, with line lists
    /// as nbformat splits them, no output-keeping metadata (`keep_output`, `init_cell`) and, from
    /// 4.5, an id in every cell. `nil` for any other file: stripping it takes the general path,
    /// which reports whatever is wrong with it. `rules` are the options (see `CanonicalStripRules`).
    public static func strippedCanonicalBytes(
        _ bytes: [UInt8],
        _ rules: CanonicalStripRules
    ) -> (bytes: [UInt8], changed: Bool)? {
        bytes.withUnsafeBufferPointer { buffer in
            guard JSONBytes.firstInvalidUTF8(buffer) == nil else { return nil }
            var strip = CanonicalStrip(scanner: CanonicalJSONScanner(buffer), rules: rules)
            guard strip.notebook() else { return nil }
            return (strip.scanner.editedCopy(), strip.changed)
        }
    }
}

/// nbstripout's default `strip_output` over canonical text (see `Notebook.strippedCanonicalBytes`):
/// outputs become `[]`, execution counts `null` and cell ids their position (unless kept), and the
/// extra keys and the transient keys go. Each method reads one part of the notebook and answers false
/// where the text leaves the form it handles.
struct CanonicalStrip {
    var scanner: CanonicalJSONScanner
    let rules: CanonicalStripRules
    /// Whether stripping changed the notebook (removing transient keys does not count, as in
    /// nbstripout, which compares notebooks read without them).
    var changed = false
    /// Whether some cell has no id (nbformat 4.5 gives it one on reading: the general path's case).
    private var cellWithoutID = false
    /// With `--keep-id`: whether two cells have the same id (nbformat 4.5 gives one a new id).
    private var repeatedID = false
    /// With `--keep-id`: the ids seen so far.
    private var ids: Set<[UInt8]> = []

    /// A strip with `rules` of the text `scanner` stands at the start of.
    init(scanner: CanonicalJSONScanner, rules: CanonicalStripRules) {
        self.scanner = scanner
        self.rules = rules
    }

    /// The whole file: `cells`, `metadata`, `nbformat` 4 and `nbformat_minor` 0 to 5, then a newline.
    mutating func notebook() -> Bool {
        guard var walk = scanner.beginObject(depth: 0) else { return false }
        guard let cellsKey = scanner.next(&walk), scanner.spells(cellsKey, "cells"), cells() else { return false }
        scanner.keep(&walk)
        guard let metadataKey = scanner.next(&walk), scanner.spells(metadataKey, "metadata"), notebookMetadata() else {
            return false
        }
        scanner.keep(&walk)
        guard let majorKey = scanner.next(&walk), scanner.spells(majorKey, "nbformat"), scanner.take(UInt8(ascii: "4"))
        else { return false }
        scanner.keep(&walk)
        guard let minorKey = scanner.next(&walk), scanner.spells(minorKey, "nbformat_minor"),
            scanner.i < scanner.bytes.count, (0x30...0x35).contains(scanner.bytes[scanner.i])
        else { return false }
        let minor = scanner.bytes[scanner.i] - 0x30
        scanner.i += 1
        scanner.keep(&walk)
        guard scanner.next(&walk) == nil, walk.ended, scanner.take(0x0A), scanner.i == scanner.bytes.count else {
            return false
        }
        return !(minor == 5 && (cellWithoutID || repeatedID))
    }

    /// The notebook metadata: the extra keys go (`signature` and `widgets` by default), and so do
    /// the transient keys `signature`, `orig_nbformat` and `orig_nbformat_minor` (not a change:
    /// nbformat drops them on reading). A notebook-wide `keep_output` is the general path's case.
    private mutating func notebookMetadata() -> Bool {
        guard var walk = scanner.beginObject(depth: 1) else { return false }
        while let key = scanner.next(&walk) {
            guard !scanner.spells(key, "keep_output"), scanner.skipValue(depth: 2) else { return false }
            let transient =
                scanner.spells(key, "signature") || scanner.spells(key, "orig_nbformat")
                || scanner.spells(key, "orig_nbformat_minor")
            settle(&walk, key, transient: transient, extraKeys: rules.notebookKeys)
        }
        return walk.ended
    }

    /// Removes the metadata member just read when its key is transient (not a change: nbformat
    /// drops it on reading) or one of `extraKeys` (a change), and keeps it otherwise.
    private mutating func settle(
        _ walk: inout CanonicalJSONScanner.ObjectWalk,
        _ key: Range<Int>,
        transient: Bool,
        extraKeys: [[UInt8]]
    ) {
        if transient {
            scanner.drop(&walk)
        } else if extraKeys.contains(where: { scanner.spells(key, $0) }) {
            scanner.drop(&walk)
            changed = true
        } else {
            scanner.keep(&walk)
        }
    }

    /// The list of cells.
    private mutating func cells() -> Bool {
        guard var walk = scanner.beginArray(depth: 1) else { return false }
        while scanner.next(&walk) {
            guard cell(position: walk.count - 1) else { return false }
        }
        return walk.ended
    }

    /// One cell. Its keys sort as `cell_type`, `execution_count`, `id`, `metadata`, `outputs`,
    /// `source`, so the type is known before the fields that depend on it.
    private mutating func cell(position: Int) -> Bool {
        guard var walk = scanner.beginObject(depth: 2) else { return false }
        var isCode: Bool?
        var hasID = false
        var hasMetadata = false
        var hasOutputs = false
        while let key = scanner.next(&walk) {
            let start = scanner.i
            if scanner.spells(key, "cell_type") {
                guard let type = scanner.string() else { return false }
                isCode = scanner.spells(type, "code")
                guard isCode == true || scanner.spells(type, "markdown") || scanner.spells(type, "raw") else {
                    return false
                }
            } else if scanner.spells(key, "execution_count") {
                guard isCode == true else { return false }
                if rules.keepCount {
                    guard scanner.skipValue(depth: 3) else { return false }
                } else if !scanner.take(word: "null") {
                    guard scanner.skipValue(depth: 3) else { return false }
                    scanner.replace(start..<scanner.i, with: "null".utf8)
                    changed = true
                }
            } else if scanner.spells(key, "id") {
                guard let id = scanner.string() else { return false }
                hasID = true
                if rules.keepID {
                    if !ids.insert(Array(UnsafeBufferPointer(rebasing: scanner.bytes[id]))).inserted {
                        repeatedID = true
                    }
                    scanner.keep(&walk)
                    continue
                }
                let renumbered = String(position)
                if !UnsafeBufferPointer(rebasing: scanner.bytes[id]).elementsEqual(renumbered.utf8) {
                    scanner.replace(start..<scanner.i, with: "\"\(renumbered)\"".utf8)
                    changed = true
                }
            } else if scanner.spells(key, "metadata") {
                guard cellMetadata() else { return false }
                hasMetadata = true
            } else if scanner.spells(key, "outputs") {
                guard isCode == true, outputs() else { return false }
                hasOutputs = true
            } else if scanner.spells(key, "source") {
                guard sourceLines() else { return false }
            } else {
                return false  // attachments, prompt_number, or a key nbformat does not know
            }
            scanner.keep(&walk)
        }
        guard walk.ended, let isCode, hasMetadata, hasOutputs || !isCode else { return false }
        if !hasID { cellWithoutID = true }
        return true
    }

    /// A cell's metadata: the extra keys (by default `collapsed`, `ExecuteTime`, `execution`,
    /// `heading_collapsed`, `hidden`, `scrolled`) and the transient `trusted` go. Metadata that
    /// keeps outputs (`keep_output`, `init_cell`, a `keep_output` tag) is the general path's case.
    private mutating func cellMetadata() -> Bool {
        guard var walk = scanner.beginObject(depth: 3) else { return false }
        while let key = scanner.next(&walk) {
            guard !scanner.spells(key, "keep_output"), !scanner.spells(key, "init_cell") else { return false }
            let read = scanner.spells(key, "tags") ? tagsWithoutKeepOutput() : scanner.skipValue(depth: 4)
            guard read else { return false }
            settle(&walk, key, transient: scanner.spells(key, "trusted"), extraKeys: rules.cellMetadataKeys)
        }
        return walk.ended
    }

    /// A list of tags, all strings, none of them `keep_output`.
    private mutating func tagsWithoutKeepOutput() -> Bool {
        guard var walk = scanner.beginArray(depth: 4) else { return false }
        while scanner.next(&walk) {
            guard let tag = scanner.string(), !scanner.spells(tag, "keep_output") else { return false }
        }
        return walk.ended
    }

    /// A code cell's outputs, replaced by `[]`. Each must be an object with a non-empty
    /// `output_type` (so that no `--max-size` of 0 keeps it), a `data` object if it has data, and
    /// only strings in a `text` list (what `nbformat.read` requires of outputs).
    private mutating func outputs() -> Bool {
        let start = scanner.i
        guard var list = scanner.beginArray(depth: 3) else { return false }
        while scanner.next(&list) {
            guard var walk = scanner.beginObject(depth: 4) else { return false }
            var hasType = false
            while let key = scanner.next(&walk) {
                let read: Bool
                if scanner.spells(key, "output_type") {
                    hasType = !(scanner.string()?.isEmpty ?? true)
                    read = hasType
                } else if scanner.spells(key, "data") {
                    read = scanner.peek(UInt8(ascii: "{")) && scanner.skipValue(depth: 5)
                } else if scanner.spells(key, "text"), scanner.peek(UInt8(ascii: "[")) {
                    read = stringList(depth: 5)
                } else {
                    read = scanner.skipValue(depth: 5)
                }
                guard read else { return false }
                scanner.keep(&walk)
            }
            guard walk.ended, hasType else { return false }
        }
        guard list.ended else { return false }
        if list.count > 0 {
            scanner.replace(start..<scanner.i, with: "[]".utf8)
            changed = true
        }
        return true
    }

    /// A list of strings.
    private mutating func stringList(depth: Int) -> Bool {
        guard var walk = scanner.beginArray(depth: depth) else { return false }
        while scanner.next(&walk) {
            guard scanner.string() != nil else { return false }
        }
        return walk.ended
    }

    /// A cell's source as a line list that nbformat writes back unchanged
    /// (`PythonText.isCanonicalLineList`): no empty line, a line break ending every line but
    /// perhaps the last and nowhere else, no `\r` ending a line before a `\n` starting the next.
    private mutating func sourceLines() -> Bool {
        guard var walk = scanner.beginArray(depth: 3) else { return false }
        var previous: LineShape?
        while scanner.next(&walk) {
            if let previous, !previous.endsWithBreak { return false }
            guard let content = scanner.string(), let shape = LineShape(scanner.bytes, content) else { return false }
            if previous?.endsWithCR == true, shape.startsWithLF { return false }
            previous = shape
        }
        return walk.ended
    }
}
