// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a kernel process ended: its exit status, or the signal that killed it.
public enum ProcessExit: Sendable, Hashable, CustomStringConvertible {
    /// The process called `exit` with this status.
    case exited(status: Int32)
    /// The process was killed by this signal.
    case signaled(signal: Int32)

    /// True for `exit(0)`.
    public var isSuccess: Bool { self == .exited(status: 0) }

    /// "exit status 3" or "signal 9 (SIGKILL)".
    public var description: String {
        switch self {
        case .exited(let status): "exit status \(status)"
        case .signaled(let signal): "signal \(signal)" + (ProcessExit.signalName(signal).map { " (\($0))" } ?? "")
        }
    }

    /// The usual name of a signal number, for messages.
    static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        case SIGUSR1: "SIGUSR1"
        case SIGUSR2: "SIGUSR2"
        default: nil
        }
    }
}
