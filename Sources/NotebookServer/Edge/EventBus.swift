// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Synchronization

/// jupyter_server's event bus as `/api/events/subscribe` shows it: each event is one text frame,
/// `{"schema_id": …, <the event's fields>}`, sent to every subscribed websocket. A subscriber that
/// falls behind loses its oldest events, never the server's memory.
final class EventBus: Sendable {
    /// The contents service's events (get, save, rename, copy, delete, create).
    static let contentsSchema = "https://events.jupyter.org/jupyter_server/contents_service/v1"
    /// The kernel actions' events (start, interrupt, restart, shutdown).
    static let kernelActionsSchema = "https://events.jupyter.org/jupyter_server/kernel_actions/v1"

    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// An empty bus.
    init() {}

    /// A new subscription: its id (for ``unsubscribe(_:)``) and its events as JSON text.
    func subscribe() -> (id: Int, events: AsyncStream<String>) {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = state.withLock { s -> Int in
            s.next += 1
            s.subscribers[s.next] = continuation
            return s.next
        }
        return (id, stream)
    }

    /// Ends a subscription.
    func unsubscribe(_ id: Int) {
        state.withLock { $0.subscribers.removeValue(forKey: id) }?.finish()
    }

    /// How many websockets listen.
    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends an event to every subscriber (nothing is built when there is none).
    func emit(schema: String, _ fields: @autoclosure () -> [(String, JSONValue)]) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        guard !subscribers.isEmpty else { return }
        let text = String(decoding: JSONResponses.writer.bytes(.object(JSONObject([("schema_id", .string(schema))] + fields()))), as: UTF8.self)
        for subscriber in subscribers { subscriber.yield(text) }
    }

    /// A contents event (`action`, `path`, and `source_path` for renames and copies).
    func contents(_ action: String, path: String, source: String? = nil) {
        emit(
            schema: Self.contentsSchema,
            [("action", .string(action)), ("path", .string(path))] + (source.map { [("source_path", JSONValue.string($0))] } ?? [])
        )
    }

    /// A kernel action event, as jupyter_server's kernel handlers emit them.
    func kernelAction(_ action: String, kernelID: String, kernelName: String, succeeded: Bool, message: String) {
        emit(
            schema: Self.kernelActionsSchema,
            [
                ("kernel_name", .string(kernelName)), ("action", .string(action)),
                ("status", .string(succeeded ? "success" : "error")), ("msg", .string(message)), ("kernel_id", .string(kernelID)),
            ]
        )
    }
}
