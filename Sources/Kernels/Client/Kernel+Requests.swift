// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension Kernel {
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
