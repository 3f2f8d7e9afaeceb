// SPDX-License-Identifier: Apache-2.0

import Synchronization

extension Kernel {
    /// How far a start got, for the timeout's message.
    enum StartProgress: Sendable {
        case connecting, waitingForReply, waitingForIOPub

        var explanation: String {
            switch self {
            case .connecting:
                "its sockets never accepted a connection (is the kernel binding the ports in its connection file?)"
            case .waitingForReply: "it did not answer kernel_info_request"
            case .waitingForIOPub: "it answered kernel_info_request, but its IOPub channel delivered nothing"
            }
        }
    }

    /// Connects to a launched process and waits until it is ready, racing its exit and the
    /// start timeout.
    func connect(_ launch: Launch) async throws -> (KernelConnection, KernelInfoReply) {
        let info = launch.process.connection
        let session = try Session(connectionKey: info.key, signatureScheme: info.signatureScheme)
        let timeout = options.startTimeout
        let deadline = ContinuousClock.now + timeout
        let exited = launch.exited
        let progress = Locked(StartProgress.connecting)
        let serial = launch.serial
        let connectionConfiguration = KernelConnection.Configuration(
            zmtp: configuration.zmtp,
            heartbeatInterval: configuration.heartbeatInterval,
            logger: configuration.logger
        )
        let events = KernelConnection.Events(
            status: { [weak self] executionState in
                self?.state.withLock { state in
                    if state.launch?.serial == serial { state.lifecycle.statusReceived(executionState) }
                }
            },
            lost: { [weak self] reason in self?.connectionLost(serial: serial, reason: reason) }
        )
        return try await withThrowingTaskGroup(of: (KernelConnection, KernelInfoReply)?.self) { group in
            let timedOut: @Sendable () -> KernelsError = {
                KernelsError(
                    .startTimeout,
                    "\(self.label(launch)) was not ready within \(timeout): \(progress.value.explanation)"
                        + Kernel.quoting(launch.process.outputTail(lines: 10), silent: ""),
                    kernelID: self.id
                )
            }
            group.addTask {
                let connection: KernelConnection
                do {
                    connection = try await KernelConnection.open(
                        info,
                        session: session,
                        configuration: connectionConfiguration,
                        deadline: deadline,
                        abort: { exited.isComplete ? CancellationError() : nil },
                        events: events
                    )
                } catch let error as KernelsError {
                    throw error
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // Connecting is retried until the deadline, so a failure here is the timeout.
                    throw timedOut()
                }
                do {
                    return (connection, try await self.waitUntilReady(connection, progress: progress))
                } catch {
                    await connection.close()
                    throw error
                }
            }
            group.addTask {
                let exit = try await exited.value
                throw KernelsError(
                    .kernelDied,
                    "\(self.label(launch)) exited before it was ready (\(exit))"
                        + Kernel.quoting(launch.process.outputTail(lines: 20)),
                    kernelID: self.id
                )
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                throw timedOut()
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    /// "kernel 'name' (id …, pid …)" for a launch.
    func label(_ launch: Launch) -> String {
        let pid = launch.process.processID.map { ", pid \($0)" } ?? ""
        return "kernel '\(spec.name)' (id \(id)\(pid))"
    }

    /// Sends `kernel_info_request`s (as jupyter_client's `wait_for_ready`) until one has been
    /// answered on shell *and* its `idle` status has arrived on IOPub: that proves the IOPub
    /// subscription is live (no early output will be lost) and leaves no status of ours in
    /// flight, so the kernel is idle when reported ready. A kernel that answers but publishes
    /// no status is accepted once IOPub has delivered anything (ipykernel's `iopub_welcome`).
    private func waitUntilReady(_ connection: KernelConnection, progress: Locked<StartProgress>) async throws
        -> KernelInfoReply
    {
        progress.withLock { $0 = .waitingForReply }
        while true {
            try Task.checkCancellation()
            let request = connection.session.message(KernelInfoRequest())
            let pending = try connection.router.register(request.messageID, capacity: configuration.requestBufferLimit)
            defer { connection.router.remove(request.messageID) }
            try await connection.send(request, on: .shell)
            var reply: KernelInfoReply?
            var idle = false
            var deadline = ContinuousClock.now + .seconds(1)
            while ContinuousClock.now < deadline {
                let remaining = deadline - ContinuousClock.now
                guard
                    let routed = try? await withTimeout(
                        remaining,
                        error: { CancellationError() },
                        { try await pending.next() }
                    )
                else { break }
                switch (routed.channel, routed.message.content) {
                case (.shell, .kernelInfoReply(let content)):
                    if idle { return content }
                    reply = content
                    progress.withLock { $0 = .waitingForIOPub }
                    // The idle status follows at once if IOPub is connected; else try again soon.
                    deadline = min(
                        deadline,
                        ContinuousClock.now + (connection.isIOPubConnected ? .milliseconds(500) : .milliseconds(100))
                    )
                case (.iopub, .status(let status)) where status.executionState == .idle:
                    if let reply { return reply }
                    idle = true
                default:
                    continue
                }
            }
            if let reply, connection.isIOPubConnected { return reply }
        }
    }
}
