// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Dispatch
import Foundation
import Kernels
import NotebookFormat

/// Helpers shared by the subcommands: argument expansion and error reporting.
enum CommandSupport {
    /// Expands directory arguments into the `*.ipynb` files below them; other arguments pass through.
    static func expand(_ arguments: [String]) -> [String] {
        arguments.flatMap { FileIO.isDirectory($0) ? FileIO.notebooks(under: $0) : [$0] }
    }

    /// Prints an error to standard error as "quire: message".
    static func report(_ error: any Error) {
        printError("quire: \(error)")
    }

    /// Prints a line to standard error.
    static func printError(_ line: String) {
        FileIO.writeStandardError(Array((line + "\n").utf8))
    }

    /// Prints a line to standard output at once (not buffered: servers print their URL and run on).
    static func printLine(_ line: String) {
        try? FileIO.writeStandardOutput(Array((line + "\n").utf8))
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The Python environment whose kernelspecs are used: `explicit` (an error if it cannot be
    /// probed), else `$QUIRE_PYTHON` (likewise), else ./.venv/bin/python if it exists (a warning
    /// if it cannot be probed), else `python3` on `PATH` (silently none if there is none).
    static func pythonEnvironment(_ explicit: String?) throws -> PythonEnvironment? {
        if let chosen = explicit ?? ExecutablePath.environment("QUIRE_PYTHON") {
            do throws(KernelsError) { return try PythonEnvironment.probe(chosen) } catch {
                report(error)
                throw ExitCode(1)
            }
        }
        if FileIO.exists(".venv/bin/python") {
            do throws(KernelsError) { return try PythonEnvironment.probe(".venv/bin/python") } catch {
                printError("quire: warning: \(error); its environment is not searched")
                return nil
            }
        }
        guard let python = ExecutablePath.onPath("python3") else { return nil }
        return try? PythonEnvironment.probe(python)
    }

    /// A value computed on a thread of its own while the caller does something else.
    final class BackgroundValue<T: Sendable>: @unchecked Sendable {
        // Safe: `result` is written once, by the background thread, before `done` is signalled,
        // and read only after waiting for `done` (the semaphore orders the two).
        private let done = DispatchSemaphore(value: 0)
        private var result: T?

        /// Starts computing.
        init(_ compute: @escaping @Sendable () -> T) {
            Thread { [self] in
                result = compute()
                done.signal()
            }.start()
        }

        /// The value, once computed (waits for it).
        var value: T {
            done.wait()
            done.signal()
            return result!
        }
    }
}
