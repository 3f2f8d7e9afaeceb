// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The warm pool: kernels started ahead, handed out fresh, replaced in the background.
@Suite(.tags(.realKernel))
struct KernelPoolTests {
    @Test func handsOutFreshKernelsAndReplenishes() async throws {
        let manager = try KernelTesting.manager()
        let pool = KernelPool(manager: manager, kernelName: "python3", size: 2)
        try await pool.fill()
        #expect(await pool.readyCount == 2)

        let waiting = Set(await manager.kernels.map(\.id))
        let kernel = try await pool.take()
        #expect(waiting.contains(kernel.id), "a kernel that was already waiting is handed out")
        #expect(kernel.currentState == .idle)
        let first = try await kernel.execute("print('fresh')")
        #expect(first.executionCount == 1, "nobody used the kernel before")
        #expect(first.stdout == "fresh\n")

        try await pool.fill()
        #expect(await pool.readyCount == 2, "a replacement was started")
        let other = try await pool.take()
        #expect(other !== kernel)

        await pool.shutdown()
        await manager.shutdownAll()
    }

    @Test func startsNoMoreKernelsThanAreStillExpected() async throws {
        let manager = try KernelTesting.manager()
        let pool = KernelPool(manager: manager, kernelName: "python3", size: 2)
        await pool.expectTakes(1)
        try await pool.fill()
        #expect(await pool.readyCount == 1)
        #expect(await manager.kernels.count == 1, "only one kernel is expected, so only one started")
        let kernel = try await pool.take()
        #expect(await manager.kernels.count == 1, "no replacement starts once no take is expected")
        await kernel.shutdown()
        await pool.shutdown()
        await manager.shutdownAll()
    }

    /// Two takes waiting on an empty pool that expects exactly two: the second must still get a
    /// kernel after the first is served (a pool that only counted future takes left it waiting).
    @Test(.timeLimit(.minutes(1)))
    func everyWaitingTakeGetsAKernelWhenNoMoreAreExpected() async throws {
        let manager = try KernelTesting.manager()
        let pool = KernelPool(manager: manager, kernelName: "python3", size: 1)
        await pool.expectTakes(2)
        async let first = pool.take()
        async let second = pool.take()
        let (a, b) = try await (first, second)
        #expect(a !== b)
        await pool.shutdown()
        await manager.shutdownAll()
    }

    @Test func aWaitingKernelThatDiesIsReplaced() async throws {
        let manager = try KernelTesting.manager()
        let pool = KernelPool(manager: manager, kernelName: "python3", size: 1)
        try await pool.fill()
        let victim = try #require(await manager.kernels.first)
        let pid = try #require(victim.processID)
        kill(pid, SIGKILL)
        _ = try await victim.waitForDeath()
        try await pool.fill()
        let kernel = try await pool.take()
        #expect(kernel !== victim)
        #expect(try await kernel.execute("print(2)").stdout == "2\n")
        let pids = await manager.kernels.compactMap(\.processID)
        await pool.shutdown()
        await manager.shutdownAll()
        #expect(pids.allSatisfy { kill($0, 0) != 0 })
    }

    @Test func takingFromAnEmptyPoolWaitsForTheNextKernel() async throws {
        let manager = try KernelTesting.manager()
        let pool = KernelPool(manager: manager, kernelName: "python3", size: 1)
        let kernel = try await pool.take()
        #expect(kernel.currentState == .idle)
        await pool.shutdown()
        await #expect(throws: KernelsError.self) { try await pool.take() }
        await manager.shutdownAll()
    }
}
