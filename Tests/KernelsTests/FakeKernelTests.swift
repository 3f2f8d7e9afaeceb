// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NotebookFormat
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import Kernels

/// The client against an in-process kernel, for what real kernels do not produce on demand.
struct FakeKernelTests {
    private let spec = Kernelspec(
        name: "fake",
        resourceDirectory: "/fake",
        argv: ["fake"],
        displayName: "Fake",
        language: "fake"
    )

    private func start(_ provisioner: FakeProvisioner, timeout: Duration = .seconds(10)) async throws -> (
        KernelManager, Kernel
    ) {
        let manager = KernelManager(
            configuration: .init(kernel: Kernel.Configuration(shutdownTimeout: .seconds(1))),
            provisioner: provisioner
        )
        let kernel = try await manager.startKernel(spec: spec, options: KernelStartOptions(startTimeout: timeout))
        return (manager, kernel)
    }

    @Test func startsExecutesAndShutsDown() async throws {
        let provisioner = FakeProvisioner()
        let (manager, kernel) = try await start(provisioner)
        #expect(kernel.currentState == .idle)
        #expect(kernel.info?.implementation == "fake")
        let result = try await kernel.execute("x = 1")
        #expect(result.status == .ok && result.executionCount == 1)
        #expect(result.stdout == "ran: x = 1\n")
        #expect(result.outputs.first == .executeInput(ExecuteInput(code: "x = 1", executionCount: 1)))
        let completions = try await kernel.complete(code: "fa")
        #expect(completions.matches == ["fake_match"] && completions.cursorEnd == 2)
        await manager.shutdownAll()
        #expect(kernel.currentState == .dead && kernel.death == .shutDown)
        #expect(provisioner.launched.value.first?.exit == .exited(status: 0), "the kernel exited on shutdown_request")
        await #expect(throws: KernelsError.self) { try await kernel.execute("1") }
    }

    @Test func messagesWithBadSignaturesOrGarbageAreDroppedAndTheRestDelivered() async throws {
        let provisioner = FakeProvisioner { request in
            guard case .executeRequest = request.message.content else { return false }
            let kernel = request.kernel
            // A forged stream (signed with another key) and frames that are no Jupyter message.
            let forger = try Session(connectionKey: "wrong-key")
            kernel.publishRaw(
                forger.encode(
                    forger.message(Stream(name: "stdout", text: "forged\n"), parent: request.message.header),
                    identities: [ByteBuffer(string: "x")]
                )
            )
            kernel.publishRaw([ByteBuffer(string: "garbage"), ByteBuffer(string: "frames")])
            try await kernel.sendRaw(
                [ByteBuffer(string: "<IDS|MSG>"), ByteBuffer(string: "sig")],
                on: .shell,
                to: request.identity
            )
            try await kernel.answer(request)
            return true
        }
        let (manager, kernel) = try await start(provisioner)
        let result = try await kernel.execute("print(1)")
        #expect(result.status == .ok)
        #expect(result.stdout == "ran: print(1)\n", "only the genuine output arrives")
        await manager.shutdownAll()
    }

    @Test func repliesOutOfOrderReachTheirRequests() async throws {
        // The first execute's reply is held back until the second has been answered.
        let gate = Gate()
        let firstArrived = Gate()
        let provisioner = FakeProvisioner { request in
            guard case .executeRequest(let execute) = request.message.content else { return false }
            if execute.code == "first" {
                // Answered later, from another task, so the kernel reads the second request meanwhile.
                firstArrived.open()
                Task {
                    try await gate.wait()
                    request.publish(Status(executionState: .busy))
                    request.publish(Stream(name: "stdout", text: "one\n"))
                    try await request.reply(ExecuteReply(executionCount: 1))
                    request.publish(Status(executionState: .idle))
                }
            } else {
                request.publish(Status(executionState: .busy))
                request.publish(Stream(name: "stdout", text: "two\n"))
                try await request.reply(ExecuteReply(executionCount: 2))
                request.publish(Status(executionState: .idle))
                gate.open()
            }
            return true
        }
        let (manager, kernel) = try await start(provisioner)
        async let first = kernel.execute("first")
        try await firstArrived.wait()
        async let second = kernel.execute("second")
        let (a, b) = try await (first, second)
        #expect(a.stdout == "one\n" && a.executionCount == 1)
        #expect(b.stdout == "two\n" && b.executionCount == 2)
        await manager.shutdownAll()
    }

    @Test func aLostIdleStatusEndsTheWaitAfterTheIdleTimeout() async throws {
        // The kernel replies but never publishes idle: with idleTimeoutAfterReply the call
        // returns the reply (and the output) instead of waiting forever.
        let provisioner = FakeProvisioner { request in
            guard case .executeRequest = request.message.content else { return false }
            request.publish(Status(executionState: .busy))
            request.publish(Stream(name: "stdout", text: "out\n"))
            try await request.reply(ExecuteReply(executionCount: 7))
            return true
        }
        let (manager, kernel) = try await start(provisioner)
        let types = Locked<[String]>([])
        let reply = try await kernel.executeMessages("x", options: ExecuteOptions(idleTimeoutAfterReply: .seconds(2))) {
            _, message in types.withLock { $0.append(message.messageType) }
        }
        #expect(reply.messageType == "execute_reply")
        // Shell and IOPub are separate sockets: the reply may arrive before or after the stream.
        #expect(types.value.contains("stream") && types.value.contains("execute_reply"))
        #expect(types.value.filter { $0 == "status" }.count == 1, "only the busy status: no idle ever arrived")
        await manager.shutdownAll()
    }

