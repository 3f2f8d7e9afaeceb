// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Synchronization

/// Receives every message an execution caused, as it arrives: IOPub messages (`status` included)
/// and, last, the shell `execute_reply`. Input requests are answered before it sees anything else.
public typealias ExecutionMessageHandler = @Sendable (Channel, JupyterMessage) async throws -> Void

extension Kernel {
    /// Runs `code` and waits for its `execute_reply` and the kernel's final `idle` status.
    ///
    /// - Parameters:
    ///   - options: `execute_request` fields and a timeout.
    ///   - onEvent: receives outputs as they arrive (the trailing closure); without it they
    ///     are collected in ``ExecutionResult/outputs``. A slow handler slows reading this
    ///     kernel's messages (backpressure), it never loses them.
    ///   - input: answers `input()`/`getpass()` prompts; without it the request says
    ///     `allow_stdin: false` and the kernel raises instead of prompting.
    /// - Returns: the reply (whose status is `error` when the code raised) and the outputs.
    /// - Throws: `kernelDied` (with exit status and last output) if the kernel dies meanwhile,
    ///   `kernelRestarted`, `kernelNotRunning`, `requestTimeout`, or what a handler throws.
    ///
    /// ```swift
    /// let result = try await kernel.execute("name = input('name? '); print('hi', name)", input: { _ in "Ada" })
    /// result.stdout   // "hi Ada\n"
    /// try await kernel.execute("for i in range(3): print(i)") { event in
    ///     if case .stream(let text) = event { print(text.text, terminator: "") }
    /// }
    /// ```
    @discardableResult
    public func execute(
        _ code: String,
        options: ExecuteOptions = ExecuteOptions(),
        onEvent: ExecutionEventHandler? = nil,
        input: InputHandler? = nil
    ) async throws -> ExecutionResult {
        let collected = Mutex<[ExecutionEvent]>([])
        let reply = try await executeMessages(code, options: options, input: input) { channel, message in
            guard channel == .iopub, let event = ExecutionEvent(message) else { return }
            if let onEvent { try await onEvent(event) } else { collected.withLock { $0.append(event) } }
        }
        guard case .executeReply(let content) = reply.content else {
            throw KernelsError(.invalidContent, "expected execute_reply, got \(reply.messageType)", messageType: reply.messageType)
        }
        return ExecutionResult(reply: content, outputs: collected.withLock { $0 })
    }

    /// Runs `code` and hands `onMessage` every message it causes, whole (headers, dates, comm
    /// traffic, `status`); returns the `execute_reply` message once the kernel is idle again.
    ///
    /// With ``ExecuteOptions/idleTimeoutAfterReply`` the wait for `idle` after the reply ends
    /// when IOPub stays silent that long (a lost `idle` then cannot hang the caller); the
    /// handler has seen no `idle` status in that case.
    /// - Throws: as ``execute(_:options:onEvent:input:)``.
    public func executeMessages(
        _ code: String,
        options: ExecuteOptions = ExecuteOptions(),
        input: InputHandler? = nil,
        onMessage: @escaping ExecutionMessageHandler
    ) async throws -> JupyterMessage {
        let connection = try runningConnection(for: "execute code")
        let content = ExecuteRequest(
            code: code,
            silent: options.silent,
            storeHistory: options.storeHistory,
            userExpressions: options.userExpressions,
            allowStdin: input != nil,
            stopOnError: options.stopOnError
        )
        let request = connection.session.message(content)
        let pending = try connection.router.register(request.messageID, capacity: configuration.requestBufferLimit)
        defer { connection.router.remove(request.messageID) }
        try await connection.send(request, on: .shell)
        let idleTimeout = options.idleTimeoutAfterReply
        let wait: @Sendable () async throws -> JupyterMessage = {
            var reply: JupyterMessage?
            var idle = false
            while reply == nil || !idle {
                let routed: RoutedReply
                if reply != nil, let idleTimeout {
                    guard let next = try await within(idleTimeout, { try await pending.next() }) else { break }
                    routed = next
                } else {
                    routed = try await pending.next()
                }
                switch (routed.channel, routed.message.content) {
                case (.shell, .executeReply):
                    reply = routed.message
                case (.stdin, .inputRequest(let prompt)):
                    let value = try await input?(prompt) ?? ""
                    let answer = connection.session.message(InputReply(value: value), parent: routed.message.header)
                    try await connection.send(answer, on: .stdin)
                    continue
                case (.iopub, .status(let status)):
                    if status.executionState == .idle { idle = true }
                case (.iopub, _):
                    break
                default:
                    continue
                }
                try await onMessage(routed.channel, routed.message)
            }
            guard let reply else { throw CancellationError() }
            return reply
        }
        guard let timeout = options.timeout else { return try await wait() }
        return try await withTimeout(
            timeout,
            error: { [label = self.label, id = self.id] in
                KernelsError(
                    .requestTimeout,
                    "\(label) did not finish executing within \(timeout)",
                    messageType: "execute_request",
                    kernelID: id
                )
            },
            wait
        )
    }
}
