// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process groups of every kernel process this process has started and not yet reaped.
///
/// This is deliberately process-wide: it backs the last-resort kill (``killAllKernelProcessGroups()``)
/// that runs from exit paths and signal handling, where no `KernelManager` may be reachable. The
/// graceful path (shutdown requests, then SIGTERM, then SIGKILL) is `KernelManager.shutdownAll()`.
final class ChildProcessRegistry: Sendable {
    /// The one registry.
    static let shared = ChildProcessRegistry()

    private let groups = Mutex(Set<pid_t>())

    func insert(_ pid: pid_t) { groups.withLock { _ = $0.insert(pid) } }
    func remove(_ pid: pid_t) { groups.withLock { _ = $0.remove(pid) } }

    /// The process groups still registered.
    var all: Set<pid_t> { groups.withLock { $0 } }

    /// Sends SIGKILL to every registered process group; returns how many there were.
    @discardableResult
    func killAll() -> Int {
        groups.withLock { groups in
            for pid in groups { killpg(pid, SIGKILL) }
            return groups.count
        }
    }
}

/// Kills (SIGKILL) the process group of every kernel this process started that has not exited
/// yet, synchronously. The last resort for exit paths: prefer `KernelManager.shutdownAll()`,
/// which asks kernels to shut down first. Returns how many process groups were signalled.
@discardableResult
public func killAllKernelProcessGroups() -> Int {
    ChildProcessRegistry.shared.killAll()
}
