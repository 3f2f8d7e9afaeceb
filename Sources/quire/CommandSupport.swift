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

    /// `transform` applied to every element on all cores, results in the elements' order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.store(transform(items[i]), at: i)
        }
        return results.values()
    }

    /// `parallelMap` started on other threads; `wait()` returns its results once they are all in.
    ///
    /// It starts from a thread of its own, not from a block on a global queue: the caller (a
    /// command runs on one of Swift concurrency's dispatch threads) keeps its pool thread while
    /// it waits, and a block would take the other one of a two-core machine, leaving
    /// `concurrentPerform` no thread to share the work with (and on one core, dispatch then
    /// waits about a second before it adds a thread).
    final class ParallelMap<R: Sendable>: @unchecked Sendable {
        // Safe: `results` is written once, by the background thread, before `done` is signalled,
        // and read only after waiting for `done` (the semaphore orders the two).
        private let done = DispatchSemaphore(value: 0)
        private var results: [R] = []

        init<T: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) {
            Thread { [self] in
                results = CommandSupport.parallelMap(items, transform)
                done.signal()
            }.start()
        }

        /// The results, in the items' order, once computed.
        func wait() -> [R] {
            done.wait()
            return results
        }
    }
}

/// Slots that worker threads fill, one each, before the results are read on one thread.
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    // Safe: each slot is written by exactly one iteration of concurrentPerform, through a pointer that
    // never moves, and read only after concurrentPerform has returned (which orders the writes first).
    private let slots: UnsafeMutablePointer<R?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: R, at index: Int) { slots[index] = value }

    func values() -> [R] { (0..<count).map { slots[$0]! } }
}
