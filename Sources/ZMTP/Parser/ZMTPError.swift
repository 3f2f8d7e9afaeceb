// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `ZMTP` module: what went wrong (`code`) and a message naming the cause.
///
/// Protocol violations by a peer (bad greeting, oversized frame, malformed command, incompatible
/// socket type) close that peer's connection and are logged with this error's description; they
/// never trap.
public struct ZMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// The peer's greeting is not a ZMTP 3.x greeting (signature, version or padding).
        public static let invalidGreeting = Code(rawValue: "invalid-greeting")
        /// The peer speaks a ZMTP version below 3.0.
        public static let unsupportedVersion = Code(rawValue: "unsupported-version")
        /// The peer asked for a security mechanism other than NULL.
        public static let unsupportedMechanism = Code(rawValue: "unsupported-mechanism")
        /// A frame's flags byte has reserved bits set or an invalid combination.
        public static let invalidFrame = Code(rawValue: "invalid-frame")
        /// A frame or command is longer than the configured maximum.
        public static let frameTooLarge = Code(rawValue: "frame-too-large")
        /// A multipart message exceeds the configured total size or frame count.
        public static let messageTooLarge = Code(rawValue: "message-too-large")
        /// A command's body is truncated or otherwise malformed.
        public static let malformedCommand = Code(rawValue: "malformed-command")
        /// The peer broke the handshake order (traffic before READY, a second READY, …).
        public static let handshakeFailed = Code(rawValue: "handshake-failed")
        /// The peer did not finish the handshake in time.
        public static let handshakeTimeout = Code(rawValue: "handshake-timeout")
        /// The peer's socket type cannot talk to ours (23/ZMTP compatibility table).
        public static let incompatibleSocketType = Code(rawValue: "incompatible-socket-type")
        /// The peer sent an ERROR command (its reason is in the message).
        public static let peerError = Code(rawValue: "peer-error")
        /// The connection closed (before the handshake finished, or while waiting for a reply).
        public static let connectionClosed = Code(rawValue: "connection-closed")
        /// The call is not allowed in the socket's current state (e.g. REQ sending twice).
        public static let invalidState = Code(rawValue: "invalid-state")
        /// A message or argument given by the caller is invalid (empty message, bad endpoint, …).
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? ZMTPError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what is wrong.
    public var message: String

    /// An error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "code: message".
    public var description: String { "\(code): \(message)" }
}
