// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// The names and values papermill writes into notebooks.
public enum Papermill {
    /// The tag of the cell holding the parameters' defaults.
    public static let parametersTag = "parameters"
    /// The tag of the cell papermill injects.
    public static let injectedParametersTag = "injected-parameters"
    /// The tag of the error banner cells papermill adds after a failed run.
    public static let errorMarkerTag = "papermill-error-cell-tag"
    /// `metadata.papermill.version` in notebooks Quire prepares. Quire writes the papermill release
    /// whose metadata layout it reproduces rather than a version of its own, so that tools reading
    /// papermill's metadata (which only need the key, or a papermill version) keep working; papermill
    /// writes its own version in the same place.
    public static let version = "2.7.0"
    /// The warning when no cell is tagged `parameters` and the parameters go first.
    public static let noParametersCellWarning = "Input notebook does not contain a cell with tag 'parameters'"
}

/// The kernel name and language a notebook's parameters are translated for.
struct TranslationTarget {
    var kernelName: String
    var language: String
}

extension Notebook {
    /// The index of the first cell whose `metadata.tags` holds `tag` (Python's `in`: an element of
    /// a list, or a substring of a string), as papermill's `find_first_tagged_cell_index`.
    func firstCellIndex(taggedWith tag: String) -> Int? {
        cells.firstIndex { Notebook.tags($0.metadata["tags"], contain: tag) }
    }

    /// papermill's `nb_kernel_name`: the override, else `metadata.kernelspec.name` (empty values
    /// count as missing); nil when neither names a kernel.
    public func kernelName(override: String?) -> String? {
        func present(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        return present(override) ?? present(metadata["kernelspec"]?.objectValue?["name"]?.stringValue)
    }

    /// papermill's `nb_kernel_name` and `nb_language`: the overrides, else `kernelspec.name`, and
    /// `language_info.name`, else `kernelspec.language` (empty values count as missing).
    func translationTarget(kernelName: String?, language: String?) throws(ExecutionError) -> TranslationTarget {
        let meta = metadata
        let kernelspec = meta["kernelspec"]?.objectValue
        func present(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        guard let name = self.kernelName(override: kernelName) else {
            throw ExecutionError(.noKernelName, "No kernel name found in notebook and no override provided.")
        }
        guard
            let language = present(language) ?? present(meta["language_info"]?.objectValue?["name"]?.stringValue)
                ?? present(kernelspec?["language"]?.stringValue)
        else {
            throw ExecutionError(.noLanguage, "No language found in notebook and no override provided.")
        }
        return TranslationTarget(kernelName: name, language: language)
    }

    /// What papermill's `load_notebook_node` adds after reading: the 4.5 upgrade (new random cell
    /// ids for 4.0–4.4), `metadata.papermill` when absent, and `tags: []` and `papermill: {}` in
    /// every cell's metadata where absent. Existing values are kept.
    public mutating func addPapermillMetadata() {
        upgradeToCurrentMinor()
        json.modify("metadata") { meta in
            meta.withObject { meta in
                guard !meta.contains("papermill") else { return }
                meta["papermill"] = .object(
                    JSONObject([
                        ("default_parameters", .object(JSONObject())), ("parameters", .object(JSONObject())),
                        ("environment_variables", .object(JSONObject())), ("version", .string(Papermill.version)),
                    ])
                )
            }
        }
        modifyCells { cell in
            var meta = cell.metadata
            if !meta.contains("tags") { meta["tags"] = .array([]) }
            if !meta.contains("papermill") { meta["papermill"] = .object(JSONObject()) }
            cell.metadata = meta
        }
    }

    /// papermill's `parameterize_notebook`: renders `parameters` for the notebook's kernel (or
    /// `kernelName`) and language (or `language`) into a new code cell with a random id, tagged
    /// `injected-parameters`, which replaces an earlier injected cell, else goes right after the
    /// first `parameters` cell, else first (with a warning, returned). Sets
    /// `metadata.papermill.parameters`. Nothing changes when this throws.
    @discardableResult
    public mutating func injectParameters(
        _ parameters: JSONObject,
        kernelName: String? = nil,
        language: String? = nil,
        reportMode: Bool = false,
        comment: String = "Parameters"
    ) throws(ExecutionError) -> [String] {
        let target = try translationTarget(kernelName: kernelName, language: language)
        let translator = try ParameterTranslators.translator(kernelName: target.kernelName, language: target.language)
        let source = try translator.codify(parameters, comment: comment)
        upgradeToCurrentMinor()
        var cell = Cell(type: "code", source: source, id: Notebook.newCellID())
        var meta = JSONObject([("tags", .array([.string(Papermill.injectedParametersTag)]))])
        if reportMode { meta["jupyter"] = .object(JSONObject([("source_hidden", .bool(true))])) }
        cell.metadata = meta
        var warnings: [String] = []
        var all = cells
        if let injected = firstCellIndex(taggedWith: Papermill.injectedParametersTag) {
            all[injected] = cell
        } else if let defaults = firstCellIndex(taggedWith: Papermill.parametersTag) {
            all.insert(cell, at: defaults + 1)
        } else {
            warnings.append(Papermill.noParametersCellWarning)
            all.insert(cell, at: 0)
        }
        cells = all
        setPapermillValue(.object(parameters), forKey: "parameters")
        return warnings
    }

    /// papermill's `prepare_notebook_metadata`: in report mode every code cell's `metadata.jupyter`
    /// becomes `{"source_hidden": true}` (papermill replaces the whole object, dropping e.g.
    /// `outputs_hidden`; Quire does the same), and `metadata.papermill` records the paths.
    public mutating func recordRun(inputPath: String, outputPath: String, reportMode: Bool) {
        if reportMode {
            modifyCells { cell in
                guard cell.cellType == "code" else { return }
                var meta = cell.metadata
                meta["jupyter"] = .object(JSONObject([("source_hidden", .bool(true))]))
                cell.metadata = meta
            }
        }
        setPapermillValue(.string(inputPath), forKey: "input_path")
        setPapermillValue(.string(outputPath), forKey: "output_path")
    }

    /// papermill's `remove_error_markers`: drops every cell tagged `papermill-error-cell-tag`.
    public mutating func removeErrorMarkers() {
        cells = cells.filter { !Notebook.tags($0.metadata["tags"], contain: Papermill.errorMarkerTag) }
    }

    /// Sets `metadata.papermill[key]`, creating `metadata.papermill` (or replacing a value that is
    /// not an object) when needed.
    private mutating func setPapermillValue(_ value: JSONValue, forKey key: String) {
        var meta = metadata
        var papermill = meta["papermill"]?.objectValue ?? JSONObject()
        papermill[key] = value
        meta["papermill"] = .object(papermill)
        metadata = meta
    }

    /// Python's `tag in tags` for the values `metadata.tags` can hold; `false` where Python raises.
    private static func tags(_ tags: JSONValue?, contain tag: String) -> Bool {
        switch tags {
        case .array(let items): return items.contains { $0.stringValue == tag }
        case .string(let text): return PythonString.containsSubstring(text, tag)
        case .object(let object): return object.contains(tag)
        default: return false
        }
    }
}
