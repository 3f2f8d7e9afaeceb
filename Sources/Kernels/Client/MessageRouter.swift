// SPDX-License-Identifier: Apache-2.0

import Synchronization
import ZMTP

/// A message received for a request, with the channel it came on.
struct RoutedReply: Sendable {
    /// shell, control, stdin or iopub.
    var channel: Channel
    /// The message; its parent header is the request's.
    var message: JupyterMessage
}

/// One request waiting for what the kernel sends back: its reply, its IOPub messages, its
/// input requests, in arrival order per channel.
///
/// Slow-consumer policy: a bounded queue with backpressure. When `capacity` messages wait,
/// the kernel's socket reader waits too, which pauses reading that socket (and the kernel's
/// own IOPub high-water mark applies, as with any Jupyter client). Nothing is dropped here.
final class PendingRequest: Sendable {
    /// The request's `msg_id`.
    let messageID: String
    private let queue: ZMTPInboundQueue<RoutedReply>
    private let failure = Mutex<(any Error)?>(nil)

    init(messageID: String, capacity: Int) {
        self.messageID = messageID
        queue = ZMTPInboundQueue(capacity: capacity)
    }

    /// Adds a message (waiting while the queue is full).
    func deliver(_ reply: RoutedReply) async {
        do { try await queue.push(reply) } catch {}
    }

    /// Ends the request with `error`: the waiting caller gets what is queued, then the error.
    func fail(_ error: any Error) {
        let first = failure.withLock { failure in
            guard failure == nil else { return false }
            failure = error
            return true
        }
        if first { queue.finish() }
    }

    /// The next message.
    /// - Throws: the error the request was failed with, or `CancellationError`.
    func next() async throws -> RoutedReply {
        if let reply = await queue.next() { return reply }
        try Task.checkCancellation()
        throw failure.withLock { $0 } ?? CancellationError()
    }
}

/// Routes what a kernel sends to the requests waiting for it, by the parent header's `msg_id`
/// (messaging spec: replies and side effects carry the request's header as parent header).
final class MessageRouter: Sendable {
    private struct State {
        var pending: [String: PendingRequest] = [:]
        /// Set once the connection has ended: new requests fail at once.
        var closed: (any Error)?
    }

    private let state = Mutex(State())

    /// Registers a request before it is sent, so nothing it causes can be missed.
    /// - Throws: the connection's end, if it has ended.
    func register(_ messageID: String, capacity: Int = 64) throws -> PendingRequest {
        let request = PendingRequest(messageID: messageID, capacity: capacity)
        try state.withLock { state in
            if let closed = state.closed { throw closed }
            state.pending[messageID] = request
        }
        return request
    }

    /// Forgets a request (its later messages are dropped).
    func remove(_ messageID: String) {
        _ = state.withLock { $0.pending.removeValue(forKey: messageID) }
    }

    /// Hands `message` to the request it answers; returns false if no such request waits.
    @discardableResult
    func route(_ message: JupyterMessage, channel: Channel) async -> Bool {
        guard let parent = message.parentHeader?.messageID, !parent.isEmpty else { return false }
        guard let request = state.withLock({ $0.pending[parent] }) else { return false }
        await request.deliver(RoutedReply(channel: channel, message: message))
        return true
    }

    /// Fails every waiting request with `error`; with `closing`, later registrations fail too.
    func failAll(_ error: any Error, closing: Bool) {
        let requests = state.withLock { state in
            if closing && state.closed == nil { state.closed = error }
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for request in requests { request.fail(error) }
    }

    /// How many requests wait.
    var pendingCount: Int { state.withLock { $0.pending.count } }
}
