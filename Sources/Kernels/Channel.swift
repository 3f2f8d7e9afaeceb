// SPDX-License-Identifier: Apache-2.0

/// The five Jupyter kernel channels (Jupyter messaging spec, "Introduction").
public enum Channel: String, Sendable, Hashable, CaseIterable {
    /// Requests and replies for code execution, completion, inspection and history.
    case shell
    /// Like shell, but for interrupt, shutdown and debug requests, never queued behind execution.
    case control
    /// Requests from the kernel to the frontend for raw input.
    case stdin
    /// The kernel's broadcast channel: status, outputs and comm traffic.
    case iopub
    /// Heartbeat: bytes echoed back unchanged; carries no Jupyter messages.
    case heartbeat = "hb"
}
