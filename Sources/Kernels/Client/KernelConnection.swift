// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Synchronization
import ZMTP

/// The client side of one kernel's five channels, as jupyter_client's `KernelClient`: shell,
/// control and stdin DEALERs sharing one routing identity (the session id, so the kernel sends
/// `input_request`s for a shell request to this client's stdin), the IOPub SUB subscribed to
/// everything, and a heartbeat DEALER pinging every ``Configuration/heartbeatInterval``.
///
/// The sockets live in one task (they are scoped, see `ZMTP`): ``open(_:session:configuration:deadline:abort:events:)``
/// starts it and returns once every channel has connected; ``close()`` ends it. Connecting is
/// retried until the kernel has bound its ports, the deadline passes, or `abort` says the
/// process is gone. Every received message is verified (`Session.decodeVerified`: a bad
/// signature is logged and dropped) and routed by its parent `msg_id` to the waiting request.
final class KernelConnection: Sendable {
    /// Tuning for the connection.
    struct Configuration: Sendable {
        /// ZMTP limits for every socket.
        var zmtp = ZMTPConfiguration()
        /// How often the heartbeat pings.
        var heartbeatInterval: Duration = .seconds(1)
        /// Logs connection events.
        var logger = Logger(label: "quire.kernels")

        /// The sockets' logger: a kernel closing its sockets (shutdown, restart, death) is
        /// routine, so they log only warnings and errors unless `logger` asks for debug output.
        var socketLogger: Logger {
            var socketLogger = logger
            if socketLogger.logLevel > .debug { socketLogger.logLevel = max(socketLogger.logLevel, .warning) }
            return socketLogger
        }
    }

    /// What the connection reports to its kernel, synchronously from the reader tasks.
    struct Events: Sendable {
        /// An IOPub `status` arrived (any parent).
        var status: @Sendable (ExecutionState) -> Void = { _ in }
        /// The connection ended without ``close()`` (the kernel closed its sockets or died).
        var lost: @Sendable (any Error) -> Void = { _ in }
    }

    private struct Sockets: Sendable {
        var shell: DealerSocket
        var control: DealerSocket
        var stdin: DealerSocket
    }

    /// Where the kernel listens.
    let info: ConnectionInfo
    /// Builds, signs and verifies messages.
    let session: Session
    /// The requests waiting for replies.
    let router = MessageRouter()
    private let configuration: Configuration
    private let events: Events
    private let sockets = Mutex<Sockets?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let closing = Atomic<Bool>(false)
    private let connected = OneShot<Void>()
    private let iopubSeen = OneShot<Void>()
    private let heartbeat = Mutex<ContinuousClock.Instant?>(nil)

    private init(info: ConnectionInfo, session: Session, configuration: Configuration, events: Events) {
        self.info = info
        self.session = session
        self.configuration = configuration
        self.events = events
    }

