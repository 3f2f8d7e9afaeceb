// SPDX-License-Identifier: Apache-2.0

/// Starts kernel processes and controls them: the seam between a ``Kernel`` and where its
/// process runs (jupyter_client's `KernelProvisionerBase`). ``LocalProcessProvisioner`` runs
/// them as child processes of Quire.
public protocol KernelProvisioner: Sendable {
    /// Starts a kernel for `spec`: chooses its connection details (or reuses `connection`, for a
    /// restart), writes what the kernel needs, and starts it. Returns as soon as the process
    /// runs; readiness is checked by the caller over the kernel's sockets.
    func launch(
        kernelID: String,
        spec: Kernelspec,
        options: KernelStartOptions,
        reusing connection: ConnectionInfo?
    ) async throws -> any KernelProcess
}

/// A started kernel process, as its provisioner controls it.
public protocol KernelProcess: Sendable {
    /// Where the kernel's sockets listen, and its key.
    var connection: ConnectionInfo { get }
    /// The process id (also its process group), when the process is local.
    var processID: Int32? { get }
    /// How the process ended, or nil while it runs.
    var exit: ProcessExit? { get }
    /// Waits until the process has ended.
    func waitForExit() async -> ProcessExit
    /// The last `lines` lines the process wrote to standard output and error.
    func outputTail(lines: Int) -> String
    /// Sends a signal to the kernel's process group; false if it is gone.
    @discardableResult
    func signal(_ signal: Int32) -> Bool
    /// Releases what the launch claimed (connection file, reserved ports), after the process
    /// ended. `keepConnection` keeps them for a restart on the same connection.
    func cleanUp(keepConnection: Bool)
}
