// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Kernels
import NotebookFormat

/// `quire kernelspec`: inspect the installed Jupyter kernelspecs.
struct KernelspecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernelspec",
        abstract: "Inspect installed Jupyter kernelspecs.",
        subcommands: [ListKernelspecs.self]
    )
}

/// `quire kernelspec list`: what `jupyter kernelspec list` prints for the same environment.
struct ListKernelspecs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List installed kernelspecs, as `jupyter kernelspec list` does.",
        discussion: """
            Searches $JUPYTER_PATH, the user data directory, the Python environment's share/jupyter and the \
            system directories, with jupyter_core's rules. The Python environment is --python, else ./.venv/bin/python \
            if it exists.
            """
    )

    @Flag(help: "Print the kernelspecs as JSON, like `jupyter kernelspec list --json`.")
    var json = false

    @Option(help: ArgumentHelp("The Python whose environment is searched (default: ./.venv/bin/python if it exists).", valueName: "path"))
    var python: String?

    func run() throws {
        let environment = JupyterPaths.processEnvironment()
        let pythonEnvironment = try CommandSupport.pythonEnvironment(python)
        let paths = JupyterPaths(environment: environment, python: pythonEnvironment)
        let listing = KernelspecFinder(paths: paths).list()
        for warning in listing.warnings { CommandSupport.printError("quire: warning: \(warning)") }
        let text: String
        if json {
            text = PythonJSONWriter(indent: 2, sortKeys: false, asciiOnly: true).string(.object(listing.jsonReport)) + "\n"
        } else {
            text = listing.textReport(dataPath: paths.dataPath())
        }
        try FileIO.writeStandardOutput(Array(text.utf8))
    }
}
