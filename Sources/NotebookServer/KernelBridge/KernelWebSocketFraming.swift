// SPDX-License-Identifier: Apache-2.0

import Kernels
import NIOCore
import NotebookFormat

/// One message between a websocket client and a kernel channel: the channel's name, the four
/// JSON parts as bytes (signed exactly as they are), and the binary buffers.
struct ChannelMessage: Sendable {
    /// `shell`, `control`, `stdin` or `iopub`.
    var channel: String
    /// header, parent_header, metadata, content.
    var parts: [ByteBuffer]
    /// Binary buffers (not signed).
    var buffers: [ByteBuffer]
}

/// The two kernel websocket protocols: `v1.kernel.websocket.jupyter.org` (binary frames of
/// offsets and raw parts, forwarded without re-encoding) and the legacy JSON protocol (text
/// frames, or binary frames with a JSON part when a message has buffers).
enum KernelWebSocketProtocol: Sendable, Equatable {
    /// `v1.kernel.websocket.jupyter.org`.
    case v1
    /// The legacy ("default") JSON protocol.
    case legacy

    /// The subprotocol name of v1.
    static let v1Name = "v1.kernel.websocket.jupyter.org"

    /// A frame's error.
    struct FramingError: Error, CustomStringConvertible {
        /// What is wrong with the frame.
        var description: String
    }

    // MARK: - v1

    /// Splits a v1 frame: `u64le n`, `n` u64le offsets, then channel, four parts and buffers.
    static func decodeV1(_ frame: ByteBuffer) throws(FramingError) -> ChannelMessage {
        var reader = frame
        guard let count = reader.readInteger(endianness: .little, as: UInt64.self), count >= 6, count < 1 << 20 else {
            throw FramingError(description: "a v1 frame must start with an offset count of at least 6")
        }
        var offsets: [Int] = []
        for _ in 0..<count {
            guard let offset = reader.readInteger(endianness: .little, as: UInt64.self), offset <= UInt64(frame.readableBytes) else {
                throw FramingError(description: "a v1 frame's offsets run past its \(frame.readableBytes) bytes")
            }
            offsets.append(Int(offset))
        }
        // The last offset is normally the frame's length; a frame whose last part runs to the end without it is accepted too.
        if offsets.last != frame.readableBytes { offsets.append(frame.readableBytes) }
        var slices: [ByteBuffer] = []
        for i in 0..<(offsets.count - 1) {
            let (start, end) = (offsets[i], offsets[i + 1])
            guard start <= end, let slice = frame.getSlice(at: frame.readerIndex + start, length: end - start) else {
                throw FramingError(description: "a v1 frame's offsets are not increasing")
            }
            slices.append(slice)
        }
        guard slices.count >= 5 else { throw FramingError(description: "a v1 frame needs a channel and four parts") }
        return ChannelMessage(
            channel: String(buffer: slices[0]),
            parts: Array(slices[1...4]),
            buffers: Array(slices.dropFirst(5))
        )
    }

    /// Builds a v1 frame.
    static func encodeV1(_ message: ChannelMessage, allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        let channel = ByteBuffer(string: message.channel)
        let pieces = [channel] + message.parts + message.buffers
        let count = pieces.count + 1
        var frame = allocator.buffer(capacity: 8 * (count + 1) + pieces.reduce(0) { $0 + $1.readableBytes })
        frame.writeInteger(UInt64(count), endianness: .little)
        var offset = 8 * (count + 1)
        for piece in pieces {
            frame.writeInteger(UInt64(offset), endianness: .little)
            offset += piece.readableBytes
        }
        frame.writeInteger(UInt64(offset), endianness: .little)
        for var piece in pieces { frame.writeBuffer(&piece) }
        return frame
    }

    // MARK: - Legacy JSON

    /// Reads a legacy text frame (the whole message as JSON; a missing channel means shell).
    static func decodeLegacy(text: String) throws(FramingError) -> ChannelMessage {
        try decodeLegacyJSON(Array(text.utf8)[...], buffers: [])
    }

