// SPDX-License-Identifier: Apache-2.0

/// The nbformat v4 JSON schemas, 4.0 to 4.5, written as Quire's own schema values: the 4.0 schema
/// (in `NotebookSchemas+Base.swift`) plus, for each later minor version, the changes it made.
/// `Tests/Oracle/test_validate.py` checks every version against nbformat's schema files.
enum NotebookSchemas {
    /// The newest minor version with its own schema.
    static let newestMinor = 5

    /// The schema for nbformat 4.`minor`: 4.0 to 4.5 as published; a newer minor gets the 4.5
    /// schema relaxed the way nbformat relaxes it for "notebooks from the future" (every
    /// `additionalProperties` becomes `true`, and unknown cell and output types are accepted).
    /// Nil for a negative minor, which has no schema.
    static func document(minor: Int) -> SchemaDocument? {
        guard minor >= 0 else { return nil }
        var document = base
        for version in 1..<min(minor, newestMinor) + 1 { applyChanges(of: version, to: &document) }
        if minor > newestMinor { relaxForFutureMinor(&document) }
        return document
    }

    /// Compiled schemas for 4.0 to 4.5, then the relaxed one for newer minors, built once.
    private static let compiled: [CompiledSchema] = (0...newestMinor + 1).map { minor in
        CompiledSchema(document(minor: minor) ?? SchemaDocument(root: .any, definitions: []))
    }

    /// The compiled schema for nbformat 4.`minor`, or nil for a negative minor.
    static func compiledSchema(minor: Int) -> CompiledSchema? {
        guard minor >= 0 else { return nil }
        return compiled[min(minor, newestMinor + 1)]
    }

    // MARK: - Changes between minor versions

    /// What nbformat 4.`minor` changed relative to 4.(`minor` - 1).
    private static func applyChanges(of minor: Int, to document: inout SchemaDocument) {
        // Every minor version raises the smallest allowed nbformat_minor to itself.
        document.root.modifyProperty("nbformat_minor") { $0.setMinimum(minor) }
        switch minor {
        case 2:
            // Notebook title and authors.
            document.root.modifyProperty("metadata") { metadata in
                metadata.insertProperty("title", .string, after: "orig_nbformat")
                metadata.insertProperty("authors", .array, after: "title")
            }
        case 3:
            // `jupyter` cell metadata (source_hidden, outputs_hidden: documented, not checked).
            let jupyter = JSONSchema.object.additionalProperties(true)
            document.modifyDefinition("raw_cell") { cell in
                cell.modifyProperty("metadata") { $0.insertProperty("jupyter", jupyter, after: "format") }
            }
            document.modifyDefinition("markdown_cell") { cell in
                cell.modifyProperty("metadata") { $0.insertProperty("jupyter", jupyter, after: "tags") }
            }
            document.modifyDefinition("code_cell") { cell in
                cell.modifyProperty("metadata") { $0.insertProperty("jupyter", jupyter, after: nil) }
            }
        case 4:
            // Execution timing metadata on code cells.
            let timing = JSONSchema.object
                .properties([
                    "iopub.execute_input": .string,
                    "iopub.status.busy": .string,
                    "shell.execute_reply": .string,
                    "iopub.status.idle": .string,
                ])
                .additionalProperties(true)
                .patternProperties(["^.*$": .string])
            document.modifyDefinition("code_cell") { cell in
                cell.modifyProperty("metadata") { $0.insertProperty("execution", timing, after: "jupyter") }
            }
        case 5:
            // Cell ids.
            let cellID = JSONSchema.string.pattern("^[a-zA-Z0-9-_]+$").minLength(1).maxLength(64)
            document.insertDefinition("cell_id", cellID, before: "cell")
            for cell in ["raw_cell", "markdown_cell", "code_cell"] {
                document.modifyDefinition(cell) { schema in
                    schema.requireFirst("id")
                    schema.insertProperty("id", .ref("cell_id"), after: nil)
                }
            }
        default:
            break
        }
    }

    /// nbformat's treatment of a notebook newer than its newest schema: `additionalProperties`
    /// is `true` everywhere, and unrecognised cell and output types are allowed.
    private static func relaxForFutureMinor(_ document: inout SchemaDocument) {
        document.transformSchemas { schema in
            for k in schema.keywords.indices {
                if case .additionalProperties = schema.keywords[k] {
                    schema.keywords[k] = .additionalProperties(.allowed(true))
                }
            }
        }
        let extraBranch = [("cell", "unrecognized_cell"), ("output", "unrecognized_output")]
        for (name, branch) in extraBranch {
            document.modifyDefinition(name) { schema in
                for k in schema.keywords.indices {
                    if case .oneOf(let list) = schema.keywords[k] { schema.keywords[k] = .oneOf(list + [.ref(branch)]) }
                }
            }
        }
    }
}
