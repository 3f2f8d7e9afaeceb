// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kernels

/// The kernel life-cycle state machine on its own: events in, actions out.
struct KernelLifecycleTests {
    private func running() -> KernelLifecycle {
        var lifecycle = KernelLifecycle()
        #expect(lifecycle.ready() == .use)
        return lifecycle
    }

    @Test func startsThenBecomesIdleAndFollowsStatus() {
        var lifecycle = KernelLifecycle()
        #expect(lifecycle.state == .starting)
        #expect(lifecycle.refusal == "it is still starting")
        lifecycle.statusReceived(.busy)
        #expect(lifecycle.state == .starting, "status before ready is ignored")
        #expect(lifecycle.ready() == .use)
        #expect(lifecycle.state == .idle && lifecycle.generation == 1 && lifecycle.refusal == nil)
        lifecycle.statusReceived(.busy)
        #expect(lifecycle.state == .busy)
        lifecycle.statusReceived(.starting)
        #expect(lifecycle.state == .busy, "other states leave busy/idle alone")
        lifecycle.statusReceived(.idle)
        #expect(lifecycle.state == .idle)
    }

    @Test func unexpectedExitKillsARunningKernel() {
        var lifecycle = running()
        lifecycle.statusReceived(.busy)
        let action = lifecycle.processExited(.signaled(signal: 9), outputTail: "last words")
        #expect(action == .died(.died(.signaled(signal: 9), outputTail: "last words")))
        #expect(lifecycle.state == .dead)
        #expect(lifecycle.refusal?.contains("signal 9 (SIGKILL)") == true)
        #expect(lifecycle.refusal?.contains("last words") == true)
        #expect(lifecycle.processExited(.exited(status: 0), outputTail: "") == .expected, "a second exit is ignored")
    }

    @Test(arguments: [KernelLifecycle.Phase.starting, .restarting, .shuttingDown])
    func exitDuringAnOperationIsLeftToThatOperation(phase: KernelLifecycle.Phase) {
        var lifecycle = running()
        switch phase {
        case .starting: lifecycle = KernelLifecycle()
        case .restarting: #expect(lifecycle.restartRequested() == .stopAndStart)
        case .shuttingDown: #expect(lifecycle.shutdownRequested() == .stop)
        default: break
        }
        #expect(lifecycle.processExited(.exited(status: 1), outputTail: "") == .expected)
        #expect(lifecycle.phase == phase)
    }

    @Test func restartFromRunningOrDeadButNotDuringOtherChanges() {
        var lifecycle = running()
        #expect(lifecycle.restartRequested() == .stopAndStart)
        #expect(lifecycle.state == .restarting)
        #expect(lifecycle.restartRequested() == .reject("it is already restarting"))
        #expect(lifecycle.ready() == .use)
        #expect(lifecycle.generation == 2)

        _ = lifecycle.processExited(.exited(status: 3), outputTail: "")
        #expect(lifecycle.restartRequested() == .start, "a dead kernel restarts without stopping anything")
        lifecycle.startFailed("no luck")
        #expect(lifecycle.death == .startFailed("no luck"))

        var starting = KernelLifecycle()
        #expect(starting.restartRequested() == .reject("it is still starting"))
    }

    @Test func shutdownStopsOnceAndLaterCallsWait() {
        var lifecycle = running()
        #expect(lifecycle.shutdownRequested() == .stop)
        #expect(lifecycle.state == .shuttingDown)
        #expect(lifecycle.shutdownRequested() == .awaitOngoing)
        #expect(lifecycle.restartRequested() == .reject("it is shutting down"))
        #expect(lifecycle.ready() == .discard, "a restart finishing during shutdown is discarded")
        lifecycle.shutdownFinished()
        #expect(lifecycle.death == .shutDown)
        #expect(lifecycle.shutdownRequested() == .awaitOngoing)
        #expect(lifecycle.restartRequested() == .reject("it was shut down"))
    }

    @Test func shutdownOfADeadKernelOnlyCleansUp() {
        var lifecycle = running()
        _ = lifecycle.processExited(.exited(status: 1), outputTail: "")
        #expect(lifecycle.shutdownRequested() == .cleanUp)
        #expect(lifecycle.death == .shutDown)
    }

    @Test func shutdownWhileStartingDiscardsTheStart() {
        var lifecycle = KernelLifecycle()
        #expect(lifecycle.shutdownRequested() == .stop)
        #expect(lifecycle.ready() == .discard)
        lifecycle.startFailed("interrupted")
        #expect(lifecycle.state == .shuttingDown, "a failed start does not hide the shutdown")
    }

    @Test func exitDescriptions() {
        #expect(ProcessExit.exited(status: 3).description == "exit status 3")
        #expect(ProcessExit.signaled(signal: 15).description == "signal 15 (SIGTERM)")
        #expect(ProcessExit.signaled(signal: 64).description == "signal 64")
        #expect(ProcessExit.exited(status: 0).isSuccess)
    }
}
