// SPDX-License-Identifier: Apache-2.0

public import Logging
import Synchronization
public import ZMTP

/// One running kernel: its process (through a ``KernelProvisioner``), its connection, and the
/// requests a caller makes. Many kernels can be used at once from one process, and one kernel
/// from many tasks; a kernel is started by ``KernelManager/startKernel(named:options:)``.
///
/// ```swift
/// let kernel = try await manager.startKernel(named: "python3")
/// let result = try await kernel.execute("for i in range(3): print(i)") { event in
///     if case .stream(let text) = event { print(text.text, terminator: "") }
/// }
/// let completions = try await kernel.complete(code: "import o")
/// try await kernel.interrupt()
/// try await kernel.restart()
/// await kernel.shutdown()
/// ```
///
/// Its life is the pure ``KernelState`` machine (`KernelLifecycle`): starting, idle/busy,
/// restarting, shutting down, dead. When the process dies, every waiting request fails at once
/// with `KernelsError.kernelDied` naming the kernel, the exit status or signal and the last
/// lines the kernel wrote.
public final class Kernel: Sendable {
    /// Settings shared by a manager's kernels.
    public struct Configuration: Sendable {
        /// How long a kernel has to exit after `shutdown_request`, and again after SIGTERM
        /// (jupyter_client waits `shutdown_wait_time` = 5 s, split between the two).
        public var shutdownTimeout: Duration
        /// How often the heartbeat pings.
        public var heartbeatInterval: Duration
        /// ZMTP limits for every socket.
        public var zmtp: ZMTPConfiguration
        /// How many unread messages one request may queue before reading its kernel pauses.
        public var requestBufferLimit: Int
        /// Where kernel events are logged (`quire.kernels`).
        public var logger: Logger

        /// Settings; the defaults follow jupyter_client.
        public init(
            shutdownTimeout: Duration = .seconds(5),
            heartbeatInterval: Duration = .seconds(1),
            zmtp: ZMTPConfiguration = ZMTPConfiguration(),
            requestBufferLimit: Int = 256,
            logger: Logger = Logger(label: "quire.kernels")
        ) {
            self.shutdownTimeout = shutdownTimeout
            self.heartbeatInterval = heartbeatInterval
            self.zmtp = zmtp
            self.requestBufferLimit = requestBufferLimit
            self.logger = logger
        }
    }

    /// One launch of the kernel's process, with what watches it.
    struct Launch: Sendable {
        var serial: Int
        var process: any KernelProcess
        var exited = OneShot<ProcessExit>()
    }

    struct State {
        var lifecycle = KernelLifecycle()
        var launch: Launch?
        var connection: KernelConnection?
        var info: KernelInfoReply?
        var launches = 0
        var shutdownDone = OneShot<Void>()
        var died = OneShot<KernelDeath>()
    }

    /// The kernel's id (a UUID, as jupyter_server's kernel ids).
    public let id: String
    /// The kernelspec it was started from.
    public let spec: Kernelspec
    /// How it was started.
    public let options: KernelStartOptions
    let provisioner: any KernelProvisioner
    let configuration: Configuration
    let state = Mutex(State())

    init(
        id: String,
        spec: Kernelspec,
        options: KernelStartOptions,
        provisioner: any KernelProvisioner,
        configuration: Configuration
    ) {
        self.id = id
        self.spec = spec
        self.options = options
        self.provisioner = provisioner
        self.configuration = configuration
    }

    // MARK: - State

    /// Starting, idle, busy, restarting, shutting down or dead.
    public var currentState: KernelState { state.withLock { $0.lifecycle.state } }
    /// The `kernel_info_reply` the kernel gave when it became ready.
    public var info: KernelInfoReply? { state.withLock { $0.info } }
    /// The kernel process's id (also its process group), while it has one.
    public var processID: Int32? { state.withLock { $0.launch?.process.processID } }
    /// Where the kernel's sockets listen.
    public var connectionInfo: ConnectionInfo? { state.withLock { $0.launch?.process.connection } }
    /// Why the kernel is dead, or nil while it is not.
    public var death: KernelDeath? { state.withLock { $0.lifecycle.death } }
    /// When the kernel last answered a heartbeat.
    public var lastHeartbeat: ContinuousClock.Instant? { state.withLock { $0.connection }?.lastHeartbeat }

