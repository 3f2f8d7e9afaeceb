// SPDX-License-Identifier: Apache-2.0

import Logging

/// Kernels of one kernelspec started ahead of time, so handing one out costs nothing
/// (a "warm pool"): ``take()`` returns a fresh, idle kernel that nobody has used, and a
/// replacement starts in the background at once.
///
/// ```swift
/// let pool = KernelPool(manager: manager, kernelName: "python3", size: 2)
/// await pool.fill()                       // optional: wait until the pool is full
/// let kernel = try await pool.take()      // instant when a kernel is waiting
/// ```
///
/// Kernels waiting in the pool that die are dropped and replaced. The pool's kernels belong
/// to its manager (``KernelManager/shutdownAll()`` stops them too); a kernel handed out is the
/// caller's to shut down. Pool kernels start with `KernelStartOptions/inMemoryHistory`, so many
/// ipykernels do not contend for one history database.
public actor KernelPool {
    /// The manager that starts the kernels.
    public let manager: KernelManager
    /// The kernelspec's name.
    public let kernelName: String
    /// How many kernels are kept waiting.
    public let size: Int
    /// How the pool's kernels are started.
    public let options: KernelStartOptions

    private var ready: [Kernel] = []
    private var starting = 0
    private var waiters: [CheckedContinuation<Kernel, any Error>] = []
    private var lastError: (any Error)?
    private var closed = false
    private var remainingTakes: Int?
    private var tasks: [Int: Task<Void, Never>] = [:]
    private var nextTask = 0
    private let logger: Logger

    /// A pool; nothing starts until ``fill()``, ``start()`` or ``take()``.
    public init(
        manager: KernelManager,
        kernelName: String,
        size: Int,
        options: KernelStartOptions = KernelStartOptions(inMemoryHistory: true)
    ) {
        self.manager = manager
        self.kernelName = kernelName
        self.size = max(size, 0)
        self.options = options
        logger = Logger(label: "quire.kernels.pool")
    }

    /// Kernels waiting to be taken.
    public var readyCount: Int { ready.count }

    /// Tells the pool that only `count` more kernels will be taken, so it starts no more than
    /// that (a batch of runs then leaves no unused kernels starting at its end).
    public func expectTakes(_ count: Int) {
        remainingTakes = max(0, count)
    }

    /// Starts kernels in the background until `size` are ready or starting.
    public func start() {
        replenish()
    }

    /// Starts kernels until the pool is full and waits for them.
    /// - Throws: the error of a start that failed.
    public func fill() async throws {
        replenish()
        while ready.count < min(size, remainingTakes ?? size) && !closed {
            _ = try await waitForKernel(keep: true)
        }
    }

    /// A fresh, idle kernel: one from the pool if any is waiting, else the next to finish starting.
    /// - Throws: `kernelNotRunning` once the pool is shut down, or the error of the start it waited for.
    public func take() async throws -> Kernel {
        if let remaining = remainingTakes { remainingTakes = max(0, remaining - 1) }
        while let kernel = ready.first {
            ready.removeFirst()
            replenish()
            // Busy only answering the start's kernel_info requests at worst: nobody ran code in it.
            if kernel.currentState == .idle || kernel.currentState == .busy { return kernel }
            await kernel.shutdown()
        }
        return try await waitForKernel(keep: false)
    }

    /// Shuts down the waiting kernels and the ones starting; the pool hands out nothing more.
    public func shutdown() async {
        closed = true
        let pending = waiters
        waiters.removeAll()
        for waiter in pending {
            waiter.resume(throwing: KernelsError(.kernelNotRunning, "the kernel pool was shut down"))
        }
        let running = Array(tasks.values)
        for task in running { task.cancel() }
        for task in running { await task.value }
        let kernels = ready
        ready.removeAll()
        await withTaskGroup(of: Void.self) { group in
            for kernel in kernels { group.addTask { await kernel.shutdown() } }
        }
    }

    // MARK: - Private

    /// Waits for the next kernel to become ready; with `keep` it stays in the pool.
    private func waitForKernel(keep: Bool) async throws -> Kernel {
        if closed { throw KernelsError(.kernelNotRunning, "the kernel pool was shut down") }
        if starting == 0 { startOne() }
        let kernel = try await withCheckedThrowingContinuation { waiters.append($0) }
        if keep {
            ready.append(kernel)
            return kernel
        }
        replenish()
        return kernel
    }

    /// Starts kernels until ready + starting reaches the size (or the takes still expected), and
    /// at least one for every take already waiting.
    private func replenish() {
        guard !closed else { return }
        let target = max(min(size, remainingTakes ?? size), waiters.count)
        while ready.count + starting < target { startOne() }
    }

    /// Starts one kernel in the background (a pool outlives the calls that fill it).
    private func startOne() {
        starting += 1
        nextTask += 1
        let number = nextTask
        tasks[number] = Task {
            do {
                let kernel = try await manager.startKernel(named: kernelName, options: options)
                await started(kernel, task: number)
            } catch {
                await failed(error, task: number)
            }
        }
    }

    private func started(_ kernel: Kernel, task: Int) async {
        starting -= 1
        tasks[task] = nil
        if closed {
            await kernel.shutdown()
            return
        }
        lastError = nil
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: kernel)
        } else {
            ready.append(kernel)
            watch(kernel)
        }
    }

    private func failed(_ error: any Error, task: Int) async {
        starting -= 1
        tasks[task] = nil
        lastError = error
        if closed || error is CancellationError {
            logger.debug("kernel pool '\(kernelName)': a start was cancelled by shutdown")
        } else {
            logger.error("kernel pool '\(kernelName)': a kernel failed to start: \(error)")
        }
        // Waiters get the error; the pool does not retry on its own (the next take() does).
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.resume(throwing: error) }
    }

    /// Drops a waiting kernel that dies, and starts a replacement.
    private func watch(_ kernel: Kernel) {
        nextTask += 1
        let number = nextTask
        tasks[number] = Task {
            let death = try? await kernel.waitForDeath()
            await self.dropped(kernel, death: death, task: number)
        }
    }

    private func dropped(_ kernel: Kernel, death: KernelDeath?, task: Int) async {
        tasks[task] = nil
        guard let death, let index = ready.firstIndex(where: { $0 === kernel }) else { return }
        ready.remove(at: index)
        logger.warning("kernel pool '\(kernelName)': a waiting kernel died (\(death)); replacing it")
        await kernel.shutdown()
        replenish()
    }
}
