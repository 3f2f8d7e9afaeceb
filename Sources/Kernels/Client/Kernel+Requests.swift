// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension Kernel {
    // MARK: - Execute

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
        let wait: @Sendable () async throws -> ExecutionResult = {
            var reply: ExecuteReply?
            var idle = false
            var outputs: [ExecutionEvent] = []
            while reply == nil || !idle {
                let routed = try await pending.next()
                switch (routed.channel, routed.message.content) {
                case (.shell, .executeReply(let content)):
                    reply = content
                case (.iopub, .status(let status)):
                    if status.executionState == .idle { idle = true }
                case (.stdin, .inputRequest(let prompt)):
                    let value = try await input?(prompt) ?? ""
                    let answer = connection.session.message(InputReply(value: value), parent: routed.message.header)
                    try await connection.send(answer, on: .stdin)
                case (.iopub, _):
                    guard let event = ExecutionEvent(routed.message) else { continue }
                    if let onEvent { try await onEvent(event) } else { outputs.append(event) }
                default:
                    continue
                }
            }
            guard let reply else { throw CancellationError() }
            return ExecutionResult(reply: reply, outputs: outputs)
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

    // MARK: - Other requests

    /// Completions for the code at `cursor` (a count of Unicode code points; the end by default).
    public func complete(code: String, cursor: Int? = nil, timeout: Duration? = nil) async throws -> CompleteReply {
        try await request(
            CompleteRequest(code: code, cursorPosition: cursor ?? code.unicodeScalars.count),
            timeout: timeout
        )
    }

    /// What the kernel knows about the name at `cursor` (`detailLevel` 0 is like `x?`, 1 like `x??`).
    public func inspect(code: String, cursor: Int? = nil, detailLevel: Int = 0, timeout: Duration? = nil) async throws
        -> InspectReply
    {
        let request = InspectRequest(
            code: code,
            cursorPosition: cursor ?? code.unicodeScalars.count,
            detailLevel: detailLevel
        )
        return try await self.request(request, timeout: timeout)
    }

    /// Whether `code` is a complete statement (`complete`, `incomplete` with an indent, `invalid`, `unknown`).
    public func isComplete(_ code: String, timeout: Duration? = nil) async throws -> IsCompleteReply {
        try await request(IsCompleteRequest(code: code), timeout: timeout)
    }

    /// Asks the kernel for its `kernel_info_reply` again.
    public func kernelInfo(timeout: Duration? = nil) async throws -> KernelInfoReply {
        try await request(KernelInfoRequest(), timeout: timeout)
    }

    /// Sends any request and waits for its reply on the same channel.
    /// - Throws: `invalidContent` if the reply is not of type `Reply`, and what ``execute(_:options:onEvent:input:)`` throws.
    public func request<Reply: ReplyContent>(
        _ content: some TypedMessageContent,
        on channel: Channel = .shell,
        timeout: Duration? = nil
    ) async throws -> Reply {
        let connection = try runningConnection(for: "send \(type(of: content).messageType)")
        return try await request(content, on: channel, timeout: timeout, connection: connection)
    }

    /// Sends a request on `connection` and waits for the reply on the same channel.
    func request<Reply: ReplyContent>(
        _ content: some TypedMessageContent,
        on channel: Channel = .shell,
        timeout: Duration? = nil,
        connection: KernelConnection
    ) async throws -> Reply {
        let message = connection.session.message(content)
        let pending = try connection.router.register(message.messageID, capacity: configuration.requestBufferLimit)
        defer { connection.router.remove(message.messageID) }
        try await connection.send(message, on: channel)
        let wait: @Sendable () async throws -> Reply = {
            while true {
                let routed = try await pending.next()
                guard routed.channel == channel else { continue }
                guard let typed = routed.message.content.typed as? Reply else {
                    throw KernelsError(
                        .invalidContent,
                        "expected \(Reply.messageType) in answer to \(message.messageType), got \(routed.message.messageType)",
                        messageType: routed.message.messageType
                    )
                }
                return typed
            }
        }
        guard let timeout else { return try await wait() }
        let requestType = message.messageType
        return try await withTimeout(
            timeout,
            error: { [label = self.label, id = self.id] in
                KernelsError(
                    .requestTimeout,
                    "\(label) did not answer \(requestType) within \(timeout)",
                    messageType: requestType,
                    kernelID: id
                )
            },
            wait
        )
    }
}
