// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Dispatch
import Kernels
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `quire console`: run code in a Jupyter kernel, once (`-c`) or line by line.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Run code in a Jupyter kernel: one snippet with -c, or a line-by-line console.",
        discussion: """
            Starts the kernel from its kernelspec (found as `quire kernelspec list` finds them), prints \
            stream output, the text/plain of results and displays, and tracebacks, as `jupyter console` does. \
            Ctrl-C interrupts the running code; SIGTERM and SIGHUP shut the kernel down before exiting.
            """
    )

    @Option(help: ArgumentHelp("The kernelspec to start.", valueName: "name"))
    var kernel = "python3"

    @Option(
        name: .customShort("c"),
        help: ArgumentHelp("Run this code, print its output and exit (1 if it raised).", valueName: "code")
    )
    var code: String?

    @Option(
        help: ArgumentHelp(
            "The Python whose environment is searched (default: ./.venv/bin/python if it exists).",
            valueName: "path"
        )
    )
    var python: String?

    @Option(help: ArgumentHelp("Seconds the kernel has to start.", valueName: "seconds"))
    var startTimeout: Double = 60

    func run() async throws {
        let environment = try CommandSupport.pythonEnvironment(python)
        let manager = KernelManager(configuration: .init(python: environment))
        let signals = ConsoleSignals(manager: manager)
        atexit { killAllKernelProcessGroups() }
        let options = KernelStartOptions(startTimeout: .milliseconds(Int(startTimeout * 1000)))
        let started: Kernel
        do {
            started = try await manager.startKernel(named: kernel, options: options)
        } catch {
            CommandSupport.report(error)
            await manager.shutdownAll()
            throw ExitCode(1)
        }
        signals.kernel = started
        let status: Int32
        if let code {
            status = await runOnce(code, in: started)
        } else {
            status = await repl(started)
        }
        await signals.finish()
        throw ExitCode(status)
    }

    /// Runs `code`; 0 if it succeeded, 1 if it raised or the kernel died.
    private func runOnce(_ code: String, in kernel: Kernel) async -> Int32 {
        let output = ConsoleOutput(prompts: false)
        do {
            let result = try await kernel.execute(code, onEvent: { output.print($0) }, input: Self.answerInput)
            return result.status == .ok ? 0 : 1
        } catch {
            CommandSupport.report(error)
            return 1
        }
    }

    /// Reads code line by line (asking the kernel whether a block is complete) until end of input.
    private func repl(_ kernel: Kernel) async -> Int32 {
        let output = ConsoleOutput(prompts: true)
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive, let banner = kernel.info?.banner, !banner.isEmpty {
            output.write(banner + "\n", toError: false)
        }
        var count = 1
        while true {
            var lines: [String] = []
            var indent = ""
            var prompt = interactive ? "In [\(count)]: " : ""
            while let line = await ConsoleInput.readLine(prompt: prompt) {
                lines.append(line)
                let code = lines.joined(separator: "\n")
                guard let reply = try? await kernel.isComplete(code, timeout: .seconds(5)), reply.status == "incomplete"
                else { break }
                indent = reply.indent ?? ""
                prompt =
                    interactive
                    ? String(repeating: " ", count: max(0, "In [\(count)]: ".count - 5)) + "...: " + indent : ""
            }
            if lines.isEmpty { break }
            let code = lines.joined(separator: "\n")
            if code.allSatisfy(\.isWhitespace) { continue }
            do {
                let result = try await kernel.execute(code, onEvent: { output.print($0) }, input: Self.answerInput)
                count = (result.executionCount ?? count) + 1
            } catch {
                CommandSupport.report(error)
                if kernel.currentState == .dead { return 1 }
            }
        }
        if interactive { output.write("\n", toError: false) }
        return 0
    }

    /// Answers `input()` from standard input.
    @Sendable private static func answerInput(_ request: InputRequest) async throws -> String {
        await ConsoleInput.readLine(prompt: request.prompt) ?? ""
    }
}

/// Signal handling for the console: Ctrl-C interrupts the kernel (twice within a second
/// stops everything), SIGTERM and SIGHUP shut the kernel down and exit with 128 + signal.
final class ConsoleSignals: Sendable {
    private struct State {
        var kernel: Kernel?
        var lastInterrupt: ContinuousClock.Instant?
        var watcher: SignalWatcher?
    }

    private let manager: KernelManager
    private let state = Mutex(State())

    init(manager: KernelManager) {
        self.manager = manager
        let watcher = SignalWatcher([SIGINT, SIGTERM, SIGHUP]) { [weak self] in self?.handle($0) }
        state.withLock { $0.watcher = watcher }
    }

    /// The kernel Ctrl-C interrupts.
    var kernel: Kernel? {
        get { state.withLock { $0.kernel } }
        set { state.withLock { $0.kernel = newValue } }
    }

    private func handle(_ signalNumber: Int32) {
        if signalNumber == SIGINT, let kernel {
            let now = ContinuousClock.now
            let twice = state.withLock { state in
                defer { state.lastInterrupt = now }
                return state.lastInterrupt.map { now - $0 < .seconds(1) } ?? false
            }
            if twice {
                stop(exitStatus: 130)
            } else {
                Task { try? await kernel.interrupt() }
            }
            return
        }
        stop(exitStatus: 128 + signalNumber)
    }

    /// Shuts every kernel down, then exits.
    private func stop(exitStatus: Int32) {
        let manager = manager
        Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await manager.shutdownAll() }
            }
            killAllKernelProcessGroups()
            exit(exitStatus)
        }
    }

    /// Shuts the kernels down at the end of a normal run.
    func finish() async {
        await manager.shutdownAll()
    }
}
