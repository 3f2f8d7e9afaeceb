// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A value set once and awaited by any number of tasks (a promise without NIO). Waiting is
/// cancellable: a cancelled waiter gets `CancellationError`.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiters: [UInt64: CheckedContinuation<Value, any Error>] = [:]
        var nextID: UInt64 = 0
        var cancelled: Set<UInt64> = []
    }

    private let state = Mutex(State())

    init() {}

    /// Sets the value; later calls are ignored. Returns whether this call set it.
    @discardableResult
    func succeed(_ value: Value) -> Bool { complete(.success(value)) }

    /// Sets an error; later calls are ignored. Returns whether this call set it.
    @discardableResult
    func fail(_ error: any Error) -> Bool { complete(.failure(error)) }

    private func complete(_ result: Result<Value, any Error>) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>]? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(with: result) }
        return true
    }

    /// Whether a value or error has been set.
    var isComplete: Bool { state.withLock { $0.result != nil } }

    /// The value or error, if set.
    var result: Result<Value, any Error>? { state.withLock { $0.result } }

    /// Waits for the value.
    var value: Value {
        get async throws {
            let id = state.withLock { state in
                state.nextID += 1
                return state.nextID
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let ready = state.withLock { state -> Result<Value, any Error>? in
                        if let result = state.result { return result }
                        if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                        state.waiters[id] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(with: ready) }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    let waiter = state.waiters.removeValue(forKey: id)
                    if waiter == nil && state.result == nil { state.cancelled.insert(id) }
                    return waiter
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }
}

/// Runs `operation`, throwing `error()` if it has not finished after `timeout`; the operation
/// is cancelled then (it must react to cancellation).
func withTimeout<Result: Sendable>(
    _ timeout: Duration,
    error: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    guard let result = try await within(timeout, operation) else { throw error() }
    return result
}

/// Runs `operation`, or returns nil if it has not finished after `timeout` (it is cancelled then).
func within<Result: Sendable>(
    _ timeout: Duration,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result? {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
