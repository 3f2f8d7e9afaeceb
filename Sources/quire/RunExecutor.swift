// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import Kernels
import NotebookFormat
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one prepared notebook for `quire run`: starts the kernel, shows progress, turns Ctrl-C
/// and SIGTERM into an orderly stop, and reports the outcome on standard error.
struct RunExecutor {
    /// The kernelspec to start (`-k`), else the notebook's `metadata.kernelspec.name`.
    var kernelName: String?
    /// The kernel's working directory (`--cwd`); nil keeps Quire's.
    var workingDirectory: String?
    /// Seconds the kernel has to start (`--start-timeout`).
    var startTimeout: Double = 60
    /// The engine's settings.
    var configuration = RunConfiguration()
    /// Show the redrawn progress line on a terminal.
    var progressBar = true
    /// Log each cell's outputs (`--log-output`).
    var logOutput = false
    /// The Python environment whose kernelspecs are searched.
    var python: PythonEnvironment?

    /// Runs `notebook` (from `inputLabel`) into `destination`; returns the exit status.
    func run(_ notebook: Notebook, inputLabel: String, destination: RunDestination) async -> Int32 {
        guard let name = notebook.kernelName(override: kernelName) else {
            CommandSupport.printError(
                "quire: \(inputLabel): the notebook names no kernel (metadata.kernelspec.name) and no -k/--kernel was given")
            return 1
        }
        let manager = KernelManager(configuration: .init(python: python))
        let progress = RunProgress(label: inputLabel, bar: progressBar && !logOutput, logOutput: logOutput)
        let runner = NotebookRunner(notebook: notebook, destination: destination, configuration: configuration) {
            progress.handle($0)
        }
        let watcher = SignalWatcher.interrupting("the run") { runner.interrupt() }
        defer { withExtendedLifetime(watcher) {} }
        let options = KernelStartOptions(
            workingDirectory: workingDirectory,
            startTimeout: .milliseconds(Int(startTimeout * 1000)),
            inMemoryHistory: true
        )
        progress.handle(.kernelStarting(name: name))
        let outcome: RunOutcome
        do {
            outcome = try await runner.run { try await manager.startKernel(named: name, options: options) }
        } catch {
            progress.finish()
            CommandSupport.printError("quire: \(inputLabel): \(error.message)")
            await manager.shutdownAll()
            return 1
        }
        progress.finish()
        await manager.shutdownAll()
        guard let failure = outcome.failure else { return 0 }
        report(failure, outcome: outcome, destination: destination)
        return failure.exitStatus
    }

    /// Prints what stopped the run, as papermill's `PapermillExecutionError` reads, plus where
    /// the notebook went.
    private func report(_ failure: RunFailure, outcome: RunOutcome, destination: RunDestination) {
        let count = failure.executionCount.map(String.init) ?? "None"
        let cell = "cell \(failure.cellIndex + 1) (In [\(count)])"
        var lines: [String] = []
        switch failure.reason {
        case .cellError:
            lines.append(String(repeating: "-", count: 75))
            lines.append("Exception encountered at \"In [\(count)]\":")
            lines.append(contentsOf: failure.traceback.map(stripANSI))
            if failure.traceback.isEmpty { lines.append("\(failure.errorName): \(failure.errorValue)") }
        case .timeout:
            lines.append("quire: \(cell) timed out: \(failure.errorValue)")
        case .kernelDied:
            lines.append("quire: the kernel died while running \(cell): \(failure.errorValue)")
        case .interrupted:
            lines.append("quire: interrupted while running \(cell)")
        }
        if case .file(let path) = destination { lines.append("quire: the output notebook, with everything that ran, is \(path)") }
        CommandSupport.printError(lines.joined(separator: "\n"))
    }
}

extension SignalWatcher {
    /// `quire run`'s signal handling: the first SIGINT, SIGTERM or SIGHUP calls `interrupt` (an
    /// orderly stop), the next kills the kernels and exits with 128 + the signal.
    static func interrupting(_ what: String, _ interrupt: @escaping @Sendable () -> Void) -> SignalWatcher {
        let count = EventCounter()
        return SignalWatcher([SIGINT, SIGTERM, SIGHUP]) { signalNumber in
            if count.next() == 1 {
                CommandSupport.printError("\nquire: interrupting \(what) (again to stop at once)")
                interrupt()
            } else {
                _ = killAllKernelProcessGroups()
                exit(128 + signalNumber)
            }
        }
    }
}

/// Counts events (signals, finished runs) from any thread.
final class EventCounter: Sendable {
    private let count = Mutex(0)

    /// The number of this event (1 for the first).
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}

/// `text` without ANSI escape sequences (tracebacks are coloured).
func stripANSI(_ text: String) -> String {
    var out = ""
    var iterator = text.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
        if scalar == "\u{1B}" {
            guard let next = iterator.next() else { break }
            if next == "[" {
                while let c = iterator.next(), !(("@"..."~").contains(c)) {}
            }
            continue
        }
        out.unicodeScalars.append(scalar)
    }
    return out
}
