// SPDX-License-Identifier: Apache-2.0

/// nbstripout 0.9.1's `strip_output`, step for step, over a notebook's JSON. It records whether
/// anything changed as it goes (nbstripout compares the notebook with a deep copy afterwards; the
/// two agree because every step either changes a value or leaves it equal).
struct NotebookStripper {
    let options: StripOptions
    /// Paths removed from the notebook metadata (`metadata.` taken off).
    var notebookKeys: [DottedPath] { options.extraKeyPaths.notebook }
    /// Paths removed from every cell (`cell.` taken off).
    var cellKeys: [DottedPath] { options.extraKeyPaths.cell }
    let keepTypes: [OutputTypePattern]
    let dropTypes: [OutputTypePattern]
    /// Whether the notebook changed so far.
    var changed = false

    init(_ options: StripOptions) {
        self.options = options
        keepTypes = options.keepOutputTypes.map(OutputTypePattern.init)
        dropTypes = options.dropOutputTypes.map(OutputTypePattern.init)
    }

    mutating func strip(_ notebook: inout JSONObject) throws(NotebookFormatError) {
        // The notebook-level `keep_output` is read before the extra keys are removed.
        let keepOutput = options.keepOutput ?? notebook["metadata"]?.objectValue?["keep_output"]?.isTruthy ?? false
        if case .object(var metadata)? = notebook.take("metadata") {
            for key in notebookKeys where metadata.removeValue(at: key) { changed = true }
            notebook["metadata"] = .object(metadata)
        }
        guard case .array(let all)? = notebook.take("cells") else { return }
        var cells = try filtered(all)
        for position in cells.indices {
            guard case .object(var cell) = cells[position].value else { continue }
            cells[position].value = .null
            let place = CellPlace(index: cells[position].index, cell: cell)
            try stripCell(&cell, position: position, keepOutput: keepOutput, where: place)
            cells[position].value = .object(cell)
        }
        notebook["cells"] = .array(cells.map(\.value))
    }

    // MARK: - Dropping cells

    /// The cells that survive `--drop-empty-cells` and `--drop-tagged-cells`, with their original
    /// positions (for error messages).
    private mutating func filtered(_ all: [JSONValue]) throws(NotebookFormatError) -> [(index: Int, value: JSONValue)] {
        var cells = all.enumerated().map { (index: $0.offset, value: $0.element) }
        if options.dropEmptyCells {
            var kept: [(index: Int, value: JSONValue)] = []
            for cell in cells where try hasSource(cell.value, CellPlace(index: cell.index, cell: cell.value.objectValue)) {
                kept.append(cell)
            }
            cells = kept
        }
        // nbstripout's filters all test the last tag of the list (its lambdas bind the loop variable late).
        if let tag = options.dropTaggedCells.last {
            var kept: [(index: Int, value: JSONValue)] = []
            for cell in cells where try !isTagged(cell.value, tag, CellPlace(index: cell.index, cell: cell.value.objectValue)) {
                kept.append(cell)
            }
            cells = kept
        }
        if cells.count != all.count { changed = true }
        return cells
    }

    /// `any(line.strip() for line in cell.get('source', []))`.
    private func hasSource(_ cell: JSONValue, _ place: CellPlace) throws(NotebookFormatError) -> Bool {
        switch cell.objectValue?["source"] ?? .array([]) {
        case .string(let text):
            return PythonString.hasNonSpace(text)
        case .array(let lines):
            for line in lines {
                guard case .string(let text) = line else { throw place.error("'source' holds a \(line.typeName), not strings") }
                if PythonString.hasNonSpace(text) { return true }
            }
            return false
        case .object(let object):
            return object.keys.contains(where: PythonString.hasNonSpace)
        case let other:
            throw place.error("'source' is a \(other.typeName), not a string")
        }
    }

    /// `tag in cell.get('metadata', {}).get('tags', [])`.
    private func isTagged(_ cell: JSONValue, _ tag: String, _ place: CellPlace) throws(NotebookFormatError) -> Bool {
        let metadata = cell.objectValue?["metadata"] ?? .object(JSONObject())
        guard case .object(let object) = metadata else { throw place.error("'metadata' is a \(metadata.typeName), not an object") }
        let tags = object["tags"] ?? .array([])
        guard let found = tags.pythonContains(tag) else { throw place.error("'metadata.tags' is a \(tags.typeName), not a list") }
        return found
    }

    // MARK: - Stripping one cell

    private mutating func stripCell(
        _ cell: inout JSONObject, position: Int, keepOutput: Bool, where place: CellPlace
    ) throws(NotebookFormatError) {
        let keep = try keepsOutput(cell, fallback: keepOutput, place)
        let touchesOutputs = !keep || !keepTypes.isEmpty || !options.keepCount || !dropTypes.isEmpty
        if cell.contains("outputs"), touchesOutputs {
            if let value = cell["outputs"], value.arrayValue == nil { throw place.error("'outputs' is a \(value.typeName), not a list") }
            guard case .array(var outputs)? = cell.take("outputs") else { return }
            if !keep || !keepTypes.isEmpty {
                var kept: [JSONValue] = []
                for output in outputs {
                    if output.sizeIsAtMost(options.maxSize) {
                        kept.append(output)
                    } else if try matches(output, keepTypes, place) {
                        kept.append(output)
                    }
                }
                if kept.count != outputs.count { changed = true }
                outputs = kept
            }
            if !options.keepCount {
                for i in outputs.indices { try clearCount(&outputs[i], place) }
            }
            if !dropTypes.isEmpty {
                var kept: [JSONValue] = []
                for output in outputs where try !matches(output, dropTypes, place) { kept.append(output) }
                if kept.count != outputs.count { changed = true }
                outputs = kept
            }
            cell["outputs"] = .array(outputs)
        }
        if !options.keepCount {
            for key in ["prompt_number", "execution_count"] {
                if let value = cell[key], !value.isNull {
                    cell[key] = .null
                    changed = true
                }
            }
        }
        if !options.keepID, let id = cell["id"] {
            let renumbered = String(position)
            if !id.isString(renumbered) {
                cell["id"] = .string(renumbered)
                changed = true
            }
        }
        for key in cellKeys where cell.removeValue(at: key) { changed = true }
    }

    /// nbstripout's `determine_keep_output`: `init_cell` decides if present; otherwise a
    /// `keep_output` key or tag keeps the outputs; otherwise the notebook-wide default.
    private func keepsOutput(_ cell: JSONObject, fallback: Bool, _ place: CellPlace) throws(NotebookFormatError) -> Bool {
        guard let value = cell["metadata"] else { return fallback }
        guard case .object(let metadata) = value else { throw place.error("'metadata' is a \(value.typeName), not an object") }
        if let initCell = metadata["init_cell"] { return initCell.isTruthy && !options.stripInitCells }
        let hasKey = metadata.contains("keep_output")
        let keyValue = metadata["keep_output"]?.isTruthy ?? false
        let tags = metadata["tags"] ?? .array([])
        guard let hasTag = tags.pythonContains("keep_output") else {
            throw place.error("'metadata.tags' is a \(tags.typeName), not a list")
        }
        if hasKey, hasTag, !keyValue {
            throw place.error(
                "cell metadata contradicts tags: 'keep_output' is false, but 'keep_output' is in the tags",
                code: .invalidOption)
        }
        return hasKey || hasTag ? keyValue || hasTag : fallback
    }
}
