// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// A headless run as its options describe it, before anything is read: papermill's
/// `execute_notebook` arguments. `prepare()` does what papermill does before executing (path
/// templating, loading, parameters, run metadata, error-marker removal); executing the prepared
/// notebook is a separate step that takes the `PreparedRun`.
///
/// ```swift
/// let plan = RunPlan(inputPath: "in.ipynb", outputPath: "out_{alpha}.ipynb", parameters: JSONObject([("alpha", 0.6)]))
/// let prepared = try plan.prepare()
/// try prepared.writeNotebook()   // what `papermill --prepare-only` writes
/// ```
public struct RunPlan: Sendable {
    /// The input path as given (a template; `-` is standard input).
    public var inputPath: String
    /// The output path as given (a template; `-` is standard output).
    public var outputPath: String
    /// The merged parameters (see `ParameterSources`).
    public var parameters: JSONObject
    /// `-k`: the kernel to use instead of the notebook's.
    public var kernelName: String?
    /// `--language`: the language to translate parameters for instead of the notebook's.
    public var language: String?
    /// `--report-mode`: hide the source of code cells.
    public var reportMode: Bool
    /// `--cwd`: the kernel's working directory during execution (paths still resolve from here).
    public var workingDirectory: String?

    /// A plan with papermill's defaults for what is not given.
    public init(
        inputPath: String,
        outputPath: String,
        parameters: JSONObject = JSONObject(),
        kernelName: String? = nil,
        language: String? = nil,
        reportMode: Bool = false,
        workingDirectory: String? = nil
    ) {
        self.inputPath = inputPath
        self.outputPath = outputPath
        self.parameters = parameters
        self.kernelName = kernelName
        self.language = language
        self.reportMode = reportMode
        self.workingDirectory = workingDirectory
    }

    /// Formats the paths, reads the input notebook and prepares it (`prepare(_:inputPath:outputPath:)`).
    public func prepare(builtins: PapermillBuiltins = .now()) throws(ExecutionError) -> PreparedRun {
        let input = try PathTemplate.format(inputPath, parameters: parameters, builtins: builtins)
        let output = try PathTemplate.format(outputPath, parameters: parameters, builtins: builtins)
        let notebook: Notebook
        do throws(NotebookFormatError) {
            notebook = try Notebook.read(from: try FileIO.readBytes(input))
        } catch {
            throw ExecutionError(
                error.code == .io ? .io : .invalidNotebook,
                error.message,
                path: input == "-" ? "<stdin>" : input
            )
        }
        return try prepare(notebook, inputPath: input, outputPath: output)
    }

    /// papermill's `execute_notebook` up to execution, on a notebook already read and paths already
    /// formatted: `load_notebook_node`'s metadata, then (when there are parameters) the unknown
    /// parameter warnings and the injected cell, the run metadata, and the removal of error markers.
    public func prepare(_ notebook: Notebook, inputPath: String, outputPath: String) throws(ExecutionError)
        -> PreparedRun
    {
        var notebook = notebook
        var warnings: [String] = []
        notebook.addPapermillMetadata()
        if !parameters.isEmpty {
            let inspection = try NotebookInspection(notebook, kernelName: kernelName, language: language)
            warnings += inspection.result.warnings
            let declared = Set(inspection.result.parameters.map(\.name))
            warnings += parameters.keys.filter { !declared.contains($0) }.map { "Passed unknown parameter: \($0)" }
            warnings += try notebook.injectParameters(
                parameters,
                kernelName: kernelName,
                language: language,
                reportMode: reportMode
            )
        }
        notebook.recordRun(inputPath: inputPath, outputPath: outputPath, reportMode: reportMode)
        notebook.removeErrorMarkers()
        return PreparedRun(
            notebook: notebook,
            inputPath: inputPath,
            outputPath: outputPath,
            kernelName: kernelName,
            workingDirectory: workingDirectory,
            warnings: warnings
        )
    }
}

/// A notebook ready to run: parameters injected and run metadata set, with the formatted paths
/// and the warnings papermill would have logged (for the caller to print).
public struct PreparedRun: Sendable {
    /// The prepared notebook (what `papermill --prepare-only` writes).
    public var notebook: Notebook
    /// The input path after templating.
    public var inputPath: String
    /// The output path after templating (`-` is standard output).
    public var outputPath: String
    /// The kernel override, if any (else the notebook's kernelspec decides).
    public var kernelName: String?
    /// The kernel's working directory during execution, if given.
    public var workingDirectory: String?
    /// Warnings, in papermill's order (unparsable parameter lines, unknown parameters, no parameters cell).
    public var warnings: [String]

    /// Writes the notebook to `outputPath` (atomically) or to standard output, as nbformat writes it.
    public func writeNotebook() throws(ExecutionError) {
        do throws(NotebookFormatError) {
            if outputPath == "-" {
                try FileIO.writeStandardOutput(notebook.fileBytes())
            } else {
                try notebook.write(toFile: outputPath)
            }
        } catch {
            throw ExecutionError(.io, error.message, path: outputPath)
        }
    }
}
