// SPDX-License-Identifier: Apache-2.0

import HummingbirdWebSocket
import NIOCore
import Synchronization

/// Where one kernel-socket set's messages go: the websocket attached now, or, while its client is
/// away, a buffer that the next websocket with the same `session_id` receives first (as
/// jupyter_server's `start_buffering` and replay on reconnect: a page reload or a network blip
/// loses no output, and an `input()` prompt still reaches the user).
final class BridgeSession: Sendable {
    /// A websocket taking over the session.
    struct Attachment: Sendable {
        /// Its client frames.
        let inbound: WebSocketInboundStream
        /// Where its messages go.
        let outbound: WebSocketOutboundWriter
        /// The protocol its upgrade selected.
        let wireProtocol: KernelWebSocketProtocol
        /// Opened when the session is done with it (its handler may then return).
        let done: Latch
    }

    /// The most a detached session buffers (bytes of message parts); beyond it the session ends.
    static let bufferLimit = 64 * 1024 * 1024

    private enum Target {
        case live(WebSocketOutboundWriter, KernelWebSocketProtocol)
        case buffering
    }

    private struct State {
        var target: Target
        var buffer: [ChannelMessage] = []
        var bufferedBytes = 0
        var overflowed = false
        var ended = false
        var offered: [Latch] = []
    }

    private let state: Mutex<State>
    private let attachments: AsyncStream<Attachment>
    private let attach: AsyncStream<Attachment>.Continuation

    /// A session delivering to `outbound` from the start.
    convenience init(outbound: WebSocketOutboundWriter, wireProtocol: KernelWebSocketProtocol) {
        self.init(target: .live(outbound, wireProtocol))
    }

    /// A session with no websocket attached: its messages are buffered until one attaches.
    static func detached() -> BridgeSession { BridgeSession(target: .buffering) }

    private init(target: Target) {
        state = Mutex(State(target: target))
        (attachments, attach) = AsyncStream.makeStream(of: Attachment.self)
    }

    /// How many messages are buffered.
    var bufferedCount: Int { state.withLock { $0.buffer.count } }

    /// The websocket messages go to now, if one is attached.
    var current: (outbound: WebSocketOutboundWriter, wireProtocol: KernelWebSocketProtocol)? {
        state.withLock { s in
            if case .live(let outbound, let wireProtocol) = s.target { return (outbound, wireProtocol) }
            return nil
        }
    }

    /// Whether the buffer outgrew ``bufferLimit`` while detached.
    var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Sends a message to the attached websocket with `write`, or buffers it; a write that fails
    /// (the client just went away) buffers the message too.
    func deliver(
        _ message: ChannelMessage,
        write: (ChannelMessage, WebSocketOutboundWriter, KernelWebSocketProtocol) async throws -> Void
    ) async {
        guard let (outbound, wireProtocol) = current else { return buffer(message) }
        do { try await write(message, outbound, wireProtocol) } catch { buffer(message) }
    }

    /// Stops writing to the websocket: messages are buffered from now on.
    func detach() {
        state.withLock { $0.target = .buffering }
    }

    /// Waits for the next websocket to attach; nil when the session is ended or cancelled.
    func nextAttachment() async -> Attachment? {
        for await attachment in attachments { return attachment }
        return nil
    }

    /// Offers a new websocket to the session; false if the session has ended. Its `done` opens
    /// when the session is done with it, or ends.
    func offer(_ attachment: Attachment) -> Bool {
        let open = state.withLock { s -> Bool in
            guard !s.ended else { return false }
            s.offered.append(attachment.done)
            return true
        }
        guard open, case .enqueued = attach.yield(attachment) else {
            attachment.done.open()
            return false
        }
        return true
    }

    /// Ends the session: no websocket attaches any more, and every offered one is released.
    func end() {
        let offered = state.withLock { s -> [Latch] in
            s.ended = true
            defer { s.offered = [] }
            return s.offered
        }
        attach.finish()
        for latch in offered { latch.open() }
    }

    /// Sends the buffered messages to the attachment, in order, then attaches it live; messages
    /// arriving meanwhile join the buffer and go out in the same pass. False if a write failed
    /// (that client went away too): what was not sent stays buffered.
    func resume(
        with attachment: Attachment,
        write: (ChannelMessage, WebSocketOutboundWriter, KernelWebSocketProtocol) async throws -> Void
    ) async -> Bool {
        while true {
            let pending = state.withLock { s -> [ChannelMessage] in
                let pending = s.buffer
                s.buffer = []
                s.bufferedBytes = 0
                if pending.isEmpty { s.target = .live(attachment.outbound, attachment.wireProtocol) }
                return pending
            }
            if pending.isEmpty { return true }
            for (index, message) in pending.enumerated() {
                do { try await write(message, attachment.outbound, attachment.wireProtocol) } catch {
                    state.withLock { s in
                        let unsent = Array(pending[index...])
                        s.buffer = unsent + s.buffer
                        s.bufferedBytes = s.buffer.reduce(0) { $0 + Self.size(of: $1) }
                    }
                    return false
                }
            }
        }
    }

    private static func size(of message: ChannelMessage) -> Int {
        message.parts.reduce(0) { $0 + $1.readableBytes } + message.buffers.reduce(0) { $0 + $1.readableBytes }
    }

    private func buffer(_ message: ChannelMessage) {
        let size = Self.size(of: message)
        let overflow = state.withLock { s -> Bool in
            guard !s.overflowed else { return false }
            if s.bufferedBytes + size > Self.bufferLimit {
                s.overflowed = true
                s.buffer = []
                s.bufferedBytes = 0
                return true
            }
            s.buffer.append(message)
            s.bufferedBytes += size
            return false
        }
        if overflow { end() }
    }
}
