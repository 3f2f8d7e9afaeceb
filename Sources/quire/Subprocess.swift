// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat

/// Runs a helper program (git) found on `PATH`, without Foundation: posix_spawnp, one pipe.
enum Subprocess {
    /// What a finished program produced.
    struct Result {
        /// The exit status (128 + signal number when killed by a signal).
        var status: Int32
        /// Standard output (and standard error too when requested).
        var output: [UInt8]
        /// True when the program exited with status 0.
        var succeeded: Bool { status == 0 }
        /// Standard output as text, with surrounding whitespace removed (Python's `.strip()`).
        var text: String { PythonString.strip(String(decoding: output, as: UTF8.self)) }
    }

    /// What to do with the program's standard error.
    enum ErrorOutput {
        /// Let it through to ours.
        case inherit
        /// Capture it together with standard output.
        case merge
        /// Throw it away.
        case discard
    }

    /// Runs `arguments` (the first is the program) with standard input closed to it. Standard output
    /// is captured unless `discardOutput`. Returns `nil` when the program cannot be started.
    static func run(_ arguments: [String], errors: ErrorOutput = .inherit, discardOutput: Bool = false) -> Result? {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if discardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        }
        switch errors {
        case .inherit: break
        case .merge: posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        case .discard: posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        close(pipeFDs[1])
        guard spawned == 0 else {
            close(pipeFDs[0])
            return nil
        }
        let output = readAll(pipeFDs[0])
        close(pipeFDs[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return Result(status: 127, output: output) }
        }
        // The wait status: low 7 bits a signal number, else the exit code in the next byte.
        let signal = status & 0x7F
        return Result(status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal, output: output)
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return result }
            result.append(contentsOf: chunk[0..<n])
        }
    }
}
