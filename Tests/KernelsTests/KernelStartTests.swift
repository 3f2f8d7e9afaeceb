// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts that fail, with kernelspecs whose argv is wrong, and many kernels started at once.
struct KernelStartTests {
    private func spec(_ name: String, _ argv: [String]) -> Kernelspec {
        Kernelspec(
            name: name,
            resourceDirectory: KernelTesting.runtimeDirectory,
            argv: argv,
            displayName: name,
            language: "none"
        )
    }

    private func manager() -> KernelManager {
        var environment = JupyterPaths.processEnvironment()
        environment["JUPYTER_RUNTIME_DIR"] = KernelTesting.runtimeDirectory
        return KernelManager(configuration: .init(environment: environment))
    }

    @Test func aKernelThatNeverAnswersTimesOutSayingWhichAndWhy() async throws {
        let manager = manager()
        let started = ContinuousClock.now
        var reported: KernelsError?
        do {
            _ = try await manager.startKernel(
                spec: spec("silent", ["sh", "-c", "echo waiting for nothing; exec sleep 60", "{connection_file}"]),
                options: KernelStartOptions(startTimeout: .milliseconds(700))
            )
        } catch let error as KernelsError {
            reported = error
        }
        let error = try #require(reported)
        #expect(error.code == .startTimeout)
        #expect(error.description.contains("kernel 'silent'"))
        #expect(error.description.contains("was not ready within 0.7 seconds"))
        #expect(error.description.contains("its sockets never accepted a connection"))
        #expect(error.description.contains("waiting for nothing"), "the kernel's output is quoted")
        #expect(ContinuousClock.now - started < .seconds(30), "the start does not wait for the 60 s sleep")
        let pid = try #require(error.description.firstMatch(of: /pid (\d+)/).flatMap { Int32($0.1) })
        #expect(kill(pid, 0) != 0, "the process was killed")
        #expect(await manager.kernels.isEmpty)
    }

    @Test func aMissingExecutableIsALaunchError() async throws {
        await #expect {
            try await manager().startKernel(spec: spec("missing", ["/no/such/kernel", "-f", "{connection_file}"]))
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .launchFailed
                && error?.description.contains("'/no/such/kernel' is not an executable file") == true
        }
    }

    @Test func aKernelThatExitsAtOnceReportsItsStatusAndOutput() async throws {
        await #expect {
            try await manager().startKernel(
                spec: spec("broken", ["sh", "-c", "echo 'No module named nokernel' >&2; exit 1", "{connection_file}"])
            )
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .kernelDied && error?.description.contains("kernel 'broken'") == true
                && error?.description.contains("exited before it was ready (exit status 1)") == true
                && error?.description.contains("No module named nokernel") == true
        }
    }

    @Test func anUnknownKernelNameListsTheInstalledOnes() async throws {
        await #expect {
            try await KernelTesting.manager().startKernel(named: "no-such-kernel")
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .noSuchKernel && error?.description.contains("python3") == true
        }
    }

    @Test(.tags(.realKernel))
    func fourKernelsRunConcurrentlyFromOneProcess() async throws {
        let manager = try KernelTesting.manager()
        let kernels = try await withThrowingTaskGroup(of: Kernel.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await manager.startKernel(named: "python3", options: KernelStartOptions(inMemoryHistory: true))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(kernels.compactMap(\.processID)).count == 4)
        let ports = kernels.flatMap { $0.connectionInfo?.ports ?? [] }
        #expect(Set(ports).count == 20, "no port is shared between kernels")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, kernel) in kernels.enumerated() {
                group.addTask {
                    try await kernel.execute("me = \(index)")
                    for round in 0..<20 {
                        let result = try await kernel.execute("print(me, \(round))")
                        #expect(result.stdout == "\(index) \(round)\n")
                    }
                }
            }
            try await group.waitForAll()
        }
        let pids = kernels.compactMap(\.processID)
        await manager.shutdownAll()
        #expect(pids.allSatisfy { kill($0, 0) != 0 }, "every kernel process is gone")
        #expect(await manager.kernels.isEmpty)
    }

    @Test(.tags(.realKernel))
    func ipykernelOverIPCSockets() async throws {
        let manager = try KernelTesting.manager()
        let kernel = try await manager.startKernel(named: "python3", options: KernelStartOptions(transport: .ipc))
        let info = try #require(kernel.connectionInfo)
        #expect(info.transport == .ipc)
        #expect(access("\(info.ip)-1", F_OK) == 0, "the shell socket file exists")
        #expect(try await kernel.execute("print('over ipc')").stdout == "over ipc\n")
        await manager.shutdownAll()
        #expect(access("\(info.ip)-1", F_OK) != 0, "socket files are removed")
    }
}
