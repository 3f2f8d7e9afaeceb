// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import Kernels

extension Tag {
    /// Tests that start real kernel processes (ipykernel, xeus-python, bash_kernel).
    @Tag static var realKernel: Self
}

/// The real kernels the tests run, and what each can do.
enum RealKernel: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case ipykernel = "python3"
    case xeusPython = "xpython"
    case bash = "bash"

    var testDescription: String { rawValue }

    /// Code that prints `text` followed by a newline.
    func print(_ text: String) -> String {
        self == .bash ? "echo \(text)" : "print('\(text)')"
    }

    /// Code that prints each of `lines` with a small pause, as separate outputs.
    func printSlowly(_ lines: [String]) -> String {
        if self == .bash { return lines.map { "echo \($0); sleep 0.05" }.joined(separator: "\n") }
        return "import time, sys\nfor line in \(lines):\n    print(line, flush=True)\n    time.sleep(0.05)"
    }

    /// Code that fails, and the error name the kernel reports.
    var failing: (code: String, ename: String?) {
        switch self {
        case .bash: ("ls /no/such/path", nil)
        case .ipykernel, .xeusPython: ("1/0", "ZeroDivisionError")
        }
    }

    /// Code that prints `sleeping` and then runs for a long time. Interrupting only after the
    /// line has arrived avoids a race: a SIGINT that reaches ipykernel between `execute_input`
    /// and the start of the user's code can be swallowed by ipykernel's own machinery.
    var longRunning: String {
        self == .bash ? "echo sleeping; sleep 100" : "import time; print('sleeping', flush=True); time.sleep(100)"
    }

    /// Code that reads a line with input() (nil: the kernel has no stdin support).
    var readsInput: String? {
        switch self {
        case .ipykernel, .xeusPython: "name = input('name? '); print('hello', name)"
        case .bash: nil  // bash_kernel runs bash on a pseudo-terminal and sends no input_request
        }
    }

    /// Code that sets state, and code that prints it (to see a restart reset it).
    var setState: String { self == .bash ? "QUIRE_STATE=42" : "quire_state = 42" }
    var printState: String {
        self == .bash
            ? "echo \"[${QUIRE_STATE:-unset}]\"" : "print('[' + str(globals().get('quire_state', 'unset')) + ']')"
    }
}

/// Kernels for tests: a manager over the project's Python (`QUIRE_PYTHON` or `.venv`), with
/// its own runtime directory, and one shared kernel per kind for tests that do not need a
/// fresh one. Every kernel still running when the test process exits is killed.
enum KernelTesting {
    /// Why the real-kernel tests cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The runtime directory for the tests' connection files.
    static let runtimeDirectory: String = {
        let path = NSTemporaryDirectory() + "quire-kernel-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit {
            killAllKernelProcessGroups()
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "quire-kernel-tests-\(getpid())")
        }
        return path
    }()

    /// The Python environment of the project.
    static let python: Result<PythonEnvironment, any Error> = {
        let path = OraclePython.path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(
                Unavailable(
                    description:
                        "no Python for the real-kernel tests at \(path): run `make venv-dev` or set QUIRE_PYTHON"
                )
            )
        }
        return Result { try PythonEnvironment.probe(path) }
    }()

    /// A manager for real kernels (a new one each call; kernels are the caller's to shut down).
    static func manager(shutdownTimeout: Duration = .seconds(5)) throws -> KernelManager {
        var environment = JupyterPaths.processEnvironment()
        environment["JUPYTER_RUNTIME_DIR"] = runtimeDirectory
        return KernelManager(
            configuration: .init(
                python: try python.get(),
                environment: environment,
                kernel: Kernel.Configuration(shutdownTimeout: shutdownTimeout)
            )
        )
    }

    /// The shared kernel of a kind, started on first use.
    static func shared(_ kind: RealKernel) async throws -> Kernel {
        try await SharedKernels.instance.kernel(kind)
    }
}

/// The shared kernels (one per kind) and the manager that started them.
actor SharedKernels {
    static let instance = SharedKernels()
    private var kernels: [RealKernel: Task<Kernel, any Error>] = [:]
    private var manager: KernelManager?

    func kernel(_ kind: RealKernel) async throws -> Kernel {
        if let task = kernels[kind], let kernel = try? await task.value, kernel.currentState != .dead {
            return kernel
        }
        if manager == nil { manager = try KernelTesting.manager() }
        guard let manager else { throw KernelTesting.Unavailable(description: "no kernel manager") }
        let task = Task { try await manager.startKernel(named: kind.rawValue) }
        kernels[kind] = task
        return try await task.value
    }
}
