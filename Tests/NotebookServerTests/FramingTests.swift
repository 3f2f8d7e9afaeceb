// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Testing

@testable import NotebookServer

/// The kernel websocket framings, v1 and legacy, against frames built by hand.
struct FramingTests {
    @Test func v1RoundTrip() throws {
        let message = ChannelMessage(
            channel: "shell",
            parts: [ByteBuffer(string: "{\"msg_type\":\"x\"}"), ByteBuffer(string: "{}"), ByteBuffer(string: "{}"), ByteBuffer(string: "{\"a\":1}")],
            buffers: [ByteBuffer(bytes: [0, 1, 2])]
        )
        let frame = KernelWebSocketProtocol.encodeV1(message)
        var reader = frame
        #expect(reader.readInteger(endianness: .little, as: UInt64.self) == 7)
        let decoded = try KernelWebSocketProtocol.decodeV1(frame)
        #expect(decoded.channel == "shell")
        #expect(decoded.parts.map { String(buffer: $0) } == message.parts.map { String(buffer: $0) })
        #expect(decoded.buffers == message.buffers)
    }

    @Test func v1CapturedFrameLayout() throws {
        // offset_number = 6 and offsets = [56, 61, ...]: the layout of a captured kernel_info_request.
        var frame = ByteBuffer()
        let pieces = ["shell", "{\"msg_type\":\"kernel_info_request\"}", "{}", "{}", "{}"]
        frame.writeInteger(UInt64(6), endianness: .little)
        var offset = 56
        for piece in pieces {
            frame.writeInteger(UInt64(offset), endianness: .little)
            offset += piece.utf8.count
        }
        frame.writeInteger(UInt64(offset), endianness: .little)
        for piece in pieces { frame.writeString(piece) }
        let decoded = try KernelWebSocketProtocol.decodeV1(frame)
        #expect(decoded.channel == "shell")
        #expect(decoded.buffers.isEmpty)
        #expect(String(buffer: decoded.parts[0]).contains("kernel_info_request"))
    }

    @Test func v1RejectsBadOffsets() {
        var frame = ByteBuffer()
        frame.writeInteger(UInt64(6), endianness: .little)
        for _ in 0..<6 { frame.writeInteger(UInt64(9999), endianness: .little) }
        #expect(throws: KernelWebSocketProtocol.FramingError.self) { try KernelWebSocketProtocol.decodeV1(frame) }
        #expect(throws: KernelWebSocketProtocol.FramingError.self) { try KernelWebSocketProtocol.decodeV1(ByteBuffer(bytes: [1, 2])) }
    }

    @Test func legacyTextAndBinary() throws {
        let text = "{\"header\":{\"msg_id\":\"1\",\"msg_type\":\"execute_request\"},\"parent_header\":{},\"metadata\":{},\"content\":{\"code\":\"1\"}}"
        let decoded = try KernelWebSocketProtocol.decodeLegacy(text: text)
        #expect(decoded.channel == "shell")
        #expect(String(buffer: decoded.parts[3]) == "{\"code\": \"1\"}")
        let withBuffers = ChannelMessage(channel: "iopub", parts: decoded.parts, buffers: [ByteBuffer(bytes: [7, 8]), ByteBuffer(bytes: [9])])
        guard case .binary(let frame) = KernelWebSocketProtocol.encodeLegacy(withBuffers) else {
            Issue.record("a message with buffers must be a binary frame")
            return
        }
        let back = try KernelWebSocketProtocol.decodeLegacy(binary: frame)
        #expect(back.channel == "iopub")
        #expect(back.buffers == withBuffers.buffers)
        guard case .text(let plain) = KernelWebSocketProtocol.encodeLegacy(decoded) else {
            Issue.record("a message without buffers must be a text frame")
            return
        }
        #expect(plain.contains("\"msg_type\": \"execute_request\""))
        #expect(plain.contains("\"channel\": \"shell\""))
        #expect(throws: KernelWebSocketProtocol.FramingError.self) { try KernelWebSocketProtocol.decodeLegacy(text: "[1]") }
    }
}
