// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `transform` applied to every item, on background threads and on the caller's, while the caller
/// takes the results strictly in order (`next()`), for work whose results must be used one by one
/// in order, such as replacing files.
///
/// The caller's thread comes first: it takes the next result as soon as it is ready, and computes
/// items itself only while that result is not, so the ordered work is never kept waiting behind
/// the computing; there is one background thread fewer than there are cores, so that the two never
/// compete for a core. The background threads stay at most `window` items ahead of the caller.
final class OrderedPipeline<Item: Sendable, Result: Sendable>: @unchecked Sendable {
    // Unchecked: every field below `lock` is read and written only while holding `lock`, except
    // `items`, `transform` and `window`, which never change.
    private let items: [Item]
    private let transform: @Sendable (Item) -> Result
    private let window: Int
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when the result the caller waits for is stored.
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the caller takes a result (room in the window), when stopping, and when a
    /// background thread ends.
    private let progress = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var slots: [Result?]
    /// The next item nobody has started.
    private var unclaimed = 0
    /// The next result the caller takes.
    private var taken = 0
    private var stopped = false
    private var running = 0

    /// A pipeline over `items`; nothing runs before the first `next()`.
    init(_ items: [Item], window: Int = 256, transform: @escaping @Sendable (Item) -> Result) {
        self.items = items
        self.transform = transform
        self.window = max(window, 1)
        slots = Array(repeating: nil, count: items.count)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(ready, nil)
        pthread_cond_init(progress, nil)
    }

    deinit {
        stop()
        pthread_cond_destroy(progress)
        pthread_cond_destroy(ready)
        pthread_mutex_destroy(lock)
        progress.deallocate()
        ready.deallocate()
        lock.deallocate()
    }

    /// The next result in order, or `nil` after the last (or after `stop()`). Computes items on
    /// this thread while the next result is not ready; starts the background threads on the
    /// first call.
    func next() -> Result? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard !stopped, taken < items.count else { return nil }
        if taken == 0 && running == 0 { startWorkers() }
        while slots[taken] == nil {
            if let index = claimLocked() {
                pthread_mutex_unlock(lock)
                let result = transform(items[index])
                pthread_mutex_lock(lock)
                slots[index] = result
            } else {
                pthread_cond_wait(ready, lock)
            }
        }
        let result = slots[taken].take()
        taken += 1
        pthread_cond_broadcast(progress)
        return result
    }

    /// Stops the background threads after the items they are computing and waits for them; results
    /// not taken are dropped.
    func stop() {
        pthread_mutex_lock(lock)
        stopped = true
        pthread_cond_broadcast(progress)
        while running > 0 { pthread_cond_wait(progress, lock) }
        pthread_mutex_unlock(lock)
    }

    /// Starts one background thread fewer than there are cores (called with `lock` held).
    private func startWorkers() {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount - 1, items.count - 1)
        guard workers > 0 else { return }
        running = workers
        for _ in 0..<workers {
            Thread { [self] in work() }.start()
        }
    }

    /// A background thread's loop: claim an item, compute it, store the result.
    private func work() {
        pthread_mutex_lock(lock)
        while true {
            while !stopped && unclaimed < items.count && unclaimed >= taken + window {
                pthread_cond_wait(progress, lock)
            }
            guard let index = claimLocked() else { break }
            pthread_mutex_unlock(lock)
            let result = transform(items[index])
            pthread_mutex_lock(lock)
            slots[index] = result
            if index == taken { pthread_cond_signal(ready) }
        }
        running -= 1
        pthread_cond_broadcast(progress)
        pthread_mutex_unlock(lock)
    }

    /// The next unstarted item within the window, marked started; `nil` when there is none or
    /// after `stop()` (called with `lock` held).
    private func claimLocked() -> Int? {
        guard !stopped, unclaimed < items.count, unclaimed < taken + window else { return nil }
        defer { unclaimed += 1 }
        return unclaimed
    }
}