    /// Waits until the kernel process dies on its own (not for a shutdown); cancellable.
    public func waitForDeath() async throws -> KernelDeath {
        try await state.withLock { $0.died }.value
    }

    /// "kernel 'python3' (id …, pid …)".
    var label: String {
        let pid = processID.map { ", pid \($0)" } ?? ""
        return "kernel '\(spec.name)' (id \(id)\(pid))"
    }

    /// Changes the state under its lock and logs a change of ``KernelState`` at trace level.
    @discardableResult
    func transition<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
        let (result, before, after) = state.withLock { state in
            let before = state.lifecycle.state
            let result = body(&state)
            return (result, before, state.lifecycle.state)
        }
        if before != after {
            configuration.logger.trace("\(label): \(before) -> \(after)", metadata: ["kernel.id": "\(id)"])
        }
        return result
    }

    /// The connection, if requests can be sent now; else an error saying why not.
    func runningConnection(for what: String) throws(KernelsError) -> KernelConnection {
        let (refusal, connection, death) = state.withLock { ($0.lifecycle.refusal, $0.connection, $0.lifecycle.death) }
        if let refusal {
            let code: KernelsError.Code
            if case .died = death { code = .kernelDied } else { code = .kernelNotRunning }
            throw KernelsError(code, "cannot \(what): \(label) \(refusal)", kernelID: id)
        }
        guard let connection else {
            throw KernelsError(.kernelNotRunning, "cannot \(what): \(label) has no connection", kernelID: id)
        }
        return connection
    }

    /// "; its last output:\n<tail>" for an error message, or `silent` when the kernel wrote nothing.
    static func quoting(_ tail: String, silent: String = "; it wrote nothing") -> String {
        tail.isEmpty ? silent : "; its last output:\n\(tail)"
    }

    /// The error for a death.
    func error(for death: KernelDeath) -> KernelsError {
        switch death {
        case .died(let exit, let tail):
            KernelsError(
                .kernelDied,
                "\(label) died (\(exit))" + Kernel.quoting(tail),
                kernelID: id
            )
        case .shutDown: KernelsError(.kernelNotRunning, "\(label) was shut down", kernelID: id)
        case .startFailed(let reason):
            KernelsError(.kernelNotRunning, "\(label) failed to start: \(reason)", kernelID: id)
        }
    }

    // MARK: - Watching the process

    /// Watches a launched process until it exits, then applies the exit to the life cycle.
    /// Runs in its own task: a process lives longer than any one call.
    func watch(_ launch: Launch) {
        Task {
            let exit = await launch.process.waitForExit()
            let tail = launch.process.outputTail(lines: 20)
            launch.exited.succeed(exit)
            let (action, connection, died) = transition {
                state -> (KernelLifecycle.ExitAction?, KernelConnection?, OneShot<KernelDeath>) in
                guard state.launch?.serial == launch.serial else { return (nil, nil, state.died) }
                return (state.lifecycle.processExited(exit, outputTail: tail), state.connection, state.died)
            }
            guard case .died(let death)? = action else { return }
            configuration.logger.warning("\(label) died (\(exit))", metadata: ["kernel.id": "\(id)"])
            await connection?.close(failing: error(for: death))
            died.succeed(death)
        }
    }

    /// The connection ended while the process may still run: fail waiting requests, unless the
    /// process exits within a second (then its exit, with status and output, is reported instead).
    func connectionLost(serial: Int, reason: any Error) {
        Task {
            let current = state.withLock { state -> (Launch, KernelConnection?)? in
                guard let launch = state.launch, launch.serial == serial, state.lifecycle.refusal == nil else {
                    return nil
                }
                return (launch, state.connection)
            }
            guard let (launch, connection) = current else { return }
            let exited = launch.exited
            if (try? await withTimeout(.seconds(1), error: { CancellationError() }, { try await exited.value })) != nil
            {
                return
            }
            configuration.logger.error("\(label): lost the connection: \(reason)", metadata: ["kernel.id": "\(id)"])
            await connection?.close(
                failing: KernelsError(.connectionFailed, "\(label): lost the connection: \(reason)", kernelID: id)
            )
        }
    }
}
