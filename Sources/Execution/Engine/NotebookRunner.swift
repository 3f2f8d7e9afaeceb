// SPDX-License-Identifier: Apache-2.0

public import Kernels
public import NotebookFormat
import Synchronization

/// Runs a prepared notebook (parameters already injected) in a kernel with papermill's and
/// nbclient's semantics, saving the output notebook as it goes.
///
/// Every cell gets papermill's metadata (status, times, exception); code cells are sent one at a
/// time and their IOPub messages become outputs (``OutputCollector``). The run stops at the first
/// cell that raises (unless errors are allowed or the cell is tagged `raises-exception`), times out,
/// kills the kernel, or is interrupted; each is recorded as what it is (``RunFailureReason``), and
/// papermill's error marker cells point at the failing cell.
///
/// ```swift
/// let runner = NotebookRunner(notebook: prepared, destination: .file("out.ipynb"))
/// let outcome = try await runner.run { try await manager.startKernel(named: "python3") }
/// ```
public final class NotebookRunner: Sendable {
    /// The run's settings.
    public let configuration: RunConfiguration
    let destination: RunDestination
    let onEvent: RunEventHandler
    let state: Mutex<RunState>
    let control = Mutex(RunControl())
    let saver: NotebookSaver

    /// A runner for `notebook`, writing to `destination`.
    public init(
        notebook: Notebook,
        destination: RunDestination,
        configuration: RunConfiguration = RunConfiguration(),
        onEvent: @escaping RunEventHandler = { _ in }
    ) {
        self.configuration = configuration
        self.destination = destination
        self.onEvent = onEvent
        state = Mutex(RunState(notebook: notebook))
        saver = NotebookSaver(destination: configuration.saveDuringRun ? destination : .none) { message in
            onEvent(.warning(message))
        }
    }

    /// Stops the run as Ctrl-C does: the running cell is interrupted, recorded as interrupted,
    /// and no further cell runs. Safe to call from any thread, any number of times.
    public func interrupt() {
        let (wake, kernel) = control.withLock { control in
            control.interruptRequested = true
            return (control.cellInterrupt, control.kernel)
        }
        wake?.yield()
        if wake == nil, let kernel { Task { try? await kernel.interrupt() } }
    }

    /// Starts a kernel with `startKernel`, runs every cell, writes the output notebook, and shuts
    /// the kernel down.
    /// - Returns: the outcome; a cell error, timeout, dead kernel or interrupt is a failure in the
    ///   outcome, not a thrown error.
    /// - Throws: `kernelStartFailed` when no kernel could be started (the output notebook is
    ///   still written, with every cell pending), `io` when the final write fails.
    public func run(startKernel: @Sendable () async throws -> Kernel) async throws(ExecutionError) -> RunOutcome {
        let started = Timestamp.now()
        let cellCount = state.withLock { state in
            PapermillMetadata.notebookStart(&state.metadata, cells: &state.cells, at: started)
            return state.cells.count
        }
        submitSnapshot()
        let kernel: Kernel
        do {
            kernel = try await startKernel()
        } catch {
            _ = try await finish(started: started, kernel: nil)
            throw ExecutionError(.kernelStartFailed, "\(error)")
        }
        control.withLock { $0.kernel = kernel }
        onEvent(.kernelReady(name: kernel.spec.name, language: kernel.info?.languageInfo["name"]?.stringValue))
        var stoppedBy: RunFailure?
        for index in 0..<cellCount {
            if control.withLock({ $0.interruptRequested }) { break }
            if let failure = await runCell(index, of: cellCount, in: kernel) {
                stoppedBy = failure
                break
            }
        }
        state.withLock { state in
            if let languageInfo = kernel.info?.languageInfo { state.metadata["language_info"] = .object(languageInfo) }
            if let widgets = state.collector.widgetsMetadata() { state.metadata["widgets"] = .object(widgets) }
        }
        return try await finish(started: started, kernel: kernel, stoppedBy: stoppedBy)
    }

    /// `notebook_complete`, error markers, the final write, and the kernel's shutdown.
    private func finish(started: Timestamp, kernel: Kernel?, stoppedBy: RunFailure? = nil) async throws(ExecutionError)
        -> RunOutcome
    {
        let ended = Timestamp.now()
        let (final, failure) = state.withLock { state in
            PapermillMetadata.notebookComplete(&state.metadata, cells: &state.cells, at: ended)
            var failure = stoppedBy
            if let found = ErrorMarkers.failingCell(in: state.cells, allowErrors: configuration.allowErrors) {
                let count = state.cells[found.index].executionCount
                if failure == nil {
                    failure = RunFailure(
                        reason: .cellError, cellIndex: found.index, executionCount: count,
                        errorName: found.output?.errorName ?? "CellExecutionError",
                        errorValue: found.output?.errorValue ?? "",
                        traceback: found.output?.traceback ?? [])
                }
                if let failure {
                    var record = JSONObject()
                    record["reason"] = .string(failure.reason.rawValue)
                    record["cell_id"] = state.cells[failure.cellIndex].id.map { .string($0) } ?? .null
                    state.metadata.withObject("quire") { $0["failure"] = .object(record) }
                }
                ErrorMarkers.insert(into: &state.cells, failingCell: found.index, executionCount: count)
            } else if failure?.reason == .cellError {
                failure = nil  // SystemExit(0): a clean early exit, as papermill sees it
            }
            return (state.snapshot(), failure)
        }
        var writeError: NotebookFormatError?
        do { try await saver.finish(final) } catch { writeError = error }
        if let kernel { await kernel.shutdown() }
        if let writeError { throw ExecutionError(.io, "cannot write the output notebook: \(writeError)") }
        return RunOutcome(notebook: final, failure: failure, duration: ended.seconds(since: started))
    }

    /// Queues a save of the notebook as it is now.
    func submitSnapshot() {
        let notebook = state.withLock { state in
            state.lastSave = ContinuousClock.now
            return state.snapshot()
        }
        saver.submit(notebook)
    }
}

/// What the runner changes as cells run: the notebook's metadata and cells, and the output state.
struct RunState: Sendable {
    /// The notebook without its cells and metadata (they live below while running).
    var base: Notebook
    /// Notebook-level metadata.
    var metadata: JSONObject
    /// The cells.
    var cells: [Cell]
    /// nbclient's output bookkeeping.
    var collector = OutputCollector()
    /// When the last snapshot was queued.
    var lastSave = ContinuousClock.now

    /// State for `notebook`.
    init(notebook: Notebook) {
        metadata = notebook.metadata
        cells = notebook.cells
        var base = notebook
        base.json["cells"] = .array([])
        base.json["metadata"] = .object(JSONObject())
        self.base = base
    }

    /// The whole notebook as it is now.
    func snapshot() -> Notebook {
        var notebook = base
        notebook.metadata = metadata
        notebook.cells = cells
        return notebook
    }
}

/// How the run is interrupted: the request, the running cell's wake-up, the kernel.
struct RunControl: Sendable {
    /// Set by ``NotebookRunner/interrupt()``: no further cell runs.
    var interruptRequested = false
    /// Wakes the running cell's watchdog.
    var cellInterrupt: AsyncStream<Void>.Continuation?
    /// The run's kernel once started.
    var kernel: Kernel?
}
