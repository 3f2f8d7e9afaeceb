// SPDX-License-Identifier: Apache-2.0

import Contents
import Kernels
import NotebookFormat
import Synchronization

/// A kernel as the server reports it: the `Kernels` kernel plus what jupyter_server tracks for
/// its model (`execution_state`, `last_activity`, `connections`, `reason`).
final class ServerKernel: Sendable {
    /// What the model shows, changed by the activity monitor, restarts and websockets.
    struct Tracking: Sendable {
        var executionState = "starting"
        var lastActivity = ServerClock.now()
        var connections = 0
        var reason: String?
        var restarts = 0
        var shutDown = false
    }

    /// Message types that neither count as activity nor set the execution state (the page
    /// config's `untracked_message_types`, jupyter_server's defaults).
    static let untracked: Set<String> = [
        "comm_info_request", "comm_info_reply", "kernel_info_request", "kernel_info_reply", "shutdown_request",
        "shutdown_reply", "interrupt_request", "interrupt_reply", "debug_request", "debug_reply", "stream",
        "display_data", "update_display_data", "execute_input", "execute_result", "error", "status", "clear_output",
        "debug_event", "input_request", "input_reply",
    ]

    /// The running kernel.
    let kernel: Kernel
    /// Its model's changing fields.
    let tracking = Mutex(Tracking())
    private let outage = Mutex(Latch())
    private let parked = Mutex<(sessionID: String, session: BridgeSession)?>(nil)

    /// Wraps a started kernel.
    init(kernel: Kernel) {
        self.kernel = kernel
    }

    /// The kernel's id.
    var id: String { kernel.id }

    /// The kernel model: `id`, `name`, `last_activity`, `execution_state`, `connections` (and `reason`).
    func model() -> JSONValue {
        let t = tracking.withLock { $0 }
        var members: [(String, JSONValue)] = [
            ("id", .string(kernel.id)), ("name", .string(kernel.spec.name)),
            ("last_activity", .string(t.lastActivity.isoformat)), ("execution_state", .string(t.executionState)),
            ("connections", .number(.int(t.connections))),
        ]
        if let reason = t.reason { members.append(("reason", .string(reason))) }
        return .object(JSONObject(members))
    }

    /// Applies one IOPub message to the model, as jupyter_server's activity monitor does.
    func observe(messageType: String, parentType: String?, executionState: String?) {
        tracking.withLock { t in
            let tracked = !Self.untracked.contains(messageType) || parentType.map { !Self.untracked.contains($0) } == true
            if tracked || t.executionState == "busy" { t.lastActivity = ServerClock.now() }
            guard messageType == "status", let state = executionState else { return }
            if let parentType, !Self.untracked.contains(parentType) {
                t.executionState = state
            } else if t.executionState == "starting" || t.executionState == "restarting", state != "starting" {
                t.executionState = "idle"
            }
        }
    }

    /// Records a websocket opening (+1) or closing (-1).
    func connectionsChanged(by delta: Int) {
        tracking.withLock { $0.connections = max(0, $0.connections + delta) }
    }

    /// Sets the execution state (restarting, dead, idle after a restart).
    func setState(_ state: String, reason: String? = nil) {
        tracking.withLock { t in
            t.executionState = state
            if let reason { t.reason = reason }
            t.lastActivity = ServerClock.now()
        }
    }

    /// The latch of the current run of the kernel's process: opened when that run ends (a death
    /// or a restart), after the model says so; a fresh one is made once the kernel is back.
    func currentOutage() -> Latch { outage.withLock { $0 } }

    /// The process stopped (restart or death): the model shows `state`, then waiters are told.
    func beginOutage(_ state: String, reason: String? = nil) {
        setState(state, reason: reason)
        outage.withLock { $0 }.open()
    }

    /// The kernel is running again after an outage.
    func endOutage() {
        outage.withLock { $0 = Latch() }
        setState("idle")
    }

    /// Keeps a detached websocket session (its sockets and buffer) for a reconnect with
    /// `sessionID`; only one is kept per kernel, as in jupyter_server, so one parked before ends.
    func park(_ session: BridgeSession, for sessionID: String) {
        let previous = parked.withLock { p in
            defer { p = (sessionID, session) }
            return p
        }
        if let previous, previous.session !== session { previous.session.end() }
    }

    /// The parked session of `sessionID`, taken; a parked session of another id ends (its buffer
    /// is dropped, as jupyter_server's `get_buffer` does when another session connects).
    func claimParked(_ sessionID: String) -> BridgeSession? {
        let previous = parked.withLock { p in
            defer { p = nil }
            return p
        }
        guard let previous else { return nil }
        if previous.sessionID == sessionID { return previous.session }
        previous.session.end()
        return nil
    }

    /// Forgets `session` if it is the parked one (it ended).
    func unpark(_ session: BridgeSession) {
        parked.withLock { p in
            if p?.session === session { p = nil }
        }
    }

    /// Whether the kernel was shut down through the API.
    var isShutDown: Bool { tracking.withLock { $0.shutDown } }
}
