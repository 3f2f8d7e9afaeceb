// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// One parameter declared in a notebook's `parameters` cell, as papermill's `inspect_notebook`
/// reports it: every field is text taken from the cell.
public struct NotebookParameter: Sendable, Equatable {
    /// The variable name.
    public var name: String
    /// The annotation or `# type:` comment, else `"None"`.
    public var inferredTypeName: String
    /// The default value's source text.
    public var defaultValue: String
    /// The comment after the value (empty without one).
    public var help: String

    /// A parameter with all four fields.
    public init(name: String, inferredTypeName: String, defaultValue: String, help: String) {
        self.name = name
        self.inferredTypeName = inferredTypeName
        self.defaultValue = defaultValue
        self.help = help
    }

    /// The dictionary papermill returns for it: `name`, `inferred_type_name`, `default`, `help`.
    public var json: JSONObject {
        JSONObject([
            ("name", .string(name)), ("inferred_type_name", .string(inferredTypeName)),
            ("default", .string(defaultValue)), ("help", .string(help)),
        ])
    }
}

/// What inspecting a parameters cell found: the parameters in order, and the warnings papermill logs.
public struct ParameterInspection: Sendable, Equatable {
    /// The declared parameters, in the cell's order.
    public var parameters: [NotebookParameter]
    /// Warnings, e.g. `Unable to parse line 3 'a = b = 1'.`
    public var warnings: [String]

    /// An inspection result.
    public init(parameters: [NotebookParameter], warnings: [String]) {
        self.parameters = parameters
        self.warnings = warnings
    }
}

/// `papermill --help-notebook` and `papermill.inspect_notebook` for a notebook already read.
public struct NotebookInspection: Sendable, Equatable {
    /// False when no cell is tagged `parameters` (papermill's `--help-notebook` then exits 1).
    public var hasParametersCell: Bool
    /// The parameters and warnings.
    public var result: ParameterInspection

    /// Inspects the first cell tagged `parameters` with the translator for the notebook's kernel
    /// (or `kernelName`) and language (or `language`), as papermill's `_infer_parameters` does. A
    /// translator without introspection gives no parameters and a warning.
    public init(_ notebook: Notebook, kernelName: String? = nil, language: String? = nil) throws(ExecutionError) {
        guard let index = notebook.firstCellIndex(taggedWith: Papermill.parametersTag) else {
            hasParametersCell = false
            result = ParameterInspection(parameters: [], warnings: [])
            return
        }
        hasParametersCell = true
        let target = try notebook.translationTarget(kernelName: kernelName, language: language)
        let translator = try ParameterTranslators.translator(kernelName: target.kernelName, language: target.language)
        if let inspection = translator.inspect(notebook.cells[index].source) {
            result = inspection
        } else {
            result = ParameterInspection(
                parameters: [],
                warnings: ["Translator for '\(target.language)' language does not support parameter introspection."]
            )
        }
    }

    /// `inspect_notebook`'s result: parameter name to `{name, inferred_type_name, default, help}`
    /// (a repeated name keeps its first position and its last definition, as a Python dict does).
    public var json: JSONObject {
        var object = JSONObject()
        for parameter in result.parameters { object[parameter.name] = .object(parameter.json) }
        return object
    }

    /// The lines `papermill --help-notebook` prints after its usage line and the blank line that
    /// follows it, for a notebook shown as `path`.
    public func helpText(path: String) -> String {
        var lines = ["Parameters inferred for notebook '\(path)':"]
        guard hasParametersCell else {
            lines += ["", "  No cell tagged 'parameters'"]
            return lines.joined(separator: "\n") + "\n"
        }
        guard !result.parameters.isEmpty else {
            lines += [
                "", "  Can't infer anything about this notebook's parameters. It may not have any parameter defined.",
            ]
            return lines.joined(separator: "\n") + "\n"
        }
        for parameter in result.parameters {
            let type = parameter.inferredTypeName == "None" ? "Unknown type" : parameter.inferredTypeName
            let definition = "  \(parameter.name): \(type) (default \(parameter.defaultValue))"
            let length = definition.unicodeScalars.count
            if length > 30 {
                lines.append(
                    parameter.help.isEmpty
                        ? definition : definition + "\n" + String(repeating: " ", count: 34) + parameter.help
                )
            } else {
                lines.append(definition + String(repeating: " ", count: max(0, 34 - length)) + parameter.help)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
