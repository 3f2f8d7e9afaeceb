// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import Kernels
import NotebookFormat
import Testing

/// The Python with jupyter_client that differential tests compare against: `$QUIRE_PYTHON`, else
/// the project's `.venv/bin/python` (the package root is found from this file's path).
enum OraclePython {
    /// Why the differential tests cannot run.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The interpreter's path.
    static var path: String {
        ProcessInfo.processInfo.environment["QUIRE_PYTHON"] ?? packageRoot + "/.venv/bin/python"
    }

    /// A script in Tests/Oracle.
    static func script(_ name: String) -> String { packageRoot + "/Tests/Oracle/" + name }

    /// Runs `python arguments...` with `input` on standard input and returns its standard output
    /// parsed as JSON. Fails the test with a clear message when there is no such Python.
    ///
    /// Async, and the pipes are read and the exit awaited on threads of their own: a test blocking
    /// the concurrency pool for the second Python takes to start would stall every other test
    /// running at the same time (the pool has one thread per core).
    static func runJSON(_ arguments: [String], input: [UInt8] = []) async throws -> JSONValue {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Unavailable(description: "no Python for the differential tests at \(path): set QUIRE_PYTHON to a Python with jupyter_client")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let (status, output, errors) = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<(Int32, Data, Data), any Error>) in
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            Thread {
                stdin.fileHandleForWriting.write(Data(input))
                try? stdin.fileHandleForWriting.close()
            }.start()
            let errors = Locked(Data())
            let drained = DispatchSemaphore(value: 0)
            Thread {
                let data = stderr.fileHandleForReading.readDataToEndOfFile()
                errors.withLock { $0 = data }
                drained.signal()
            }.start()
            Thread {
                let output = stdout.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                drained.wait()
                continuation.resume(returning: (process.terminationStatus, output, errors.value))
            }.start()
        }
        #expect(status == 0, "python failed: \(String(decoding: errors, as: UTF8.self))")
        return try JSONParser.parse(Array(output))
    }
}
