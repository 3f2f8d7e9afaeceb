// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `NotebookServer` module: what went wrong (`code`), a message worded
/// as jupyter_server words it, and its `reason` field. The server edge (`ErrorResponses.swift`)
/// turns codes into HTTP statuses and `{"message", "reason"}` bodies.
public struct NotebookServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// The request body or a parameter is malformed (400).
        public static let badRequest = Code(rawValue: "bad-request")
        /// No token, a wrong token, or a failed XSRF check (403).
        public static let forbidden = Code(rawValue: "forbidden")
        /// No such kernel, session, file, setting or route (404).
        public static let notFound = Code(rawValue: "not-found")
        /// The method is not allowed on this route (405).
        public static let methodNotAllowed = Code(rawValue: "method-not-allowed")
        /// The target already exists (409).
        public static let conflict = Code(rawValue: "conflict")
        /// A kernel could not be started (501, as jupyter_server answers an unknown kernelspec).
        public static let kernelUnavailable = Code(rawValue: "kernel-unavailable")
        /// Anything else that failed on the server's side (500).
        public static let internalError = Code(rawValue: "internal-error")
        /// The server could not be set up (bad root, port in use, missing JupyterLab files).
        public static let configuration = Code(rawValue: "configuration")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? NotebookServerError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what is wrong.
    public var message: String
    /// jupyter_server's `reason` field (`"bad type"`), nil when it has none.
    public var reason: String?
    /// Extra members of the JSON error body (`short_message` for kernel start failures).
    public var extra: [(String, String)]

    /// An error with a code, a message and an optional reason.
    public init(_ code: Code, _ message: String, reason: String? = nil, extra: [(String, String)] = []) {
        self.code = code
        self.message = message
        self.reason = reason
        self.extra = extra
    }

    /// The message.
    public var description: String { message }

    /// Equal when code, message and reason are equal.
    public static func == (a: NotebookServerError, b: NotebookServerError) -> Bool {
        a.code == b.code && a.message == b.message && a.reason == b.reason
    }
}
