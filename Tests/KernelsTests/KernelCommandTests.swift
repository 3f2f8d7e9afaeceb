// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing
import ZMTP

@testable import Kernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a kernelspec becomes a command line, an environment and a directory.
struct KernelCommandTests {
    /// A stand-in interpreter: it must exist, since the command is resolved.
    private let python = PythonEnvironment(executable: "/bin/sh", prefix: "/opt/venv")

    private func spec(_ argv: [String], env: JSONObject = JSONObject(), language: String = "python") -> Kernelspec {
        Kernelspec(name: "k", resourceDirectory: "/specs/k", argv: argv, displayName: "K", language: language, env: env)
    }

    @Test func substitutesTheNamesAndThePython() throws {
        let command = try KernelCommand(
            spec: spec([
                "python3.11", "-m", "x", "-f", "{connection_file}", "--res={resource_dir}", "{prefix}/p", "{unknown}",
                "{",
            ]),
            connectionFile: "/run/kernel-1.json",
            options: KernelStartOptions(extraArguments: ["--extra"]),
            python: python,
            baseEnvironment: ["PATH": "/bin:/usr/bin"]
        )
        #expect(
            command.argv == [
                "/bin/sh", "-m", "x", "-f", "/run/kernel-1.json", "--res=/specs/k", "/opt/venv/p", "{unknown}", "{",
                "--extra",
            ]
        )
    }

    @Test(arguments: ["python", "python3", "python3.11", "python3.9"])
    func pythonNamesAreReplaced(name: String) {
        #expect(KernelCommand.isPythonName(name))
    }

    @Test(arguments: ["python2", "python3.", "python3.x", "/usr/bin/python3", "ipython"])
    func otherNamesAreKept(name: String) {
        #expect(!KernelCommand.isPythonName(name))
    }

    @Test func environmentHasTheSpecsVariablesAndTheParentPID() throws {
        let env = JSONObject([
            ("GREETING", .string("hi $USER from ${HOME}, $$5, $MISSING, ${MISSING}")),
            ("PATH", .string("/extra:$PATH")),
        ])
        let command = try KernelCommand(
            spec: spec(["sh", "{connection_file}"], env: env, language: "bash"),
            connectionFile: "/c.json",
            options: KernelStartOptions(environment: ["EXTRA": "1"], sessionName: "/nb/a.ipynb"),
            python: nil,
            baseEnvironment: ["PATH": "/bin:/usr/bin", "USER": "ada", "HOME": "/home/ada"]
        )
        #expect(command.environment["GREETING"] == "hi ada from /home/ada, $5, $MISSING, ${MISSING}")
        #expect(command.environment["PATH"] == "/extra:/bin:/usr/bin")
        #expect(command.environment["EXTRA"] == "1")
        #expect(command.environment["JPY_SESSION_NAME"] == "/nb/a.ipynb")
        #expect(command.environment["JPY_PARENT_PID"] == String(getpid()))
        #expect(command.executable == "/bin/sh" || command.executable == "/usr/bin/sh")
    }

    @Test func inMemoryHistoryOnlyForIPykernel() throws {
        let options = KernelStartOptions(inMemoryHistory: true)
        let ipykernel = try KernelCommand(
            spec: spec(["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]),
            connectionFile: "/c.json",
            options: options,
            python: python,
            baseEnvironment: [:]
        )
        #expect(ipykernel.argv.last == "--HistoryManager.hist_file=:memory:")
        let other = try KernelCommand(
            spec: spec(["sh", "{connection_file}"]),
            connectionFile: "/c.json",
            options: options,
            python: nil,
            baseEnvironment: ["PATH": "/bin"]
        )
        #expect(other.argv == ["sh", "/c.json"])
    }

    @Test func missingExecutableOrDirectoryIsAClearError() {
        #expect {
            try KernelCommand(
                spec: spec(["no-such-kernel-binary"]),
                connectionFile: "/c",
                options: .init(),
                python: nil,
                baseEnvironment: ["PATH": "/bin"]
            )
        } throws: { error in
            let error = error as? KernelsError
            return error?.code == .launchFailed
                && error?.description.contains("'no-such-kernel-binary' is not an executable file found on PATH")
                    == true
        }
        #expect {
            try KernelCommand(spec: spec([]), connectionFile: "/c", options: .init(), python: nil, baseEnvironment: [:])
        } throws: { ($0 as? KernelsError)?.code == .invalidKernelspec }
        #expect {
            try KernelCommand(
                spec: spec(["sh"]),
                connectionFile: "/c",
                options: .init(workingDirectory: "/no/such/dir"),
                python: nil,
                baseEnvironment: ["PATH": "/bin"]
            )
        } throws: { ($0 as? KernelsError)?.description.contains("/no/such/dir does not exist") == true }
    }

    @Test func connectionFileRoundTripsAndNamesBadFields() throws {
        let info = ConnectionInfo(ports: (1, 2, 3, 4, 5), key: "secret", kernelName: "python3")
        let text = String(decoding: info.fileBytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"shell_port\": 1,\n  \"iopub_port\": 2,"))
        let parsed = try ConnectionInfo(json: try #require(JSONParser.parse(info.fileBytes).objectValue))
        #expect(parsed == info)
        #expect(info.endpoint(.control).description == "tcp://127.0.0.1:4")
        let ipc = ConnectionInfo(ports: (1, 2, 3, 4, 5), ip: "/run/k", transport: .ipc)
        #expect(ipc.endpoint(.heartbeat).description == "ipc:///run/k-5")
        #expect {
            try ConnectionInfo(json: JSONObject([("shell_port", .string("x"))]), path: "/c.json")
        } throws: { ($0 as? KernelsError)?.description == "/c.json: 'shell_port' must be a port number" }
    }

    @Test func portsAreNeverHandedOutTwiceWhileReserved() throws {
        let allocator = PortAllocator()
        let first = try allocator.reserve(5, host: "127.0.0.1")
        let second = try allocator.reserve(5, host: "127.0.0.1")
        #expect(Set(first).count == 5 && Set(second).count == 5)
        #expect(Set(first).isDisjoint(with: second))
        #expect(first.allSatisfy(allocator.isReserved))
        allocator.release(first)
        #expect(!first.contains(where: allocator.isReserved))
        #expect {
            try allocator.reserve(1, host: "not-an-address")
        } throws: { ($0 as? KernelsError)?.description.contains("is not an IP address") == true }
    }

    @Test func outputTailKeepsTheLastBytesAndLines() {
        let tail = OutputTail(capacity: 16)
        "line one\nline two\n".utf8CString.dropLast().withUnsafeBytes { tail.append($0) }
        #expect(tail.text(lastLines: 5) == "…ne one\nline two", "the cut first line is marked")
        #expect(tail.text(lastLines: 1) == "…line two")
        #expect(tail.totalBytes == 18)
        let short = OutputTail(capacity: 100)
        "a\nb\n".utf8CString.dropLast().withUnsafeBytes { short.append($0) }
        #expect(short.text(lastLines: 5) == "a\nb")
    }
}
