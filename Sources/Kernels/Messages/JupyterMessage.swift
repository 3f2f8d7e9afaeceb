// SPDX-License-Identifier: Apache-2.0

public import NIOCore
public import NotebookFormat

/// A Jupyter message, independent of the transport (messaging spec, "General Message Format").
///
/// The message type is stored once, in ``content``: the header's `msg_type` always follows it,
/// whatever header is assigned. Routing identities are not part of a message; they travel in a
/// ``RoutedMessage`` or ``WireMessage``.
///
/// ```swift
/// let request = session.message(ExecuteRequest(code: "1 + 1"))
/// let reply = request.reply(with: ExecuteReply(executionCount: 1))  // parent header set, session copied
/// ```
public struct JupyterMessage: Sendable, Equatable {
    /// The header; its `msg_type` always equals `content.messageType`.
    public var header: Header {
        didSet { header.messageType = content.messageType }
    }
    /// The header of the message this one answers or was caused by; `nil` is `{}` on the wire.
    public var parentHeader: Header?
    /// `metadata`: free-form, e.g. ipykernel's `started` and `dependencies_met`.
    public var metadata: JSONObject
    /// The typed content; setting it also updates the header's `msg_type`.
    public var content: MessageContent {
        didSet { header.messageType = content.messageType }
    }
    /// Binary buffers after the four JSON frames (not signed), e.g. for widgets.
    public var buffers: [ByteBuffer]

    /// A message; the header's `msg_type` is set from `content`.
    public init(
        header: Header,
        parentHeader: Header? = nil,
        metadata: JSONObject = JSONObject(),
        content: MessageContent,
        buffers: [ByteBuffer] = []
    ) {
        var header = header
        header.messageType = content.messageType
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The `msg_type`, e.g. `execute_reply`.
    public var messageType: String { content.messageType }

    /// The `msg_id`.
    public var messageID: String { header.messageID }

    /// The channel this message travels on by default.
    public var defaultChannel: Channel { content.defaultChannel }

    /// True when this message answers or was caused by `request` (its parent is the request).
    public func isChild(of request: JupyterMessage) -> Bool {
        parentHeader?.messageID == request.messageID
    }

    /// A reply to this message: a new `msg_id`, the same session and username, the current date,
    /// and this message's header as parent header.
    public func reply(
        with content: some ReplyContent,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> JupyterMessage {
        child(content.messageContent, metadata: metadata, buffers: buffers)
    }

    /// A message caused by this one with typed content, such as a `status` or `stream` on iopub.
    public func child(
        _ content: some TypedMessageContent,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> JupyterMessage {
        child(content.messageContent, metadata: metadata, buffers: buffers)
    }

    /// A message caused by this one, such as a `status` or `stream` on iopub, built as ``reply(with:metadata:buffers:)`` builds replies.
    public func child(
        _ content: MessageContent,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> JupyterMessage {
        let header = Header(
            messageID: MessageID.make(session: header.session),
            messageType: content.messageType,
            username: header.username,
            session: header.session
        )
        return JupyterMessage(header: header, parentHeader: self.header, metadata: metadata, content: content, buffers: buffers)
    }
}

/// A message with the ZeroMQ routing identities it arrived with (or must be sent to): on a
/// kernel's ROUTER sockets they address the client; on iopub the single one is the topic.
public struct RoutedMessage: Sendable, Equatable {
    /// The frames before `<IDS|MSG>`.
    public var identities: [ByteBuffer]
    /// The message.
    public var message: JupyterMessage

    /// A message with its routing identities.
    public init(identities: [ByteBuffer], message: JupyterMessage) {
        self.identities = identities
        self.message = message
    }

    /// A reply routed back to the sender (same identities).
    public func reply(
        with content: some ReplyContent,
        metadata: JSONObject = JSONObject(),
        buffers: [ByteBuffer] = []
    ) -> RoutedMessage {
        RoutedMessage(identities: identities, message: message.reply(with: content, metadata: metadata, buffers: buffers))
    }
}
