// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A `Mutex` in a class, so closures and tasks can share small mutable state.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result: Sendable>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { value in try body(&value) }
    }

    /// The value now.
    var value: Value { mutex.withLock { $0 } }
}
