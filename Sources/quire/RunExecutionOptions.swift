// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import Kernels

/// `quire run`'s execution options, spelled as papermill spells them (plus `--allow-errors`).
struct RunExecutionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds a cell may run before it is interrupted and the run stops.", valueName: "seconds"))
    var executionTimeout: Double?

    @Option(
        name: [.customLong("start-timeout"), .customLong("start_timeout")],
        help: ArgumentHelp("Seconds the kernel has to start.", valueName: "seconds")
    )
    var startTimeout: Double = 60

    @Flag(inversion: .prefixedNo, help: "Log each cell's outputs as they arrive (turns the progress line off).")
    var logOutput = false

    @Flag(inversion: .prefixedNo, help: "Show the progress line on a terminal (default: on unless --log-output).")
    var progressBar: Bool?

    @Flag(inversion: .prefixedNo, help: "Save the output notebook as cells run (default: on).")
    var requestSaveOnCellExecute = true

    @Option(
        help: ArgumentHelp("During a long cell, save at most this often while output arrives; 0 turns it off.", valueName: "seconds")
    )
    var autosaveCellEvery: Double = 5

    @Flag(help: "Keep running after a cell raises; errors do not fail the run.")
    var allowErrors = false

    @Option(
        help: ArgumentHelp(
            "The Python environment whose kernelspecs are used (default: ./.venv/bin/python if it exists).",
            valueName: "path"
        )
    )
    var python: String?

    func validate() throws {
        if let executionTimeout, !(executionTimeout > 0) {
            throw ValidationError("--execution-timeout must be a number of seconds above 0, not \(executionTimeout)")
        }
        guard startTimeout > 0 else { throw ValidationError("--start-timeout must be above 0, not \(startTimeout)") }
        guard autosaveCellEvery >= 0 else { throw ValidationError("--autosave-cell-every must be 0 or more") }
    }

    /// The engine's settings.
    var configuration: RunConfiguration {
        RunConfiguration(
            executionTimeout: executionTimeout.map { .milliseconds(Int(($0 * 1000).rounded())) },
            allowErrors: allowErrors,
            saveDuringRun: requestSaveOnCellExecute,
            autosaveInterval: autosaveCellEvery > 0 ? .milliseconds(Int((autosaveCellEvery * 1000).rounded())) : nil
        )
    }

    /// An executor with these options.
    func executor(kernelName: String?, workingDirectory: String?) throws -> RunExecutor {
        RunExecutor(
            kernelName: kernelName,
            workingDirectory: workingDirectory,
            startTimeout: startTimeout,
            configuration: configuration,
            progressBar: progressBar ?? !logOutput,
            logOutput: logOutput,
            python: try CommandSupport.pythonEnvironment(python)
        )
    }
}

/// `quire run --grid`: one run per parameter set, several at a time.
struct RunGridOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run once per parameter set in this YAML or JSON file.", valueName: "file"))
    var grid: String?

    @Option(help: ArgumentHelp("How many runs go at once with --grid.", valueName: "n"))
    var jobs = 1

    @Option(help: ArgumentHelp("Where --grid writes the output notebooks.", valueName: "dir"))
    var outputDir: String?

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more, not \(jobs)") }
        if grid != nil && outputDir == nil { throw ValidationError("--grid needs --output-dir DIR for the output notebooks") }
        if grid == nil && outputDir != nil { throw ValidationError("--output-dir is for --grid runs") }
    }
}
