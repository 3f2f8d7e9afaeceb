// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire run`: papermill's command line. The options are parsed here; preparing the notebook is
/// `RunPlan.prepare()` in the Execution module, running it is `RunExecutor` (one run) or
/// `GridCommandRunner` (`--grid`).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a notebook with parameters, as papermill does; --grid runs it once per parameter set.",
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

    @OptionGroup(title: "Execution")
    var execution: RunExecutionOptions

    @OptionGroup(title: "Many runs")
    var grid: RunGridOptions

    func run() async throws {
        if grid.grid != nil {
            let status = await GridCommandRunner(command: self).run()
            throw ExitCode(status)
        }
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
        try await execute(prepared)
    }

    /// Runs the prepared notebook (`RunExecutor`); a failed run exits with its status.
    private func execute(_ prepared: PreparedRun) async throws {
        let executor = try execution.executor(kernelName: kernel, workingDirectory: cwd)
        let destination: RunDestination = prepared.outputPath == "-" ? .standardOutput : .file(prepared.outputPath)
        let label = prepared.inputPath == "-" ? "<stdin>" : prepared.inputPath
        let status = await executor.run(prepared.notebook, inputLabel: label, destination: destination)
        if status != 0 { throw ExitCode(status) }
    }
}
