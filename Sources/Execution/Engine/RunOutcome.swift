// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// Why a run stopped before its last cell, each reported as what it is.
public enum RunFailureReason: String, Sendable, Hashable {
    /// A cell raised an exception (the kernel's `execute_reply` had status `error`).
    case cellError = "cell_error"
    /// A cell did not finish within the execution timeout; it was interrupted.
    case timeout
    /// The kernel process died while a cell ran.
    case kernelDied = "kernel_died"
    /// The run was interrupted (Ctrl-C or SIGTERM to Quire).
    case interrupted
}

/// The failure that stopped a run: the reason, the cell, the error's name and value.
public struct RunFailure: Sendable, Hashable {
    /// What happened.
    public var reason: RunFailureReason
    /// The index of the cell that failed, in the executed notebook (before marker cells).
    public var cellIndex: Int
    /// The cell's execution count, when it got one.
    public var executionCount: Int?
    /// The exception's name (`ename`), or the name Quire gives the failure (`CellTimeoutError`…).
    public var errorName: String
    /// The exception's value (`evalue`), or Quire's description of the failure.
    public var errorValue: String
    /// The traceback lines (ANSI colours included, as the kernel sent them).
    public var traceback: [String]

    /// A failure.
    public init(
        reason: RunFailureReason,
        cellIndex: Int,
        executionCount: Int?,
        errorName: String,
        errorValue: String,
        traceback: [String]
    ) {
        self.reason = reason
        self.cellIndex = cellIndex
        self.executionCount = executionCount
        self.errorName = errorName
        self.errorValue = errorValue
        self.traceback = traceback
    }

    /// The process exit status for this failure: 1 for a cell error (as papermill), 124 for a
    /// timeout (as `timeout(1)`), 138 for a dead kernel (as papermill), 130 for an interrupt.
    public var exitStatus: Int32 {
        switch reason {
        case .cellError: return 1
        case .timeout: return 124
        case .kernelDied: return 138
        case .interrupted: return 130
        }
    }
}

/// How a run ended: the executed notebook (as written) and the failure, if any.
public struct RunOutcome: Sendable {
    /// The notebook as written to the output, marker cells included.
    public var notebook: Notebook
    /// Why the run stopped early; nil when every cell ran (errors allowed by `--allow-errors` or
    /// `raises-exception` do not count).
    public var failure: RunFailure?
    /// Seconds from start to end, kernel start included.
    public var duration: Double

    /// An outcome.
    public init(notebook: Notebook, failure: RunFailure?, duration: Double) {
        self.notebook = notebook
        self.failure = failure
        self.duration = duration
    }
}

/// What a run reports while it goes, for a progress display or log lines.
public enum RunEvent: Sendable {
    /// The kernel is being started (or taken from a pool).
    case kernelStarting(name: String)
    /// The kernel answered and the first cell is about to run.
    case kernelReady(name: String, language: String?)
    /// Cell `index` (of `total`) started; `description` is its `papermill_description=` if any.
    case cellStarted(index: Int, total: Int, description: String?)
    /// An output the cell produced (for `--log-output`).
    case output(index: Int, Output)
    /// Cell `index` finished with papermill's status word (`completed` or `failed`).
    case cellFinished(index: Int, total: Int, status: String, seconds: Double)
    /// Something the user should know that does not stop the run.
    case warning(String)
}

/// Receives a run's events; called on the run's task, so it should return quickly.
public typealias RunEventHandler = @Sendable (RunEvent) -> Void
