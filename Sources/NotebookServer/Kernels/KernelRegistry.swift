// SPDX-License-Identifier: Apache-2.0

import Kernels
import Logging
import NIOCore
import NotebookFormat
import Synchronization
import ZMTP

/// The server's kernels by id: starts them through a ``KernelManager``, watches each one's IOPub
/// for its model (as jupyter_server's activity monitor) and restarts one that dies on its own,
/// up to the restart limit (jupyter_client's autorestart), after which it is reported `dead`.
actor KernelRegistry {
    /// Starts and stops the processes.
    let manager: KernelManager
    private let restartLimit: Int
    private let events: EventBus
    private var table: [String: ServerKernel] = [:]
    private var watchers: [String: Task<Void, Never>] = [:]
    private let logger = Logger(label: "quire.server.kernels")

    /// A registry over `manager`.
    init(manager: KernelManager, restartLimit: Int, events: EventBus) {
        self.manager = manager
        self.restartLimit = restartLimit
        self.events = events
    }

    /// Starts the kernelspec `name` (the default when nil) in `directory`; returns once it is ready.
    func start(name: String?, directory: String?, sessionName: String? = nil) async throws(NotebookServerError) -> ServerKernel {
        let kernelName = (name?.isEmpty == false ? name : nil) ?? Kernelspec.nativeName
        let options = KernelStartOptions(workingDirectory: directory, sessionName: sessionName)
        let kernel: Kernel
        do {
            kernel = try await manager.startKernel(named: kernelName, options: options)
        } catch let error as KernelsError where error.code == .noSuchKernel {
            throw NotebookServerError(
                .kernelUnavailable,
                "The '\(kernelName)' kernel is not available. Please pick another suitable kernel instead, or install that kernel.",
                extra: [("short_message", "\(kernelName) not found")]
            )
        } catch {
            throw NotebookServerError(.internalError, "Kernel '\(kernelName)' failed to start: \(error)")
        }
        let served = ServerKernel(kernel: kernel)
        served.setState("idle")
        events.kernelAction("start", kernelID: kernel.id, kernelName: kernel.spec.name, succeeded: true, message: "Kernel \(kernel.id) was started.")
        table[kernel.id] = served
        watchers[kernel.id] = Task { [weak self] in await self?.watch(served) }
        return served
    }

    /// The kernel with this id.
    func kernel(id: String) -> ServerKernel? { table[id] }

    /// The kernel with this id, or jupyter_server's 404.
    func existing(id: String) throws(NotebookServerError) -> ServerKernel {
        guard let kernel = table[id] else { throw NotebookServerError(.notFound, "Kernel does not exist: \(id)") }
        return kernel
    }

    /// Every kernel, oldest first.
    var all: [ServerKernel] { table.values.sorted { $0.kernel.id < $1.kernel.id } }

    /// Shuts a kernel down and forgets it.
    func shutdown(id: String) async throws(NotebookServerError) {
        let kernel = try existing(id: id)
        kernel.tracking.withLock { $0.shutDown = true }
        table[id] = nil
        watchers.removeValue(forKey: id)?.cancel()
        try? await manager.shutdownKernel(id: id)
        events.kernelAction("shutdown", kernelID: id, kernelName: kernel.kernel.spec.name, succeeded: true, message: "Kernel \(id) was shutdown.")
    }

    /// Restarts a kernel (the REST restart); returns once the new process is ready.
    func restart(id: String) async throws(NotebookServerError) -> ServerKernel {
        let kernel = try existing(id: id)
        kernel.beginOutage("restarting")
        do {
            try await kernel.kernel.restart()
        } catch {
            kernel.beginOutage("dead", reason: "\(error)")
            throw NotebookServerError(.internalError, "Exception restarting kernel: \(error)")
        }
        kernel.endOutage()
        events.kernelAction("restart", kernelID: id, kernelName: kernel.kernel.spec.name, succeeded: true, message: "Kernel \(id) was restarted.")
        return kernel
    }

    /// Interrupts a kernel (SIGINT to its process group, or `interrupt_request` for message mode).
    func interrupt(id: String) async throws(NotebookServerError) {
        let kernel = try existing(id: id)
        do { try await kernel.kernel.interrupt() } catch {
            throw NotebookServerError(.internalError, "Kernel \(id) could not be interrupted: \(error)")
        }
        events.kernelAction("interrupt", kernelID: id, kernelName: kernel.kernel.spec.name, succeeded: true, message: "Kernel \(id) was interrupted.")
    }

    /// Shuts every kernel down (server exit).
    func shutdownAll() async {
        for task in watchers.values { task.cancel() }
        watchers = [:]
        for kernel in table.values { kernel.tracking.withLock { $0.shutDown = true } }
        table = [:]
        await manager.shutdownAll()
    }

    // MARK: - Watching

    /// Follows the kernel's IOPub for its model, and restarts it when it dies on its own.
    private func watch(_ served: ServerKernel) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.monitorActivity(served) }
            group.addTask { await self.restartOnDeath(served) }
            await group.next()
            group.cancelAll()
        }
    }

    /// jupyter_client's autorestart: a death is followed by a restart, `restartLimit` times at most.
    private func restartOnDeath(_ served: ServerKernel) async {
        while !Task.isCancelled {
            guard let death = try? await served.kernel.waitForDeath() else { return }
            if served.isShutDown { return }
            let attempt = served.tracking.withLock { t -> Int in
                t.restarts += 1
                return t.restarts
            }
            if attempt > restartLimit {
                logger.error("kernel \(served.id) died and was restarted \(restartLimit) times: giving up (\(death))")
                served.beginOutage("dead", reason: "Kernel died \(restartLimit + 1) times: \(death)")
                return
            }
            logger.warning("kernel \(served.id) died (\(death)); restarting (\(attempt) of \(restartLimit))")
            served.beginOutage("restarting")
            do {
                try await served.kernel.restart()
                served.endOutage()
            } catch {
                served.beginOutage("dead", reason: "Kernel could not be restarted: \(error)")
                return
            }
        }
    }

    /// Reads the kernel's IOPub on a SUB socket of its own (reconnecting after restarts) and
    /// applies every message to the model.
    private static func monitorActivity(_ served: ServerKernel) async {
        while !Task.isCancelled && !served.isShutDown {
            if let info = served.kernel.connectionInfo, let signer = try? MessageSigner(connectionKey: info.key, scheme: info.signatureScheme) {
                try? await SubscriberSocket.connect(to: info.endpoint(.iopub), subscriptions: [[]]) { iopub in
                    for try await frames in iopub.messages {
                        guard let wire = try? WireMessage(frames: frames.frames), (try? signer.verify(wire)) != nil else { continue }
                        let summary = MessageSummary(wire)
                        served.observe(messageType: summary.type, parentType: summary.parentType, executionState: summary.executionState)
                    }
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
