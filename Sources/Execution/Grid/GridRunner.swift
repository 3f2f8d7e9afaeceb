// SPDX-License-Identifier: Apache-2.0

public import Kernels
public import NotebookFormat
import Synchronization

/// One run of a grid: its prepared notebook, where it goes, and its parameters.
public struct GridJob: Sendable {
    /// The run's position in the grid, from 0.
    public var index: Int
    /// The notebook with this run's parameters injected.
    public var notebook: Notebook
    /// The output file.
    public var outputPath: String
    /// The run's parameters, for the summary.
    public var parameters: JSONObject

    /// A job.
    public init(index: Int, notebook: Notebook, outputPath: String, parameters: JSONObject) {
        self.index = index
        self.notebook = notebook
        self.outputPath = outputPath
        self.parameters = parameters
    }
}

/// How one grid run ended.
public struct GridResult: Sendable {
    /// The job.
    public var job: GridJob
    /// `completed`, `failed` (the failure says why), `error` (no kernel, no output) or `not run`
    /// (the grid was interrupted first).
    public var status: String
    /// The failure that stopped the run, if any.
    public var failure: RunFailure?
    /// What went wrong outside the notebook (kernel start, output write), if anything.
    public var error: String?
    /// Seconds the run took.
    public var seconds: Double
}

/// Runs many notebooks, `jobs` at a time, each in a fresh kernel taken from a warm pool of the
/// same size (the next kernel starts while a run is going, so a run rarely waits for one).
public final class GridRunner: Sendable {
    /// How many runs go at once.
    public let jobs: Int
    private let pool: KernelPool
    private let configuration: RunConfiguration
    private let state = Mutex(GridState())

    private struct GridState {
        var interrupted = false
        var running: [Int: NotebookRunner] = [:]
    }

    /// A grid runner starting `kernelName` kernels through `manager`.
    public init(manager: KernelManager, kernelName: String, jobs: Int, options: KernelStartOptions, configuration: RunConfiguration) {
        self.jobs = max(1, jobs)
        pool = KernelPool(manager: manager, kernelName: kernelName, size: max(1, jobs), options: options)
        self.configuration = configuration
    }

    /// Interrupts the running notebooks; runs not started yet are skipped.
    public func interrupt() {
        let running = state.withLock { state in
            state.interrupted = true
            return Array(state.running.values)
        }
        for runner in running { runner.interrupt() }
    }

    /// Runs every job; `onFinish` hears about each as it ends. Returns the results in job order.
    public func run(_ grid: [GridJob], onFinish: @escaping @Sendable (GridResult) -> Void) async -> [GridResult] {
        await pool.expectTakes(grid.count)
        await pool.start()
        var results: [GridResult?] = Array(repeating: nil, count: grid.count)
        await withTaskGroup(of: GridResult.self) { group in
            var next = 0
            func launch() {
                guard next < grid.count else { return }
                let job = grid[next]
                next += 1
                group.addTask { await self.runOne(job) }
            }
            for _ in 0..<min(jobs, grid.count) { launch() }
            while let result = await group.next() {
                results[result.job.index] = result
                onFinish(result)
                launch()
            }
        }
        await pool.shutdown()
        return results.enumerated().map { index, result in
            result ?? GridResult(job: grid[index], status: "not run", failure: nil, error: nil, seconds: 0)
        }
    }

    /// Runs one job in a kernel from the pool.
    private func runOne(_ job: GridJob) async -> GridResult {
        let started = ContinuousClock.now
        let runner = NotebookRunner(notebook: job.notebook, destination: .file(job.outputPath), configuration: configuration)
        let skip = state.withLock { state in
            if !state.interrupted { state.running[job.index] = runner }
            return state.interrupted
        }
        guard !skip else { return GridResult(job: job, status: "not run", failure: nil, error: nil, seconds: 0) }
        defer { _ = state.withLock { $0.running.removeValue(forKey: job.index) } }
        let pool = self.pool
        do {
            let outcome = try await runner.run { try await pool.take() }
            return GridResult(
                job: job, status: outcome.failure == nil ? "completed" : "failed", failure: outcome.failure, error: nil,
                seconds: outcome.duration)
        } catch {
            return GridResult(
                job: job, status: "error", failure: nil, error: error.message, seconds: started.duration(to: .now).seconds)
        }
    }
}
