// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Three implementations of the protocol (ipykernel, xeus-python in C++, bash_kernel), each
/// through the same client API. Tests here share one kernel per kind (started once) and run
/// one at a time; tests that end a kernel are in ``RealKernelEndTests``.
@Suite(.tags(.realKernel), .serialized)
struct RealKernelTests {
    @Test(arguments: RealKernel.allCases)
    func executesAndCollectsOutput(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        let result = try await kernel.execute(kind.print("hello"))
        #expect(result.status == .ok)
        #expect(result.stdout == "hello\n")
        if kind != .bash {
            let value = try await kernel.execute("6 * 7")
            #expect(value.resultText == "42")
            #expect(value.executionCount == result.executionCount.map { $0 + 1 })
        }
    }

    @Test(arguments: RealKernel.allCases)
    func streamsOutputsAsTheyArrive(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        let streams = Locked<[String]>([])
        let result = try await kernel.execute(kind.printSlowly(["a", "b", "c"])) { event in
            if case .stream(let stream) = event { streams.withLock { $0.append(stream.text) } }
        }
        #expect(result.status == .ok)
        #expect(result.outputs.isEmpty, "the handler took the outputs")
        #expect(streams.value.joined() == "a\nb\nc\n")
        #expect(streams.value.count >= 2, "the lines arrive as separate messages: \(streams.value)")
    }

    @Test(arguments: RealKernel.allCases)
    func reportsErrors(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        let (code, ename) = kind.failing
        let result = try await kernel.execute(code)
        #expect(result.status == .error)
        if let ename {
            // xeus-python 0.19 reports the class's repr: "<class 'ZeroDivisionError'>".
            #expect(result.error?.name.contains(ename) == true)
            #expect(result.reply.errorName?.contains(ename) == true)
            #expect(result.error?.traceback.isEmpty == false)
        }
        #expect(try await kernel.execute(kind.print("still-alive")).stdout == "still-alive\n")
    }

    @Test(arguments: RealKernel.allCases.filter { $0.readsInput != nil })
    func answersInputRequests(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        let prompts = Locked<[String]>([])
        let result = try await kernel.execute(
            kind.readsInput ?? "",
            input: { request in
                prompts.withLock { $0.append(request.prompt) }
                return "Ada"
            }
        )
        #expect(prompts.value == ["name? "])
        #expect(result.stdout.hasSuffix("hello Ada\n"))
    }

    @Test(arguments: RealKernel.allCases)
    func completesAndInspects(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        switch kind {
        case .bash:
            let completions = try await kernel.complete(code: "ech")
            #expect(completions.matches.contains("echo"))
        case .ipykernel, .xeusPython:
            let completions = try await kernel.complete(code: "import o")
            #expect(completions.matches.contains("os"))
            #expect(completions.cursorEnd == 8)
            let inspection = try await kernel.inspect(code: "len")
            #expect(inspection.found)
            #expect(ConsoleText.plain(inspection.data)?.contains("Return the number of items") == true)
            let complete = try await kernel.isComplete("for i in range(3):")
            #expect(complete.status == "incomplete")
        }
        let info = try await kernel.kernelInfo()
        #expect(info.languageName == (kind == .bash ? "bash" : "python"))
    }

