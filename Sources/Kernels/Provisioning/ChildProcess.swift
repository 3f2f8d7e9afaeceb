// SPDX-License-Identifier: Apache-2.0

import CQuireProcess
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started in its own session (process group == PID), with standard input from
/// /dev/null and standard output and error into a pipe kept as a bounded ``OutputTail``.
///
/// Two threads per process do the blocking work: one reads the pipe until end of file, one
/// waits for the process (`waitpid`) and reaps it. The exit is reported at once, after the
/// reader has drained what the process wrote (waiting at most ``drainLimit`` for the end of
/// file, in case a grandchild keeps the pipe open).
final class ChildProcess: Sendable {
    private struct State {
        var exit: ProcessExit?
        var waiters: [CheckedContinuation<ProcessExit, Never>] = []
    }

    /// The process id, also its process group and session id.
    let pid: pid_t
    /// The executable and arguments it was started with.
    let argv: [String]
    /// What it wrote to standard output and error, last bytes only.
    let output: OutputTail
    private let state = Mutex(State())
    private let exited = OneShot<ProcessExit>()
    private let outputDone = DispatchSemaphore(value: 0)

    /// How long the exit report waits for the output pipe's end of file.
    static let drainLimit: DispatchTimeInterval = .milliseconds(200)

    private init(pid: pid_t, argv: [String], output: OutputTail) {
        self.pid = pid
        self.argv = argv
        self.output = output
    }

    /// Starts `executable` (an absolute or relative path; no PATH search) with `argv` (whose
    /// first element is argv[0]) and exactly `environment`, in `workingDirectory` when given.
    /// - Throws: the errno of a failed start (ENOENT, EACCES, ENOEXEC, ...) as `POSIXErrorCode`.
    static func spawn(
        executable: String,
        argv: [String],
        environment: [String: String],
        workingDirectory: String?,
        outputCapacity: Int
    ) throws(ChildProcessError) -> ChildProcess {
        var pipeFDs: [Int32] = [-1, -1]
        guard quire_pipe_cloexec(&pipeFDs) == 0 else { throw ChildProcessError(errno: errno, step: "pipe") }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard devNull >= 0 else {
            let code = errno
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw ChildProcessError(errno: code, step: "open /dev/null")
        }
        let environmentStrings = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointer in
            withCStrings(environmentStrings) { envPointer in
                quire_spawn(executable, argvPointer, envPointer, workingDirectory, devNull, pipeFDs[1], &pid)
            }
        }
        close(devNull)
        close(pipeFDs[1])
        guard result == 0 else {
            close(pipeFDs[0])
            throw ChildProcessError(errno: result, step: "posix_spawn")
        }
        let process = ChildProcess(pid: pid, argv: argv, output: OutputTail(capacity: outputCapacity))
        ChildProcessRegistry.shared.insert(pid)
        process.startThreads(readingFrom: pipeFDs[0])
        return process
    }

    private func startThreads(readingFrom fd: Int32) {
        let output = self.output
        let outputDone = self.outputDone
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 16 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    buffer.withUnsafeBytes { output.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fd)
            outputDone.signal()
        }
        reader.name = "quire-kernel-output-\(pid)"
        reader.start()
        let waiter = Thread { [self] in
            // Wait without reaping: while the process is a zombie its PID cannot be reused, so
            // signalGroup (which checks `exit` under the same lock) never hits another process.
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            _ = outputDone.wait(timeout: .now() + ChildProcess.drainLimit)
            let (exit, waiters) = state.withLock { state in
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                var value: Int32 = 0
                let exit: ProcessExit =
                    quire_decode_wait_status(status, &value) == 1 ? .signaled(signal: value) : .exited(status: value)
                state.exit = exit
                defer { state.waiters.removeAll() }
                return (exit, state.waiters)
            }
            ChildProcessRegistry.shared.remove(pid)
            exited.succeed(exit)
            for continuation in waiters { continuation.resume(returning: exit) }
        }
        waiter.name = "quire-kernel-wait-\(pid)"
        waiter.start()
    }

    /// How the process ended, or nil while it runs (or is not yet reaped).
    var exit: ProcessExit? { state.withLock { $0.exit } }

    /// Waits until the process has ended and been reaped.
    func waitForExit() async -> ProcessExit {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> ProcessExit? in
                if let exit = state.exit { return exit }
                state.waiters.append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Waits until the process has ended, or `timeout` has passed (or the task is cancelled); nil then.
    func waitForExit(timeout: Duration) async -> ProcessExit? {
        let exited = self.exited
        return try? await withTimeout(timeout, error: { CancellationError() }) { try await exited.value }
    }

    /// Sends `signal` to the process's whole group (the kernel and anything it started that stayed
    /// in its group). Does nothing once the process is reaped, so a recycled PID is never hit.
    /// - Returns: false if the process is gone.
    @discardableResult
    func signalGroup(_ signal: Int32) -> Bool {
        state.withLock { state in
            guard state.exit == nil else { return false }
            return killpg(pid, signal) == 0 || kill(pid, signal) == 0
        }
    }
}

/// Why a child process could not be started: the failing step and its errno.
struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// The errno value.
    var errno: Int32
    /// The call that failed (`posix_spawn`, `pipe`, ...).
    var step: String

    /// The errno's text, e.g. "No such file or directory".
    var description: String { String(cString: strerror(errno)) }
}

/// Runs `body` with a NULL-terminated C array of the strings.
private func withCStrings(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Int32) -> Int32
{
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return EINVAL }
        return body(base)
    }
}
