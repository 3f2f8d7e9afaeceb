// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire run`: papermill's command line. In this branch only `--prepare-only` is built: it writes
/// the parameterized notebook `papermill --prepare-only` writes. The options are parsed here; the
/// work is `RunPlan.prepare()` in the Execution module, and running the prepared notebook plugs in
/// at `execute(_:)`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook with parameters, as papermill does (this build: --prepare-only).",
        discussion: """
            Both paths are Python format strings filled from the parameters and 'pm' (pm[run_uuid], \
            pm[current_datetime_local], pm[current_datetime_utc]), e.g. 'out_{alpha}.ipynb'. '-' reads \
            standard input or writes standard output; OUTPUT may be left out when standard output is a pipe. \
            Parameters are merged in papermill's order: --inject-*, -b, -f, -y, -p, -r.
            """
    )

    @Argument(help: ArgumentHelp("The notebook to run ('-' for standard input).", valueName: "input"))
    var input: String

    @Argument(help: ArgumentHelp("Where to write the result ('-' for standard output).", valueName: "output"))
    var output: String?

    @OptionGroup(title: "Parameters")
    var parameterOptions: RunParameterOptions

    @Option(
        name: [.customShort("k"), .customLong("kernel")],
        help: ArgumentHelp("The kernel to use instead of the notebook's.", valueName: "name")
    )
    var kernel: String?

    @Option(
        name: [.customShort("l"), .customLong("language")],
        help: ArgumentHelp("The language to translate parameters for instead of the notebook's.", valueName: "language")
    )
    var language: String?

    @Option(help: ArgumentHelp("The kernel's working directory during execution.", valueName: "dir"))
    var cwd: String?

    @Flag(inversion: .prefixedNo, help: "Hide the source of code cells (metadata.jupyter.source_hidden).")
    var reportMode = false

    @Flag(help: "Write the parameterized notebook without running it.")
    var prepareOnly = false

    func run() throws {
        guard let outputPath = output ?? (isatty(STDOUT_FILENO) == 0 ? "-" : nil) else {
            throw ValidationError(
                "Missing expected argument '<output>' (it may be left out only when standard output is a pipe)"
            )
        }
        let prepared: PreparedRun
        do throws(ExecutionError) {
            let parameters = try parameterOptions.merged(inputPath: input, outputPath: outputPath)
            let plan = RunPlan(
                inputPath: input,
                outputPath: outputPath,
                parameters: parameters,
                kernelName: kernel,
                language: language,
                reportMode: reportMode,
                workingDirectory: cwd
            )
            prepared = try plan.prepare()
            for warning in prepared.warnings { CommandSupport.printError("quire: warning: \(warning)") }
            if prepareOnly {
                try prepared.writeNotebook()
                return
            }
        } catch {
            CommandSupport.report(error)
            throw ExitCode(1)
        }
        try execute(prepared)
    }

    /// Runs the prepared notebook. Not built in this branch; the execution engine replaces this.
    private func execute(_ prepared: PreparedRun) throws {
        CommandSupport.printError("quire: execution is not built in this branch: use --prepare-only")
        throw ExitCode(1)
    }
}