    /// Reads a legacy binary frame: `u32be n`, `n` u32be offsets, the JSON part, then buffers.
    static func decodeLegacy(binary frame: ByteBuffer) throws(FramingError) -> ChannelMessage {
        var reader = frame
        guard let count = reader.readInteger(endianness: .big, as: UInt32.self), count >= 1, count < 1 << 20 else {
            throw FramingError(description: "a binary frame must start with a part count of at least 1")
        }
        var offsets: [Int] = []
        for _ in 0..<count {
            guard let offset = reader.readInteger(endianness: .big, as: UInt32.self), Int(offset) <= frame.readableBytes else {
                throw FramingError(description: "a binary frame's offsets run past its \(frame.readableBytes) bytes")
            }
            offsets.append(Int(offset))
        }
        offsets.append(frame.readableBytes)
        var parts: [ByteBuffer] = []
        for i in 0..<Int(count) {
            guard offsets[i] <= offsets[i + 1], let slice = frame.getSlice(at: frame.readerIndex + offsets[i], length: offsets[i + 1] - offsets[i]) else {
                throw FramingError(description: "a binary frame's offsets are not increasing")
            }
            parts.append(slice)
        }
        return try decodeLegacyJSON(Array(parts[0].readableBytesView)[...], buffers: Array(parts.dropFirst()))
    }

    private static func decodeLegacyJSON(_ bytes: ArraySlice<UInt8>, buffers: [ByteBuffer]) throws(FramingError) -> ChannelMessage {
        guard case .object(let message)? = try? JSONParser.parse(bytes) else {
            throw FramingError(description: "a message must be a JSON object")
        }
        func part(_ key: String) -> ByteBuffer {
            let value = message[key] ?? .object(JSONObject())
            return ByteBuffer(bytes: JSONResponses.writer.bytes(value.isNull ? .object(JSONObject()) : value))
        }
        guard message["header"]?.objectValue != nil else { throw FramingError(description: "a message needs a header object") }
        let channel = message["channel"]?.stringValue ?? "shell"
        return ChannelMessage(
            channel: channel,
            parts: [part("header"), part("parent_header"), part("metadata"), part("content")],
            buffers: buffers
        )
    }

    /// Builds a legacy frame: text when the message has no buffers, else binary.
    static func encodeLegacy(_ message: ChannelMessage) -> LegacyFrame {
        let parsed = message.parts.map { MessageSummary.object($0).map(JSONValue.object) ?? .object(JSONObject()) }
        let header = parsed[0].objectValue ?? JSONObject()
        var members: [(String, JSONValue)] = [
            ("header", parsed[0]), ("msg_id", header["msg_id"] ?? .null), ("msg_type", header["msg_type"] ?? .null),
            ("parent_header", parsed[1]), ("metadata", parsed[2]), ("content", parsed[3]),
        ]
        if message.buffers.isEmpty {
            members.append(("buffers", .array([])))
            members.append(("channel", .string(message.channel)))
            return .text(String(decoding: JSONResponses.writer.bytes(.object(JSONObject(members))), as: UTF8.self))
        }
        members.append(("channel", .string(message.channel)))
        let json = JSONResponses.writer.bytes(.object(JSONObject(members)))
        let count = 1 + message.buffers.count
        var frame = ByteBuffer()
        frame.writeInteger(UInt32(count), endianness: .big)
        var offset = 4 * (count + 1)
        frame.writeInteger(UInt32(offset), endianness: .big)
        offset += json.count
        for buffer in message.buffers.dropLast() {
            frame.writeInteger(UInt32(offset), endianness: .big)
            offset += buffer.readableBytes
        }
        if message.buffers.count > 0 { frame.writeInteger(UInt32(offset), endianness: .big) }
        frame.writeBytes(json)
        for var buffer in message.buffers { frame.writeBuffer(&buffer) }
        return .binary(frame)
    }

    /// A legacy frame to send.
    enum LegacyFrame {
        /// A text frame.
        case text(String)
        /// A binary frame.
        case binary(ByteBuffer)
    }
}