    @Test(arguments: RealKernel.allCases)
    func interruptsALongRunningExecution(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        let running = Gate()
        let finished = OneShot<ExecutionResult>()
        Task {
            do {
                // A timeout, so a lost interrupt fails the test in 30 s, not after the whole sleep.
                let result = try await kernel.execute(kind.longRunning, options: ExecuteOptions(timeout: .seconds(30)))
                { event in
                    if case .stream = event { running.open() }
                }
                finished.succeed(result)
            } catch {
                finished.fail(error)
            }
        }
        try await running.wait()
        let interrupted = ContinuousClock.now
        try await kernel.interrupt()
        if kind == .xeusPython {
            // xeus-python 0.19 (the PyPI wheel) exits on SIGINT, and ignores interrupt_request;
            // jupyter_client sees the same. The waiting request ends at once with the death.
            await #expect {
                _ = try await finished.value
            } throws: { error in
                (error as? KernelsError)?.code == .kernelDied
                    && (error as? KernelsError)?.description.contains("exit status 0") == true
            }
            #expect(ContinuousClock.now - interrupted < .seconds(1))
            try await kernel.restart()
            #expect(try await kernel.execute(kind.print("after")).stdout == "after\n")
            return
        }
        // ipykernel and bash_kernel can lose a SIGINT that lands while they are publishing output
        // (their own code catches it); like a person pressing Ctrl-C again, interrupt once more
        // if the code is still running after a few seconds.
        for _ in 0..<3 where !finished.isComplete {
            if (try? await withTimeout(.seconds(3), error: { CancellationError() }, { try await finished.value }))
                != nil
            {
                break
            }
            try await kernel.interrupt()
        }
        let result = try await finished.value
        #expect(ContinuousClock.now - interrupted < .seconds(12))
        switch kind {
        case .ipykernel:
            #expect(result.status == .error)
            #expect(result.reply.errorName == "KeyboardInterrupt")
        case .bash, .xeusPython:
            #expect(result.status != .ok)
        }
        #expect(try await kernel.execute(kind.print("after")).stdout == "after\n")
    }

    @Test(arguments: RealKernel.allCases)
    func restartStartsANewProcessWithFreshState(kind: RealKernel) async throws {
        let kernel = try await KernelTesting.shared(kind)
        try await kernel.execute(kind.setState)
        #expect(try await kernel.execute(kind.printState).stdout == "[42]\n")
        let before = try #require(kernel.processID)
        let ports = kernel.connectionInfo?.ports
        try await kernel.restart()
        let after = try #require(kernel.processID)
        #expect(after != before)
        #expect(kill(before, 0) != 0, "the old process is gone")
        #expect(kernel.connectionInfo?.ports == ports, "a restart keeps the connection file's ports")
        #expect(kernel.currentState == .idle || kernel.currentState == .busy)
        #expect(try await kernel.execute(kind.printState).stdout == "[unset]\n")
    }
}

/// Shutdown and death, each on a fresh kernel.
@Suite(.tags(.realKernel))
struct RealKernelEndTests {
    @Test(arguments: RealKernel.allCases)
    func shutdownEndsTheProcessAndRemovesTheConnectionFile(kind: RealKernel) async throws {
        let manager = try KernelTesting.manager()
        let kernel = try await manager.startKernel(named: kind.rawValue)
        let pid = try #require(kernel.processID)
        let file = KernelTesting.runtimeDirectory + "/kernel-\(kernel.id).json"
        #expect(access(file, F_OK) == 0)
        await kernel.shutdown()
        #expect(kill(pid, 0) != 0, "kernel process \(pid) is gone")
        #expect(access(file, F_OK) != 0, "the connection file is removed")
        #expect(kernel.death == .shutDown)
        await #expect {
            try await kernel.execute("1")
        } throws: { ($0 as? KernelsError)?.code == .kernelNotRunning }
        await manager.shutdownAll()
    }

    @Test(arguments: RealKernel.allCases)
    func aKillFromOutsideIsNoticedWithinASecond(kind: RealKernel) async throws {
        let manager = try KernelTesting.manager()
        let kernel = try await manager.startKernel(named: kind.rawValue)
        let pid = try #require(kernel.processID)
        let running = Gate()
        let execution = Task {
            // A timeout, so a lost interrupt fails the test in 30 s, not after the whole sleep.
            try await kernel.execute(kind.longRunning, options: ExecuteOptions(timeout: .seconds(30))) { event in
                if case .stream = event { running.open() }
            }
        }
        try await running.wait()
        let killed = ContinuousClock.now
        kill(pid, SIGKILL)
        await #expect {
            _ = try await execution.value
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .kernelDied && error?.description.contains("signal 9 (SIGKILL)") == true
                && error?.description.contains(kind.rawValue) == true && error?.kernelID == kernel.id
        }
        #expect(ContinuousClock.now - killed < .seconds(1))
        #expect(kernel.currentState == .dead)
        await manager.shutdownAll()
    }

    @Test(arguments: [RealKernel.ipykernel, .xeusPython])
    func anExitFromInsideReportsItsStatusAndLastOutput(kind: RealKernel) async throws {
        let manager = try KernelTesting.manager()
        let kernel = try await manager.startKernel(named: kind.rawValue)
        let exited = ContinuousClock.now
        await #expect {
            // ipykernel captures fd 2 for IOPub; it keeps the original as _original_stdstream_copy.
            try await kernel.execute(
                "import os, sys; os.write(getattr(sys.stderr, '_original_stdstream_copy', None) or 2, b'last words\\n'); os._exit(3)"
            )
        } throws: { error in
            let text = (error as? KernelsError)?.description ?? ""
            return (error as? KernelsError)?.code == .kernelDied && text.contains("exit status 3")
                && text.contains("last words")
        }
        #expect(ContinuousClock.now - exited < .seconds(2))
        await manager.shutdownAll()
    }
}
