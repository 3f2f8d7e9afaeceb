// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `Kernels` module: what went wrong (`code`), with the message type or
/// file involved when known, and a message a person can act on.
public struct KernelsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// The frames do not form a Jupyter message (no `<IDS|MSG>`, too few frames, too many frames).
        public static let malformedMessage = Code(rawValue: "malformed-message")
        /// A header, parent header, metadata or content frame is not a JSON object.
        public static let invalidJSON = Code(rawValue: "invalid-json")
        /// The HMAC signature is missing or does not match: the message must be dropped.
        public static let invalidSignature = Code(rawValue: "invalid-signature")
        /// The connection file names a signature scheme other than `hmac-sha256`.
        public static let unsupportedSignatureScheme = Code(rawValue: "unsupported-signature-scheme")
        /// A message's content does not have the shape the messaging spec gives its type.
        public static let invalidContent = Code(rawValue: "invalid-content")
        /// A `kernel.json` cannot be read or does not describe a kernel.
        public static let invalidKernelspec = Code(rawValue: "invalid-kernelspec")
        /// No kernelspec has the requested name.
        public static let noSuchKernel = Code(rawValue: "no-such-kernel")
        /// A Python interpreter could not be run or did not answer as expected.
        public static let pythonUnavailable = Code(rawValue: "python-unavailable")
        /// A connection file cannot be read or lacks a field.
        public static let invalidConnectionFile = Code(rawValue: "invalid-connection-file")
        /// The kernel process could not be started (executable not found, not executable, bad directory).
        public static let launchFailed = Code(rawValue: "launch-failed")
        /// The kernel did not answer `kernel_info_request` within the start timeout.
        public static let startTimeout = Code(rawValue: "start-timeout")
        /// The kernel process died (the message has its exit status or signal and its last output).
        public static let kernelDied = Code(rawValue: "kernel-died")
        /// The kernel is shut down, shutting down or restarting, so the request cannot be sent.
        public static let kernelNotRunning = Code(rawValue: "kernel-not-running")
        /// The kernel was restarted while the request was waiting for its reply.
        public static let kernelRestarted = Code(rawValue: "kernel-restarted")
        /// A request's reply did not arrive within its timeout.
        public static let requestTimeout = Code(rawValue: "request-timeout")
        /// A channel to the kernel could not be opened, or closed unexpectedly.
        public static let connectionFailed = Code(rawValue: "connection-failed")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? KernelsError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what is wrong.
    public var message: String
    /// The Jupyter `msg_type` involved, if known.
    public var messageType: String?
    /// The file involved, if any.
    public var path: String?
    /// The id of the kernel involved, if any (the message names the kernel too).
    public var kernelID: String?

    /// An error with a code, message and optional context.
    public init(_ code: Code, _ message: String, messageType: String? = nil, path: String? = nil, kernelID: String? = nil) {
        self.code = code
        self.message = message
        self.messageType = messageType
        self.path = path
        self.kernelID = kernelID
    }

    /// "path: message" or "msg_type message: message", or just the message.
    public var description: String {
        if let path { return "\(path): \(message)" }
        if let messageType { return "\(messageType) message: \(message)" }
        return message
    }
}
