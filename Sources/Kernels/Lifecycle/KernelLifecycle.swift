// SPDX-License-Identifier: Apache-2.0

/// A kernel's state as callers see it.
public enum KernelState: String, Sendable, Hashable {
    /// The process is starting; the kernel has not answered `kernel_info_request` yet.
    case starting
    /// Ready and not running anything (its last IOPub status was `idle`).
    case idle
    /// Running a request (its last IOPub status was `busy`).
    case busy
    /// Being stopped and started again.
    case restarting
    /// Being shut down.
    case shuttingDown
    /// Not running: shut down, failed to start, or died.
    case dead
}

/// Why a kernel is dead.
public enum KernelDeath: Sendable, Hashable, CustomStringConvertible {
    /// It was shut down on request.
    case shutDown
    /// Its process ended on its own: the exit, and the last lines it wrote.
    case died(ProcessExit, outputTail: String)
    /// It never became ready (the message says why).
    case startFailed(String)

    /// A short explanation.
    public var description: String {
        switch self {
        case .shutDown: "it was shut down"
        case .died(let exit, let tail): "its process died (\(exit))" + (tail.isEmpty ? "" : "; last output:\n\(tail)")
        case .startFailed(let reason): "it failed to start: \(reason)"
        }
    }
}

/// The pure state machine of one kernel's life (STYLE 20): events in, actions out. The
/// ``Kernel`` carries the actions out; this type does no I/O and is tested on its own.
///
/// ```
///  starting ──ready──▶ idle ◀──status──▶ busy
///     │                 │  ╲                │
///     │ start failed    │   restart ──▶ restarting ──ready──▶ idle
///     ▼                 ▼                   │
///   dead ◀──exit── (any running state)      │ shutdown (from any state but dead)
///     ▲                                     ▼
///     └──────────── finished ──────── shuttingDown
/// ```
struct KernelLifecycle: Sendable, Equatable {
    /// The states, with what the dead state needs to remember.
    enum Phase: Sendable, Equatable {
        case starting
        case running(busy: Bool)
        case restarting
        case shuttingDown
        case dead(KernelDeath)
    }

    /// The current phase.
    private(set) var phase: Phase = .starting
    /// How many times the kernel has been (re)started successfully.
    private(set) var generation = 0

    /// The caller-facing state.
    var state: KernelState {
        switch phase {
        case .starting: .starting
        case .running(let busy): busy ? .busy : .idle
        case .restarting: .restarting
        case .shuttingDown: .shuttingDown
        case .dead: .dead
        }
    }

    /// What to do after a (re)start completed.
    enum ReadyAction: Equatable {
        /// Use the new process and connection.
        case use
        /// A shutdown was asked for meanwhile: stop the new process.
        case discard
    }

    /// The process answered `kernel_info_request` and IOPub is connected.
    mutating func ready() -> ReadyAction {
        switch phase {
        case .starting, .restarting:
            phase = .running(busy: false)
            generation += 1
            return .use
        case .running, .shuttingDown, .dead:
            return .discard
        }
    }

    /// Starting (or restarting) failed for `reason`.
    mutating func startFailed(_ reason: String) {
        switch phase {
        case .starting, .restarting: phase = .dead(.startFailed(reason))
        case .running, .shuttingDown, .dead: break
        }
    }

    /// An IOPub `status` arrived; only a running kernel changes between idle and busy.
    mutating func statusReceived(_ state: ExecutionState) {
        guard case .running = phase else { return }
        if state == .busy { phase = .running(busy: true) } else if state == .idle { phase = .running(busy: false) }
    }

    /// What to do when the process ended.
    enum ExitAction: Equatable {
        /// Unexpected: fail every pending request with this death and tell observers.
        case died(KernelDeath)
        /// Expected (start, restart or shutdown under way, or already dead): the ongoing operation handles it.
        case expected
    }

    /// The kernel's process ended with `exit`, having written `outputTail` last.
    mutating func processExited(_ exit: ProcessExit, outputTail: String) -> ExitAction {
        switch phase {
        case .running:
            let death = KernelDeath.died(exit, outputTail: outputTail)
            phase = .dead(death)
            return .died(death)
        case .starting, .restarting, .shuttingDown, .dead:
            // A start or restart in progress notices the exit itself (and may try again).
            return .expected
        }
    }

    /// What to do for a restart request.
    enum RestartAction: Equatable {
        /// Stop the running process, then start a new one.
        case stopAndStart
        /// The process is gone already: just start a new one.
        case start
        /// Refused: the kernel is busy with another life-cycle change.
        case reject(String)
    }

    /// A restart was requested.
    mutating func restartRequested() -> RestartAction {
        switch phase {
        case .running:
            phase = .restarting
            return .stopAndStart
        case .dead(let death):
            if death == .shutDown { return .reject("it was shut down") }
            phase = .restarting
            return .start
        case .starting: return .reject("it is still starting")
        case .restarting: return .reject("it is already restarting")
        case .shuttingDown: return .reject("it is shutting down")
        }
    }

    /// What to do for a shutdown request.
    enum ShutdownAction: Equatable {
        /// Stop the process (shutdown request, then SIGTERM, then SIGKILL).
        case stop
        /// Another shutdown is under way: wait for it.
        case awaitOngoing
        /// Nothing is running: only release the connection file and ports.
        case cleanUp
    }

    /// A shutdown was requested.
    mutating func shutdownRequested() -> ShutdownAction {
        switch phase {
        case .starting, .running, .restarting:
            phase = .shuttingDown
            return .stop
        case .shuttingDown:
            return .awaitOngoing
        case .dead(let death):
            if death == .shutDown { return .awaitOngoing }
            phase = .dead(.shutDown)
            return .cleanUp
        }
    }

    /// The shutdown finished: the process is gone.
    mutating func shutdownFinished() {
        phase = .dead(.shutDown)
    }

    /// Why requests cannot be sent now, or nil when they can.
    var refusal: String? {
        switch phase {
        case .running: nil
        case .starting: "it is still starting"
        case .restarting: "it is restarting"
        case .shuttingDown: "it is shutting down"
        case .dead(let death): "it is dead: \(death)"
        }
    }

    /// The death, when dead.
    var death: KernelDeath? {
        if case .dead(let death) = phase { return death }
        return nil
    }
}
