// SPDX-License-Identifier: Apache-2.0

import Execution
import Foundation
import Kernels
import NotebookFormat
import Testing

extension Tag {
    /// Tests that run notebooks in a real ipykernel.
    @Tag static var realKernel: Self
}

/// Real ipykernels for the engine tests, from the project's `.venv` (or `$QUIRE_PYTHON`).
enum RunnerSupport {
    /// The package root, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A folder for this test process's connection files and output notebooks.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "quire-execution-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit {
            killAllKernelProcessGroups()
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "quire-execution-tests-\(getpid())")
        }
        return path
    }()

    /// A kernel manager over the project's Python.
    static func manager() throws -> KernelManager {
        let python = ProcessInfo.processInfo.environment["QUIRE_PYTHON"] ?? packageRoot + "/.venv/bin/python"
        var environment = JupyterPaths.processEnvironment()
        environment["JUPYTER_RUNTIME_DIR"] = scratch
        return KernelManager(
            configuration: .init(
                python: try PythonEnvironment.probe(python),
                environment: environment,
                kernel: Kernel.Configuration(shutdownTimeout: .seconds(5))
            )
        )
    }

    /// A Python notebook with one code cell per source (markdown when it starts with `#md `),
    /// each tagged with the tags after `#tags:` on its first line.
    static func notebook(_ sources: [String]) -> Notebook {
        var notebook = Notebook()
        var metadata = JSONObject()
        metadata["kernelspec"] = .object(
            JSONObject([("display_name", "Python 3"), ("language", "python"), ("name", "python3")]))
        notebook.metadata = metadata
        notebook.cells = sources.enumerated().map { index, source in
            let markdown = source.hasPrefix("#md ")
            var cell = Cell(type: markdown ? "markdown" : "code", source: markdown ? String(source.dropFirst(4)) : source, id: "c\(index)")
            if let first = source.split(separator: "\n").first, first.hasPrefix("#tags:") {
                let tags = first.dropFirst(6).split(separator: " ").map { JSONValue.string(String($0)) }
                var metadata = cell.metadata
                metadata["tags"] = .array(tags)
                cell.metadata = metadata
            }
            return cell
        }
        return notebook
    }

    /// Runs `notebook` in a fresh ipykernel, writing to a file; returns the outcome, the file's
    /// notebook and the events.
    static func run(
        _ notebook: Notebook,
        configuration: RunConfiguration = RunConfiguration(),
        whileRunning: (@Sendable (NotebookRunner) async -> Void)? = nil,
        onEvent: @escaping RunEventHandler = { _ in }
    ) async throws -> (outcome: RunOutcome, written: Notebook) {
        let manager = try manager()
        let path = scratch + "/out-\(UUID().uuidString).ipynb"
        let runner = NotebookRunner(notebook: notebook, destination: .file(path), configuration: configuration, onEvent: onEvent)
        async let helper: Void = whileRunning?(runner) ?? ()
        let outcome = try await runner.run { try await manager.startKernel(named: "python3", options: KernelStartOptions(inMemoryHistory: true)) }
        await helper
        await manager.shutdownAll()
        return (outcome, try Notebook.read(contentsOf: path))
    }
}

extension Cell {
    /// `metadata.papermill.status`.
    var papermillStatus: String? { metadata["papermill"]?.objectValue?["status"]?.stringValue }
    /// The text of every stream output, joined.
    var streamText: String { outputs.compactMap { $0.outputType == "stream" ? $0.text : nil }.joined() }
}
