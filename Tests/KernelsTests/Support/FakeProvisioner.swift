// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts ``FakeKernel``s instead of processes: the provisioner seam under test.
struct FakeProvisioner: KernelProvisioner {
    /// The script every launched kernel runs.
    var script: FakeKernel.Script?
    /// Every process launched, in order.
    let launched = Locked<[FakeProcess]>([])

    func launch(kernelID: String, spec: Kernelspec, options: KernelStartOptions, reusing connection: ConnectionInfo?)
        async throws -> any KernelProcess
    {
        let process = FakeProcess(key: connection?.key ?? "fake-key-\(kernelID)")
        let kernel = try FakeKernel(key: process.key, process: process, script: script)
        let bound = OneShot<ConnectionInfo>()
        // The fake kernel serves from its own task, as a process would run on its own.
        Task {
            do {
                try await kernel.serve { bound.succeed($0) }
            } catch {
                bound.fail(error)
            }
            process.end(.exited(status: 0))
        }
        let info = try await bound.value
        process.connectionBox.withLock { $0 = info }
        launched.withLock { $0.append(process) }
        return process
    }
}

/// The stand-in for a kernel process: ends when told to (or on SIGTERM/SIGKILL), counts SIGINTs.
final class FakeProcess: KernelProcess {
    let key: String
    let connectionBox = Locked<ConnectionInfo?>(nil)
    let interrupts = Locked(0)
    let output = Locked("")
    /// Every signal sent to the process, in order.
    let signals = Locked<[Int32]>([])
    /// Signals the process ignores (as a kernel with `signal.SIG_IGN` handlers would).
    let ignoredSignals = Locked<Set<Int32>>([])
    private let ended = OneShot<ProcessExit>()

    init(key: String) { self.key = key }

    var connection: ConnectionInfo { connectionBox.value ?? ConnectionInfo(ports: (0, 0, 0, 0, 0)) }
    var processID: Int32? { nil }
    var exit: ProcessExit? { if case .success(let exit) = ended.result { exit } else { nil } }
    func waitForExit() async -> ProcessExit { (try? await ended.value) ?? .exited(status: -1) }
    func outputTail(lines: Int) -> String { output.value }
    func cleanUp(keepConnection: Bool) {}

    /// Ends the "process".
    func end(_ exit: ProcessExit) { ended.succeed(exit) }

    @discardableResult
    func signal(_ signal: Int32) -> Bool {
        guard exit == nil else { return false }
        signals.withLock { $0.append(signal) }
        if signal != SIGKILL, ignoredSignals.value.contains(signal) { return true }
        switch signal {
        case SIGINT: interrupts.withLock { $0 += 1 }
        default: end(.signaled(signal: signal))
        }
        return true
    }
}