    /// Connects to every channel of the kernel at `info`.
    /// - Parameters:
    ///   - deadline: when to give up connecting.
    ///   - abort: checked between attempts; an error it returns ends the attempts (the process died).
    /// - Throws: the last connection error, `abort`'s error, or `CancellationError`.
    static func open(
        _ info: ConnectionInfo,
        session: Session,
        configuration: Configuration,
        deadline: ContinuousClock.Instant,
        abort: @escaping @Sendable () -> (any Error)?,
        events: Events
    ) async throws -> KernelConnection {
        let connection = KernelConnection(info: info, session: session, configuration: configuration, events: events)
        // The connection outlives this call (a kernel is used across many calls), so its
        // sockets run in their own task, ended by close().
        let runner = Task { await connection.run(deadline: deadline, abort: abort) }
        connection.task.withLock { $0 = runner }
        do {
            try await withTaskCancellationHandler {
                try await connection.connected.value
            } onCancel: {
                connection.connected.fail(CancellationError())
            }
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Ends the connection: pending requests fail with `reason`, the sockets close.
    func close(failing reason: (any Error)? = nil) async {
        closing.store(true, ordering: .relaxed)
        router.failAll(
            reason ?? KernelsError(.connectionFailed, "the connection to the kernel was closed"),
            closing: true
        )
        let runner = task.withLock { $0 }
        runner?.cancel()
        await runner?.value
    }

    /// Sends `message` on shell, control or stdin.
    func send(_ message: JupyterMessage, on channel: Channel) async throws {
        guard let sockets = sockets.withLock({ $0 }), let frames = ZMTPMessage(frames: session.encode(message)) else {
            throw KernelsError(
                .connectionFailed,
                "the connection to the kernel is closed",
                messageType: message.messageType
            )
        }
        switch channel {
        case .shell: try await sockets.shell.send(frames)
        case .control: try await sockets.control.send(frames)
        case .stdin: try await sockets.stdin.send(frames)
        case .iopub, .heartbeat:
            throw KernelsError(
                .connectionFailed,
                "messages cannot be sent on \(channel.rawValue)",
                messageType: message.messageType
            )
        }
    }

    /// Whether any IOPub message has arrived (the subscription is live).
    var isIOPubConnected: Bool { iopubSeen.isComplete }

    /// Waits until an IOPub message has arrived, or `timeout` passed; returns whether one did.
    func waitForIOPub(timeout: Duration) async -> Bool {
        if iopubSeen.isComplete { return true }
        let seen = iopubSeen
        return (try? await withTimeout(timeout, error: { CancellationError() }) { try await seen.value }) != nil
    }

    /// When the heartbeat last echoed, or nil if it never has.
    var lastHeartbeat: ContinuousClock.Instant? { heartbeat.withLock { $0 } }

    // MARK: - The connection task

    private func run(deadline: ContinuousClock.Instant, abort: @escaping @Sendable () -> (any Error)?) async {
        do {
            try await withDealer(.shell, until: deadline, abort: abort) { shell in
                try await withDealer(.control, until: deadline, abort: abort) { control in
                    try await withDealer(.stdin, until: deadline, abort: abort) { stdin in
                        try await Self.retrying(until: deadline, abort: abort) {
                            (body: (SubscriberSocket) async throws -> Void) in
                            try await SubscriberSocket.connect(
                                to: info.endpoint(.iopub),
                                subscriptions: [[]],
                                configuration: configuration.zmtp,
                                logger: configuration.socketLogger,
                                body
                            )
                        } body: { iopub in
                            sockets.withLock { $0 = Sockets(shell: shell, control: control, stdin: stdin) }
                            connected.succeed(())
                            try await serve(shell: shell, control: control, stdin: stdin, iopub: iopub)
                        }
                    }
                }
            }
        } catch {
            connected.fail(error)
            sockets.withLock { $0 = nil }
            if connected.isComplete && !closing.load(ordering: .relaxed) && !(error is CancellationError) {
                events.lost(error)
            }
            return
        }
        sockets.withLock { $0 = nil }
        if !closing.load(ordering: .relaxed) {
            events.lost(KernelsError(.connectionFailed, "the kernel closed its sockets"))
        }
    }

    /// Connects a DEALER with the session id as routing identity (shell, control and stdin
    /// share it, so the kernel sends a request's `input_request`s to this client), retrying
    /// until the kernel listens, and runs `body` with it.
    private func withDealer(
        _ channel: Kernels.Channel,
        until deadline: ContinuousClock.Instant,
        abort: @Sendable () -> (any Error)?,
        _ body: (DealerSocket) async throws -> Void
    ) async throws {
        try await Self.retrying(until: deadline, abort: abort) { (connected: (DealerSocket) async throws -> Void) in
            try await DealerSocket.connect(
                to: info.endpoint(channel),
                identity: Array(session.id.utf8),
                configuration: configuration.zmtp,
                logger: configuration.socketLogger,
                connected
            )
        } body: {
            try await body($0)
        }
    }

    /// Reads every channel until one of them ends or the task is cancelled.
    private func serve(shell: DealerSocket, control: DealerSocket, stdin: DealerSocket, iopub: SubscriberSocket)
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.read(shell.messages, from: .shell) }
            group.addTask { try await self.read(control.messages, from: .control) }
            group.addTask { try await self.read(stdin.messages, from: .stdin) }
            group.addTask { try await self.read(iopub.messages, from: .iopub) }
            group.addTask {
                await self.beat()
                try await Task.sleep(for: .seconds(1 << 40))
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    private func read<Messages: AsyncSequence>(_ messages: Messages, from channel: Channel) async throws
    where Messages.Element == ZMTPMessage {
        for try await frames in messages {
            guard let message = session.decodeVerified(frames: frames.frames) else { continue }
            if channel == .iopub {
                iopubSeen.succeed(())
                if case .status(let status) = message.content { events.status(status.executionState) }
            }
            if await !router.route(message, channel: channel) {
                configuration.logger.trace("unrouted \(message.messageType) on \(channel.rawValue)")
            }
        }
    }

    /// Pings the heartbeat socket; `lastHeartbeat` records the last echo. A failing heartbeat
    /// is retried quietly: a local kernel's death is noticed by watching its process.
    private func beat() async {
        let payload = ZMTPMessage(ByteBuffer(string: "ping"))
        while !Task.isCancelled {
            do {
                try await DealerSocket.connect(
                    to: info.endpoint(.heartbeat),
                    configuration: configuration.zmtp,
                    logger: configuration.socketLogger
                ) { hb in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for try await _ in hb.messages { self.heartbeat.withLock { $0 = .now } }
                        }
                        group.addTask {
                            while true {
                                try await hb.send(payload)
                                try await Task.sleep(for: self.configuration.heartbeatInterval)
                            }
                        }
                        defer { group.cancelAll() }
                        try await group.next()
                    }
                }
            } catch {}
            try? await Task.sleep(for: configuration.heartbeatInterval)
        }
    }

    /// Runs `connect` with `body`, retrying while connecting fails (the kernel has not bound
    /// its port yet). Errors thrown once `body` runs are not retried.
    private static func retrying<Socket>(
        until deadline: ContinuousClock.Instant,
        abort: @Sendable () -> (any Error)?,
        connect: ((Socket) async throws -> Void) async throws -> Void,
        body: (Socket) async throws -> Void
    ) async throws {
        var delay = Duration.milliseconds(2)
        while true {
            let entered = Locked(false)
            do {
                // `body` runs only inside this call; the compiler cannot see that through `connect`.
                try await withoutActuallyEscaping(body) { body in
                    try await connect { socket in
                        entered.withLock { $0 = true }
                        try await body(socket)
                    }
                }
                return
            } catch  where !entered.value && !(error is CancellationError) {
                if let reason = abort() { throw reason }
                guard ContinuousClock.now + delay < deadline else { throw error }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .milliseconds(50))
            }
        }
    }
}
