// SPDX-License-Identifier: Apache-2.0

import Synchronization

extension Kernel {
    /// How far a start got, for the timeout's message.
    enum StartProgress: Sendable {
        case connecting, waitingForReply, waitingForIOPub

        var explanation: String {
            switch self {
            case .connecting: "its sockets never accepted a connection (is the kernel binding the ports in its connection file?)"
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
            group.addTask {
                let connection = try await KernelConnection.open(
                    info,
                    session: session,
                    configuration: connectionConfiguration,
                    deadline: deadline,
                    abort: { exited.isComplete ? CancellationError() : nil },
                    events: events
                )
                do {
                    return (connection, try await self.waitUntilReady(connection, progress: progress))
                } catch {
                    await connection.close()
                    throw error
                }
            }
            group.addTask {
                let exit = try await exited.value
                let tail = launch.process.outputTail(lines: 20)
                throw KernelsError(
                    .kernelDied,
                    "\(self.label(launch)) exited before it was ready (\(exit))"
                        + (tail.isEmpty ? "; it wrote nothing" : "; its last output:\n\(tail)"),
                    kernelID: self.id
                )
            }
            group.addTask {
                try await Task.sleep(until: deadline)
                let tail = launch.process.outputTail(lines: 10)
                throw KernelsError(
                    .startTimeout,
                    "\(self.label(launch)) was not ready within \(timeout): \(progress.withLock { $0.explanation })"
                        + (tail.isEmpty ? "" : "; its last output:\n\(tail)"),
                    kernelID: self.id
                )
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

    /// Sends `kernel_info_request` until one is answered (every second, as jupyter_client's
    /// `wait_for_ready`), then until IOPub has delivered something, so no early output is lost:
    /// ipykernel greets a new subscriber with `iopub_welcome`, other kernels publish `busy`/`idle`
    /// for each request once the subscription has reached them.
    private func waitUntilReady(_ connection: KernelConnection, progress: Locked<StartProgress>) async throws -> KernelInfoReply {
        progress.withLock { $0 = .waitingForReply }
        var answer: KernelInfoReply?
        while answer == nil {
            try Task.checkCancellation()
            answer = try? await request(KernelInfoRequest(), on: .shell, timeout: .seconds(1), connection: connection)
        }
        progress.withLock { $0 = .waitingForIOPub }
        while await !connection.waitForIOPub(timeout: .milliseconds(100)) {
            try Task.checkCancellation()
            try await connection.send(connection.session.message(KernelInfoRequest()), on: .shell)
        }
        guard let answer else { throw CancellationError() }
        return answer
    }
}
