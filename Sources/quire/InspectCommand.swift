// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import NotebookFormat

/// `quire inspect`: the parameters a notebook declares, as `papermill --help-notebook` prints them
/// (without its usage line) or, with `--json`, as `papermill.inspect_notebook` returns them.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Print the parameters a notebook declares in its 'parameters' cell, as papermill --help-notebook does.",
        discussion: """
            Exits 1 when no cell is tagged 'parameters' (as papermill --help-notebook does), except with \
            --json, which then prints {} as inspect_notebook returns. Only Python notebooks can be \
            inspected (as in papermill); other languages give a warning and no parameters.
            """
    )

    @Argument(help: ArgumentHelp("The notebook ('-' for standard input).", valueName: "input"))
    var input: String

    @Option(
        name: [.customShort("k"), .customLong("kernel")],
        help: ArgumentHelp("The kernel name to use instead of the notebook's.", valueName: "name")
    )
    var kernel: String?

    @Option(
        name: [.customShort("l"), .customLong("language")],
        help: ArgumentHelp("The language to use instead of the notebook's.", valueName: "language")
    )
    var language: String?

    @Flag(help: "Print inspect_notebook's result as JSON: parameter name to {name, inferred_type_name, default, help}.")
    var json = false

    func run() throws {
        let inspection: NotebookInspection
        do {
            let notebook = try Notebook.read(contentsOf: input)
            inspection = try NotebookInspection(notebook, kernelName: kernel, language: language)
        } catch {
            CommandSupport.report(error)
            throw ExitCode(1)
        }
        for warning in inspection.result.warnings { CommandSupport.printError("quire: warning: \(warning)") }
        if json {
            let text = PythonJSONWriter(indent: 2, sortKeys: false, asciiOnly: true).string(.object(inspection.json))
            try FileIO.writeStandardOutput(Array((text + "\n").utf8))
            return
        }
        try FileIO.writeStandardOutput(Array(inspection.helpText(path: input).utf8))
        if !inspection.hasParametersCell { throw ExitCode(1) }
    }
}
