// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

extension Tag {
    /// Tests that talk to real libzmq peers through pyzmq.
    @Tag static var interop: Self
}

/// A pyzmq peer script from Tests/ZMTPTests/Peers, run as a child process; its stdout lines are
/// the events tests synchronise on.
actor PythonPeer {
    /// The package root, found from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `QUIRE_PYTHON`, else `<package root>/.venv/bin/python`.
    static let python: String = {
        if let configured = ProcessInfo.processInfo.environment["QUIRE_PYTHON"], !configured.isEmpty {
            return configured
        }
        return packageRoot.appendingPathComponent(".venv/bin/python").path
    }()

    private let process: Process
    private let input: FileHandle
    private var buffered: [String] = []
    private var finished = false
    private var waiter: CheckedContinuation<String?, Never>?

    /// Starts `Peers/<script>` with `arguments`.
    init(_ script: String, _ arguments: [String] = []) throws {
        let python = Self.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerError("no Python at \(python) for the pyzmq interop tests: set QUIRE_PYTHON to a Python with pyzmq, or run `make setup`")
        }
        let peers = Self.packageRoot.appendingPathComponent("Tests/ZMTPTests/Peers")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", peers.appendingPathComponent(script).path] + arguments
        process.currentDirectoryURL = peers
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        input = stdin.fileHandleForWriting
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        try process.run()
        let reader = stdout.fileHandleForReading
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[(newline + 1)...])
                }
            }
            continuation.finish()
        }
        Task {
            for await line in stream { await self.deliver(line) }
            await self.deliver(nil)
        }
    }

    private func deliver(_ line: String?) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: line)
        } else if let line {
            buffered.append(line)
        } else {
            finished = true
        }
    }

    /// The next stdout line.
    func line() async throws -> String {
        if !buffered.isEmpty { return buffered.removeFirst() }
        let next: String? = finished ? nil : await withCheckedContinuation { waiter = $0 }
        guard let line = next else {
            throw PeerError("peer exited before printing a line (status \(exitStatus()))")
        }
        return line
    }

    /// Reads lines until one starts with `prefix`; returns the rest of it.
    @discardableResult
    func expect(_ prefix: String) async throws -> String {
        while true {
            let line = try await line()
            if line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("error") { throw PeerError("peer: \(line)") }
        }
    }

    /// Reads lines until one starts with `prefix`; returns the lines before it.
    func lines(until prefix: String) async throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try await line()
            if line.hasPrefix(prefix) { return lines }
            lines.append(line)
        }
    }

    /// Sends a line to the peer's stdin.
    func send(_ line: String) {
        input.write(Data((line + "\n").utf8))
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

/// A failure in a test peer.
struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
