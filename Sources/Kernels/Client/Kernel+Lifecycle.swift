// SPDX-License-Identifier: Apache-2.0

import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Kernel {
    // MARK: - Restart and shutdown

    /// Restarts the kernel: stops its process (shutdown request with `restart: true`, then
    /// SIGTERM, then SIGKILL) and starts a new one on the same connection file and ports, as
    /// jupyter_client does. Requests waiting for replies fail with `kernelRestarted`. A kernel
    /// that died can be restarted too; one that was shut down cannot.
    public func restart() async throws {
        let (action, launch, connection) = transition { state in
            (state.lifecycle.restartRequested(), state.launch, state.connection)
        }
        switch action {
        case .reject(let reason):
            throw KernelsError(.kernelNotRunning, "cannot restart \(label): \(reason)", kernelID: id)
        case .stopAndStart:
            configuration.logger.debug("restarting \(label)", metadata: ["kernel.id": "\(id)"])
            if let launch { await stop(launch, connection: connection, restart: true) }
            await connection?.close(
                failing: KernelsError(.kernelRestarted, "\(label) was restarted before the reply arrived", kernelID: id)
            )
        case .start:
            break
        }
        state.withLock { state in
            state.connection = nil
            state.info = nil
        }
        do {
            try await launchUntilReady(reusing: launch?.process.connection)
        } catch {
            transition { $0.lifecycle.startFailed("\(error)") }
            throw error
        }
    }

    /// Shuts the kernel down: an interrupt and a `shutdown_request` on control (as
    /// jupyter_client), then SIGTERM after half of
    /// ``Configuration/shutdownTimeout``, then SIGKILL after the other half; then the
    /// connection file and ports are released. Waiting requests fail with `kernelNotRunning`.
    /// Safe to call more than once and from several tasks (later calls wait for the first).
    public func shutdown() async {
        let (action, launch, connection, done) = transition { state in
            (state.lifecycle.shutdownRequested(), state.launch, state.connection, state.shutdownDone)
        }
        switch action {
        case .awaitOngoing:
            _ = try? await done.value
        case .cleanUp:
            launch?.process.cleanUp(keepConnection: false)
            done.succeed(())
        case .stop:
            configuration.logger.debug("shutting down \(label)", metadata: ["kernel.id": "\(id)"])
            if let launch { await stop(launch, connection: connection, restart: false) }
            await connection?.close(
                failing: KernelsError(
                    .kernelNotRunning,
                    "\(label) was shut down before the reply arrived",
                    kernelID: id
                )
            )
            launch?.process.cleanUp(keepConnection: false)
            transition { state in
                state.lifecycle.shutdownFinished()
                state.connection = nil
            }
            done.succeed(())
        }
    }

    /// Interrupts what the kernel is running: SIGINT to its process group, or an
    /// `interrupt_request` on control (waiting for `interrupt_reply`) when the kernelspec's
    /// `interrupt_mode` is `message`.
    public func interrupt() async throws {
        let connection = try runningConnection(for: "interrupt")
        switch spec.interruptMode {
        case .signal:
            guard let launch = state.withLock({ $0.launch }), launch.process.signal(SIGINT) else {
                throw KernelsError(.kernelNotRunning, "cannot interrupt \(label): its process is gone", kernelID: id)
            }
        case .message:
            let _: InterruptReply = try await request(
                InterruptRequest(),
                on: .control,
                timeout: configuration.shutdownTimeout,
                connection: connection
            )
        }
    }

    // MARK: - Starting

    /// Starts the process and waits until it is ready; on failure the kernel is dead with the reason.
    func start() async throws {
        do {
            try await launchUntilReady(reusing: nil)
        } catch {
            transition { $0.lifecycle.startFailed("\(error)") }
            throw error
        }
    }

    /// Launches the process (reusing a connection for a restart) and connects. A kernel that
    /// exits with "Address already in use" (a port taken by another process between choosing
    /// and binding) is started again on new ports, up to three times.
    private func launchUntilReady(reusing existing: ConnectionInfo?) async throws {
        var reuse = existing
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let process = try await provisioner.launch(kernelID: id, spec: spec, options: options, reusing: reuse)
            let launch = state.withLock { state in
                state.launches += 1
                let launch = Launch(serial: state.launches, process: process)
                state.launch = launch
                return launch
            }
            watch(launch)
            do {
                let (connection, info) = try await connect(launch)
                let action = transition { state in
                    let action = state.lifecycle.ready()
                    if action == .use {
                        state.connection = connection
                        state.info = info
                        state.died = OneShot()
                    }
                    return action
                }
                guard action == .use else {
                    await stop(launch, connection: connection, restart: false)
                    await connection.close()
                    process.cleanUp(keepConnection: false)
                    throw KernelsError(.kernelNotRunning, "\(label) was shut down while it started", kernelID: id)
                }
                configuration.logger.debug("\(label) is ready", metadata: ["kernel.id": "\(id)"])
                return
            } catch {
                await terminate(launch)
                let addressInUse = process.outputTail(lines: 40).contains("Address already in use")
                process.cleanUp(keepConnection: false)
                let shuttingDown = state.withLock { $0.lifecycle.state == .shuttingDown || $0.lifecycle.state == .dead }
                guard addressInUse, attempt < 3, !shuttingDown, !(error is CancellationError) else { throw error }
                configuration.logger.notice(
                    "\(label): a port was taken before the kernel bound it; starting again on new ports"
                )
                reuse = nil
            }
        }
    }

    // MARK: - Stopping

    /// Stops a process: an interrupt, a shutdown request when connected, then SIGTERM, then SIGKILL.
    func stop(_ launch: Launch, connection: KernelConnection?, restart: Bool) async {
        let half = configuration.shutdownTimeout / 2
        if launch.exited.isComplete { return }
        // As jupyter_client: interrupt first, so a kernel busy running code (or, like
        // bash_kernel, waiting on a child) gets to the shutdown request.
        switch spec.interruptMode {
        case .signal: launch.process.signal(SIGINT)
        case .message:
            if let connection {
                try? await connection.send(connection.session.message(InterruptRequest()), on: .control)
            }
        }
        if let connection {
            let request = connection.session.message(ShutdownRequest(restart: restart))
            if (try? await connection.send(request, on: .control)) != nil, await waitForExit(launch, timeout: half) {
                return
            }
        }
        configuration.logger.debug("\(label): sending SIGTERM", metadata: ["kernel.id": "\(id)"])
        launch.process.signal(SIGTERM)
        if await waitForExit(launch, timeout: half) { return }
        await terminate(launch)
    }

    /// Kills the process group with SIGKILL and waits for the exit.
    func terminate(_ launch: Launch) async {
        if launch.exited.isComplete { return }
        configuration.logger.notice("\(label): sending SIGKILL", metadata: ["kernel.id": "\(id)"])
        launch.process.signal(SIGKILL)
        if await !waitForExit(launch, timeout: .seconds(10)) {
            configuration.logger.error("\(label) did not exit 10 s after SIGKILL", metadata: ["kernel.id": "\(id)"])
        }
    }

    /// Waits up to `timeout` for the process to exit; returns whether it did.
    private func waitForExit(_ launch: Launch, timeout: Duration) async -> Bool {
        let exited = launch.exited
        return (try? await withTimeout(timeout, error: { CancellationError() }) { try await exited.value }) != nil
    }
}
