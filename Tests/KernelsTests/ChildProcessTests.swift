// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starting, watching and signalling child processes (the local provisioner's mechanism).
struct ChildProcessTests {
    private func shell(_ script: String, environment: [String: String] = [:], in directory: String? = nil) throws
        -> ChildProcess
    {
        try ChildProcess.spawn(
            executable: "/bin/sh",
            argv: ["sh", "-c", script],
            environment: environment,
            workingDirectory: directory,
            outputCapacity: 4096
        )
    }

    @Test func reportsExitStatusAndOutput() async throws {
        let child = try shell("echo to-stdout; echo to-stderr >&2; exit 3")
        #expect(await child.waitForExit() == .exited(status: 3))
        #expect(child.output.text(lastLines: 10) == "to-stdout\nto-stderr")
        #expect(!ChildProcessRegistry.shared.all.contains(child.pid), "a reaped process leaves the registry")
    }

    @Test func runsInItsOwnSessionWithTheGivenDirectoryAndEnvironment() async throws {
        let child = try shell(
            "echo $$ $(ps -o pgid= -p $$) $(ps -o sid= -p $$); pwd; echo $ONLY",
            environment: ["ONLY": "this", "PATH": "/bin:/usr/bin"],
            in: "/tmp"
        )
        #expect(await child.waitForExit() == .exited(status: 0))
        let lines = child.output.text(lastLines: 10).split(separator: "\n").map(String.init)
        let ids = lines.first?.split(separator: " ").map(String.init) ?? []
        #expect(ids.count == 3 && Set(ids).count == 1 && ids.first == String(child.pid), "PID == PGID == SID: \(lines)")
        #expect(lines.dropFirst().first == "/tmp")
        #expect(lines.last == "this")
    }

    @Test func inheritsNoDescriptorsAboveStandardError() async throws {
        let child = try shell("ls /proc/self/fd | sort -n | tr '\\n' ' '", environment: ["PATH": "/bin:/usr/bin"])
        #expect(await child.waitForExit() == .exited(status: 0))
        // 0-2, plus the descriptor `ls` opens to read the directory.
        let descriptors = child.output.text(lastLines: 1).split(separator: " ").compactMap { Int($0) }
        #expect(descriptors.filter { $0 > 3 }.isEmpty, "leaked descriptors: \(descriptors)")
    }

    @Test func signalsReachTheWholeGroupAndAreReported() async throws {
        // The shell starts a sleeping child in its group; SIGTERM to the group ends both.
        let child = try shell("sleep 30 & echo $!; wait")
        let started = ContinuousClock.now
        while child.output.text(lastLines: 1).isEmpty, ContinuousClock.now - started < .seconds(10) {
            await Task.yield()
        }
        let grandchild = try #require(Int32(child.output.text(lastLines: 1)))
        #expect(child.signalGroup(SIGTERM))
        #expect(await child.waitForExit() == .signaled(signal: SIGTERM))
        var gone = false
        for _ in 0..<200 where !gone {
            gone = kill(grandchild, 0) != 0
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the grandchild in the same process group got the signal too")
        #expect(!child.signalGroup(SIGKILL), "a reaped process is never signalled")
    }

    @Test func aMissingExecutableIsAnErrorWithItsReason() {
        #expect {
            try ChildProcess.spawn(
                executable: "/no/such/kernel",
                argv: ["x"],
                environment: [:],
                workingDirectory: nil,
                outputCapacity: 16
            )
        } throws: { error in
            (error as? ChildProcessError)?.description == "No such file or directory"
        }
    }

    @Test func waitingWithATimeout() async throws {
        let child = try shell("sleep 30")
        #expect(await child.waitForExit(timeout: .milliseconds(50)) == nil)
        child.signalGroup(SIGKILL)
        #expect(await child.waitForExit(timeout: .seconds(30)) == .signaled(signal: SIGKILL))
    }
}
