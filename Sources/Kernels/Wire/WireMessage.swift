// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// A Jupyter message as its ZeroMQ frames, split but not yet parsed or verified
/// (messaging spec, "The Wire Protocol"):
///
/// ```
///   [identity ...]   routing ids (ROUTER) or the topic (iopub); none from a DEALER
///   <IDS|MSG>        delimiter
///   signature        lowercase hex HMAC-SHA256 of the next four frames ("" when unsigned)
///   header           JSON object
///   parent_header    JSON object ({} when there is no parent)
///   metadata         JSON object
///   content          JSON object
///   [buffer ...]     binary, not signed
/// ```
public struct WireMessage: Sendable, Equatable {
    /// The frame that separates routing identities from the message.
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    /// Frames before the delimiter.
    public var identities: [ByteBuffer]
    /// The signature frame (ASCII hex, or empty).
    public var signature: ByteBuffer
    /// The serialised header.
    public var header: ByteBuffer
    /// The serialised parent header.
    public var parentHeader: ByteBuffer
    /// The serialised metadata.
    public var metadata: ByteBuffer
    /// The serialised content.
    public var content: ByteBuffer
    /// Binary buffers after the content.
    public var buffers: [ByteBuffer]

    /// A wire message from its parts.
    public init(
        identities: [ByteBuffer] = [],
        signature: ByteBuffer,
        header: ByteBuffer,
        parentHeader: ByteBuffer,
        metadata: ByteBuffer,
        content: ByteBuffer,
        buffers: [ByteBuffer] = []
    ) {
        self.identities = identities
        self.signature = signature
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// Splits received frames at the first `<IDS|MSG>`. Throws `malformedMessage` when there is no
    /// delimiter or fewer than five frames follow it; never traps, whatever the frames hold.
    public init(frames: [ByteBuffer]) throws(KernelsError) {
        guard let delimiterIndex = frames.firstIndex(where: WireMessage.isDelimiter) else {
            throw KernelsError(.malformedMessage, "no <IDS|MSG> delimiter among the \(frames.count) frames of a message")
        }
        let parts = frames[(delimiterIndex + 1)...]
        guard parts.count >= 5 else {
            throw KernelsError(
                .malformedMessage,
                "a message needs a signature and four JSON frames after <IDS|MSG>, but has \(parts.count) frame\(parts.count == 1 ? "" : "s")"
            )
        }
        let start = parts.startIndex
        self.init(
            identities: Array(frames[..<delimiterIndex]),
            signature: parts[start],
            header: parts[start + 1],
            parentHeader: parts[start + 2],
            metadata: parts[start + 3],
            content: parts[start + 4],
            buffers: Array(parts[(start + 5)...])
        )
    }

    /// The frames to send: identities, delimiter, signature, the four JSON frames, buffers.
    public var frames: [ByteBuffer] {
        var frames = identities
        frames.reserveCapacity(identities.count + 6 + buffers.count)
        frames.append(ByteBuffer(bytes: WireMessage.delimiter))
        frames.append(contentsOf: [signature, header, parentHeader, metadata, content])
        frames.append(contentsOf: buffers)
        return frames
    }

    /// The four signed frames, in signing order.
    public var signedParts: [ByteBuffer] { [header, parentHeader, metadata, content] }

    private static func isDelimiter(_ frame: ByteBuffer) -> Bool {
        frame.readableBytes == delimiter.count && frame.readableBytesView.elementsEqual(delimiter)
    }
}
