// SPDX-License-Identifier: Apache-2.0

/// How a notebook is run: papermill's and nbclient's knobs.
public struct RunConfiguration: Sendable {
    /// Seconds a cell may run before it is interrupted and the run stops (nil: no limit).
    public var executionTimeout: Duration?
    /// Keep going after a cell raises (nbclient's `allow_errors`); errors are then not failures.
    public var allowErrors: Bool
    /// Save the output notebook as cells start and finish (papermill's
    /// `--request-save-on-cell-execute`, on by default).
    public var saveDuringRun: Bool
    /// During a long cell, save at most this often while output arrives (nil: only between cells).
    public var autosaveInterval: Duration?
    /// After a cell's reply, how long IOPub may stay silent before Quire stops waiting for the
    /// kernel's `idle` status (a lost message then costs a warning, not a hung run).
    public var idleTimeout: Duration
    /// After an interrupt (timeout or Ctrl-C), how long the kernel has to answer before Quire
    /// gives up on the cell.
    public var interruptGrace: Duration
    /// Record `metadata.execution` timings as nbclient does.
    public var recordTiming: Bool

    /// papermill's defaults, except that long cells are saved every 5 s (papermill: 30 s).
    public init(
        executionTimeout: Duration? = nil,
        allowErrors: Bool = false,
        saveDuringRun: Bool = true,
        autosaveInterval: Duration? = .seconds(5),
        idleTimeout: Duration = .seconds(10),
        interruptGrace: Duration = .seconds(5),
        recordTiming: Bool = true
    ) {
        self.executionTimeout = executionTimeout
        self.allowErrors = allowErrors
        self.saveDuringRun = saveDuringRun
        self.autosaveInterval = autosaveInterval
        self.idleTimeout = idleTimeout
        self.interruptGrace = interruptGrace
        self.recordTiming = recordTiming
    }
}
