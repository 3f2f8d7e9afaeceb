// SPDX-License-Identifier: Apache-2.0

public import NIOCore
import NotebookFormat

extension WireMessage {
    /// How the JSON frames are written: single-line `json.dumps` with its default separators and
    /// keys in insertion order, which is what jupyter_client's `json_packer` sends.
    static let writer = PythonJSONWriter(indent: nil, sortKeys: false)

    /// Serialises and signs `message` (parent header `nil` becomes `{}`, as the spec asks).
    public init(message: JupyterMessage, identities: [ByteBuffer] = [], signer: MessageSigner) {
        func frame(_ object: JSONObject) -> ByteBuffer {
            ByteBuffer(bytes: WireMessage.writer.bytes(.object(object)))
        }
        self.init(
            identities: identities,
            signature: ByteBuffer(),
            header: frame(message.header.json),
            parentHeader: frame(message.parentHeader?.json ?? JSONObject()),
            metadata: frame(message.metadata),
            content: frame(message.content.json),
            buffers: message.buffers
        )
        signer.sign(&self)
    }

    /// Parses the four JSON frames into a message, without checking the signature (``Session``
    /// verifies first). Content that does not match its type's shape is kept as `.unknown`.
    ///
    /// Throws `invalidJSON` when a frame is not a JSON object and `malformedMessage` when the
    /// header has no string `msg_id` or `msg_type`.
    public func decodeMessage() throws(KernelsError) -> JupyterMessage {
        let header = try Self.object(in: self.header, part: "header")
        guard let messageType = header["msg_type"]?.stringValue else {
            throw KernelsError(.malformedMessage, "the header has no string 'msg_type'")
        }
        guard header["msg_id"]?.stringValue != nil else {
            throw KernelsError(.malformedMessage, "the header has no string 'msg_id'", messageType: messageType)
        }
        // jupyter_client reads a null parent header or metadata as empty (xeus sends
        // `iopub_welcome` with a null parent header).
        let parent = try Self.object(in: parentHeader, part: "parent header", messageType: messageType, nullIsEmpty: true)
        let metadata = try Self.object(in: self.metadata, part: "metadata", messageType: messageType, nullIsEmpty: true)
        let content = try Self.object(in: self.content, part: "content", messageType: messageType)
        return JupyterMessage(
            header: Header(json: header),
            parentHeader: parent.isEmpty ? nil : Header(json: parent),
            metadata: metadata,
            content: MessageContent(type: messageType, json: content),
            buffers: buffers
        )
    }

    /// Parses one frame as a JSON object. Invalid UTF-8 is replaced by U+FFFD first, as
    /// jupyter_client's `json_unpacker` decodes with `errors="replace"`.
    private static func object(
        in frame: ByteBuffer,
        part: String,
        messageType: String? = nil,
        nullIsEmpty: Bool = false
    ) throws(KernelsError) -> JSONObject {
        let value: JSONValue
        do throws(JSONParseError) {
            // Copied here, where the view's type is known (one memcpy), not byte by byte in the parser.
            value = try JSONParser.parse(Array(frame.readableBytesView))
        } catch {
            let bytes = frame.readableBytesView
            guard String(validating: bytes, as: UTF8.self) == nil,
                let repaired = try? JSONParser.parse(String(decoding: bytes, as: UTF8.self))
            else {
                throw KernelsError(.invalidJSON, "the \(part) frame is not JSON (\(error))", messageType: messageType)
            }
            value = repaired
        }
        if nullIsEmpty && value.isNull { return JSONObject() }
        guard let object = value.objectValue else {
            throw KernelsError(.invalidJSON, "the \(part) frame is JSON \(value.typeName), not an object", messageType: messageType)
        }
        return object
    }
}
