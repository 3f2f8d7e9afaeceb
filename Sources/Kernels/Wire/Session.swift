// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
public import NotebookFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One side of a kernel connection's messaging, as jupyter_client's `Session`: the session id and
/// username written into headers, and the signer for the connection's key. It builds messages and
/// turns them into frames and back.
///
/// ## Receiving: the drop contract
/// A message whose signature is missing or wrong must never be delivered. ``decode(frames:)``
/// throws `KernelsError.invalidSignature` for it (and `malformedMessage`/`invalidJSON` for frames
/// that are not a Jupyter message); a socket loop either handles those errors itself or calls
/// ``decodeVerified(frames:)``, which logs the error with ``logger`` and returns `nil`, so the
/// message is dropped and the connection carries on.
///
/// ```swift
/// let session = try Session(connectionKey: connection.key, signatureScheme: connection.signatureScheme)
/// let request = session.message(KernelInfoRequest())
/// try await shell.send(session.encode(request))
/// if let reply = session.decodeVerified(frames: try await shell.receive()) { ... }
/// ```
public struct Session: Sendable {
    /// The session id written into every header this session builds.
    public let id: String
    /// The username written into every header this session builds.
    public let username: String
    /// Signs outgoing and verifies incoming messages.
    public let signer: MessageSigner
    /// Where dropped messages are reported.
    public var logger: Logger

    /// A session; `id` defaults to a new random id, `username` to `$USER` (else `username`), as in jupyter_client.
    public init(
        signer: MessageSigner,
        id: String = MessageID.random(),
        username: String = Session.defaultUsername,
        logger: Logger = Logger(label: "quire.kernels.messages")
    ) {
        self.id = id
        self.username = username
        self.signer = signer
        self.logger = logger
    }

    /// A session for a connection file's `key` and `signature_scheme`.
    public init(
        connectionKey: String,
        signatureScheme: String = MessageSigner.hmacSHA256,
        id: String = MessageID.random(),
        username: String = Session.defaultUsername
    ) throws(KernelsError) {
        self.init(signer: try MessageSigner(connectionKey: connectionKey, scheme: signatureScheme), id: id, username: username)
    }

    /// `$USER`, or `username` when it is not set (jupyter_client's default).
    public static var defaultUsername: String {
        getenv("USER").map { String(cString: $0) } ?? "username"
    }

    // MARK: - Building

    /// A new message from this session: a fresh `msg_id` (`<session>_<pid>_<n>`), the current date,
    /// protocol version 5.4, and `parent`'s header as parent header when given.
    public func message(
        _ content: MessageContent,
        parent: Header? = nil,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> JupyterMessage {
        let header = Header(
            messageID: MessageID.make(session: id),
            messageType: content.messageType,
            username: username,
            session: id
        )
        return JupyterMessage(header: header, parentHeader: parent, metadata: metadata, content: content, buffers: buffers)
    }

    /// A new message from this session with typed content.
    public func message(
        _ content: some TypedMessageContent,
        parent: Header? = nil,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> JupyterMessage {
        message(content.messageContent, parent: parent, metadata: metadata, buffers: buffers)
    }

    // MARK: - Wire

    /// The signed frames for `message`, after `identities` (routing ids or an iopub topic).
    public func encode(_ message: JupyterMessage, identities: [ByteBuffer] = []) -> [ByteBuffer] {
        WireMessage(message: message, identities: identities, signer: signer).frames
    }

    /// Splits, verifies and parses received frames. Throws `malformedMessage`, `invalidSignature`
    /// or `invalidJSON`; a message that fails any check must be dropped.
    public func decode(frames: [ByteBuffer]) throws(KernelsError) -> RoutedMessage {
        let wire = try WireMessage(frames: frames)
        try signer.verify(wire)
        return RoutedMessage(identities: wire.identities, message: try wire.decodeMessage())
    }

    /// Like ``decode(frames:)``, but a message that fails a check is logged and dropped (`nil`).
    public func decodeVerified(frames: [ByteBuffer]) -> JupyterMessage? {
        do throws(KernelsError) {
            return try decode(frames: frames).message
        } catch {
            logger.warning(
                "dropped an incoming message: \(error)",
                metadata: ["error.code": "\(error.code)", "session": "\(id)"]
            )
            return nil
        }
    }
}
