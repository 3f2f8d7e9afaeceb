// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import Kernels
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire run NOTEBOOK --grid FILE --jobs N --output-dir DIR`: prepares one notebook per
/// parameter set, runs them N at a time in fresh kernels from a warm pool, prints a line as each
/// ends and a summary table at the end.
struct GridCommandRunner {
    /// The parsed command.
    let command: RunCommand

    /// Runs the grid; returns the exit status (0 when every run completed).
    func run() async -> Int32 {
        do {
            let jobs = try prepareJobs()
            return await execute(jobs)
        } catch {
            CommandSupport.report(error)
            return 1
        }
    }

    /// Reads the grid and the notebook and prepares every run (before any kernel starts, so a
    /// bad grid or parameter fails at once).
    private func prepareJobs() throws -> (jobs: [GridJob], kernel: String) {
        guard let gridPath = command.grid.grid, let outputDir = command.grid.outputDir else { return ([], "") }
        let gridText: String
        do { gridText = String(decoding: try FileIO.readBytes(gridPath), as: UTF8.self) } catch {
            throw ExecutionError(.io, error.message, path: gridPath)
        }
        let sets = try GridPlan.parameterSets(try ParameterYAML.document(in: gridText, source: gridPath), source: gridPath)
        let template = command.output ?? ""
        let base = try command.parameterOptions.merged(inputPath: command.input, outputPath: template)
        let notebook: Notebook
        do { notebook = try Notebook.read(from: try FileIO.readBytes(command.input)) } catch {
            throw ExecutionError(.invalidNotebook, error.message, path: command.input == "-" ? "<stdin>" : command.input)
        }
        guard let kernel = notebook.kernelName(override: command.kernel) else {
            throw ExecutionError(
                .noKernelName, "the notebook names no kernel (metadata.kernelspec.name) and no -k/--kernel was given",
                path: command.input)
        }
        do { try FileIO.makeDirectories(outputDir) } catch { throw ExecutionError(.io, error.message, path: outputDir) }
        let stem = Self.stem(of: command.input)
        let width = max(3, String(sets.count).count)
        var seen: [String: Int] = [:]
        var warned: Set<String> = []
        var jobs: [GridJob] = []
        for (index, set) in sets.enumerated() {
            var parameters = base
            for name in set.keys { parameters[name] = set[name] }
            let name =
                command.output.map { $0 }
                ?? "\(stem)-\(String(repeating: "0", count: max(0, width - String(index + 1).count)))\(index + 1).ipynb"
            let builtins = PapermillBuiltins.now()
            let formatted = try PathTemplate.format(name, parameters: parameters, builtins: builtins)
            let outputPath = formatted.hasPrefix("/") ? formatted : outputDir + "/" + formatted
            if let earlier = seen[outputPath] {
                throw ExecutionError(
                    .invalidParameter,
                    "runs \(earlier + 1) and \(index + 1) would both write \(outputPath): put a parameter in the output template",
                    path: gridPath)
            }
            seen[outputPath] = index
            let plan = RunPlan(
                inputPath: command.input, outputPath: outputPath, parameters: parameters, kernelName: command.kernel,
                language: command.language, reportMode: command.reportMode, workingDirectory: command.cwd)
            let prepared = try plan.prepare(notebook, inputPath: command.input, outputPath: outputPath)
            for warning in prepared.warnings where warned.insert(warning).inserted {
                CommandSupport.printError("quire: warning: \(warning)")
            }
            jobs.append(GridJob(index: index, notebook: prepared.notebook, outputPath: outputPath, parameters: set))
        }
        return (jobs, kernel)
    }

    /// Runs the prepared jobs and reports them.
    private func execute(_ prepared: (jobs: [GridJob], kernel: String)) async -> Int32 {
        let python: PythonEnvironment?
        do { python = try CommandSupport.pythonEnvironment(command.execution.python) } catch { return 1 }
        let configuration = KernelManager.Configuration(python: python)
        let manager = KernelManager(configuration: configuration)
        do {
            // Checked once here: otherwise every run would report the same missing kernel.
            _ = try KernelspecFinder(paths: configuration.paths).kernelspec(named: prepared.kernel)
        } catch {
            CommandSupport.report(error)
            return 1
        }
        let options = KernelStartOptions(
            workingDirectory: command.cwd,
            startTimeout: .milliseconds(Int(command.execution.startTimeout * 1000)),
            inMemoryHistory: true
        )
        let grid = GridRunner(
            manager: manager, kernelName: prepared.kernel, jobs: command.grid.jobs, options: options,
            configuration: command.execution.configuration)
        let watcher = SignalWatcher.interrupting("the runs") { grid.interrupt() }
        defer { withExtendedLifetime(watcher) {} }
        let total = prepared.jobs.count
        let done = EventCounter()
        CommandSupport.printError(
            "quire: \(total) runs of \(command.input), \(grid.jobs) at a time, kernel \(prepared.kernel)")
        let results = await grid.run(prepared.jobs) { result in
            let count = done.next()
            CommandSupport.printError(
                "[\(count)/\(total)] run \(result.job.index + 1) \(result.status) in \(formatSeconds(result.seconds)): \(result.job.outputPath)"
                    + (result.error.map { " (\($0))" } ?? ""))
        }
        await manager.shutdownAll()
        CommandSupport.printError(GridSummary.table(results))
        return results.allSatisfy { $0.status == "completed" } ? 0 : 1
    }

    /// The input's file name without folder and `.ipynb`.
    private static func stem(of path: String) -> String {
        let name = path == "-" ? "stdin" : String(path.split(separator: "/").last ?? "notebook")
        return name.hasSuffix(".ipynb") ? String(name.dropLast(6)) : name
    }
}

/// The summary table printed after a grid.
enum GridSummary {
    /// One row per run: number, status, seconds, output, parameters (as compact JSON).
    static func table(_ results: [GridResult]) -> String {
        let writer = PythonJSONWriter(indent: nil, sortKeys: false)
        var rows = [["run", "status", "seconds", "output", "parameters"]]
        for result in results {
            var status = result.status
            if let failure = result.failure {
                status += " (\(failure.reason.rawValue): \(failure.errorName))"
            }
            rows.append([
                String(result.job.index + 1), status, formatSeconds(result.seconds).replacingSuffix(" s"),
                result.job.outputPath, writer.string(.object(result.job.parameters)),
            ])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            row.enumerated().map { column, cell in
                column == 4 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        let completed = results.count { $0.status == "completed" }
        return (lines + ["\(completed) of \(results.count) runs completed"]).joined(separator: "\n")
    }
}

extension String {
    /// The string without `suffix`, if it ends with it.
    fileprivate func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