    @Test func inputRequestsAreAnsweredByTheHandler() async throws {
        let provisioner = FakeProvisioner { request in
            guard case .executeRequest(let execute) = request.message.content, execute.allowStdin else { return false }
            request.publish(Status(executionState: .busy))
            let name = try await request.input(prompt: "name? ")
            request.publish(Stream(name: "stdout", text: "hello \(name)\n"))
            try await request.reply(ExecuteReply(executionCount: 1))
            request.publish(Status(executionState: .idle))
            return true
        }
        let (manager, kernel) = try await start(provisioner)
        let prompts = Locked<[String]>([])
        let result = try await kernel.execute(
            "input()",
            input: { request in
                prompts.withLock { $0.append(request.prompt) }
                return "Ada"
            }
        )
        #expect(prompts.value == ["name? "])
        #expect(result.stdout == "hello Ada\n")
        await manager.shutdownAll()
    }

    @Test func aSilentKernelTimesOutAndAnExitFailsWaitingRequestsAtOnce() async throws {
        let provisioner = FakeProvisioner { request in
            if case .executeRequest = request.message.content { return true }  // never answers
            return false
        }
        let (manager, kernel) = try await start(provisioner)
        await #expect {
            try await kernel.execute("hang", options: ExecuteOptions(timeout: .milliseconds(100)))
        } throws: { ($0 as? KernelsError)?.code == .requestTimeout }

        let hanging = Task { try await kernel.execute("hang") }
        let process = try #require(provisioner.launched.value.first)
        process.output.withLock { $0 = "Segmentation fault" }
        let killed = ContinuousClock.now
        process.end(.signaled(signal: 11))
        await #expect {
            _ = try await hanging.value
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .kernelDied && error?.description.contains("signal 11 (SIGSEGV)") == true
                && error?.description.contains("Segmentation fault") == true && error?.kernelID == kernel.id
        }
        #expect(ContinuousClock.now - killed < .seconds(1))
        #expect(kernel.currentState == .dead)
        #expect(try await kernel.waitForDeath() == .died(.signaled(signal: 11), outputTail: "Segmentation fault"))
        await manager.shutdownAll()
    }

    @Test func aKernelThatNeverAnswersTimesOutNamingWhy() async throws {
        let provisioner = FakeProvisioner { request in
            if case .kernelInfoRequest = request.message.content { return true }
            return false
        }
        let manager = KernelManager(provisioner: provisioner)
        await #expect {
            // Generous: the deadline must not pass before the in-process sockets connect, even on a busy machine.
            try await manager.startKernel(spec: spec, options: KernelStartOptions(startTimeout: .seconds(5)))
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .startTimeout
                && error?.description.contains("did not answer kernel_info_request") == true
        }
        #expect(await manager.kernels.isEmpty)
        #expect(provisioner.launched.value.first?.exit == .signaled(signal: 9), "the process is killed")
    }

    @Test func shutdownEscalatesToSIGTERMThenSIGKILL() async throws {
        // A kernel that ignores shutdown_request and SIGTERM.
        let provisioner = FakeProvisioner { request in
            if case .shutdownRequest = request.message.content { return true }
            return false
        }
        let manager = KernelManager(
            configuration: .init(kernel: Kernel.Configuration(shutdownTimeout: .milliseconds(400))),
            provisioner: provisioner
        )
        let kernel = try await manager.startKernel(spec: spec)
        let process = try #require(provisioner.launched.value.first)
        process.ignoredSignals.withLock { $0 = [SIGTERM] }
        let started = ContinuousClock.now
        await kernel.shutdown()
        #expect(process.signals.value == [SIGINT, SIGTERM, SIGKILL], "interrupt, then SIGTERM, then SIGKILL")
        #expect(process.exit == .signaled(signal: SIGKILL))
        #expect(ContinuousClock.now - started >= .milliseconds(400), "each step waited half the shutdown timeout")
        #expect(kernel.death == .shutDown)
    }

    @Test func interruptByMessageAndRestartOnTheSameConnection() async throws {
        let provisioner = FakeProvisioner()
        let manager = KernelManager(
            configuration: .init(kernel: Kernel.Configuration(shutdownTimeout: .seconds(1))),
            provisioner: provisioner
        )
        var messageSpec = spec
        messageSpec.interruptMode = .message
        let kernel = try await manager.startKernel(spec: messageSpec)
        try await kernel.interrupt()
        #expect(provisioner.launched.value.first?.interrupts.value == 1)
        try await kernel.restart()
        #expect(provisioner.launched.value.count == 2)
        #expect(kernel.currentState == .idle)
        #expect(try await kernel.execute("after").stdout == "ran: after\n")
        await manager.shutdownAll()
    }
}

/// A one-way gate tasks can wait on (used across the kernel tests).
final class Gate: Sendable {
    private let opened = OneShot<Void>()
    func wait() async throws { try await opened.value }
    func open() { opened.succeed(()) }
}
