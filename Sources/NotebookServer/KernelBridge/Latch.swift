// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A one-way flag tasks can wait for, with a time limit: opened once, it stays open.
final class Latch: Sendable {
    private struct State {
        var open = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var next = 0
    }

    private let state = Mutex(State())

    /// A closed latch.
    init() {}

    /// Opens the latch, releasing every waiter.
    func open() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard !s.open else { return [] }
            s.open = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Whether it is open.
    var isOpen: Bool { state.withLock { $0.open } }

    /// Waits until the latch opens or `timeout` passes; returns whether it opened.
    func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.waitOpen() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return self.isOpen
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }

    /// Waits until the latch opens (or the task is cancelled).
    func wait() async {
        _ = await waitOpen()
    }

    /// Waits until open or cancelled; returns whether it is open.
    private func waitOpen() async -> Bool {
        let ticket = state.withLock { s -> Int in
            s.next += 1
            return s.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.open || Task.isCancelled { return true }
                    s.waiters[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: ticket) }
            waiter?.resume()
        }
        return isOpen
    }
}

/// The message ids of the server's own nudges, whose replies are not forwarded.
final class NudgeIDs: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// An empty set.
    init() {}

    /// Adds an id.
    func insert(_ id: String) { ids.withLock { _ = $0.insert(id) } }

    /// Whether no nudge was sent.
    var isEmpty: Bool { ids.withLock { $0.isEmpty } }

    /// Whether `id` is a nudge's.
    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}
