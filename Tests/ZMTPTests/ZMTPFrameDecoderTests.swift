// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOTestUtils
import Testing
@testable import ZMTP

/// The NIO decoder: identical output whether bytes arrive one at a time or all at once.
struct ZMTPFrameDecoderTests {
    private static let traffic: [UInt8] = Wire.greeting(minor: 0) + Wire.ready(socketType: "XPUB")
        + Wire.frame("topic", more: true) + Wire.frame([], more: true) + Wire.frame([UInt8](repeating: 3, count: 300))
        + Wire.command("PING", data: [0, 1]) + Wire.frame(Array("x".utf8), forceLong: true)

    private static let parts: [ZMTPInboundPart] = [
        .greeting(ZMTPGreeting(version: .v3_0)),
        .command(.ready(socketType: .xpub)),
        .frame(ZMTPFrame(more: true, body: ByteBuffer(string: "topic"))),
        .frame(ZMTPFrame(more: true, body: ByteBuffer())),
        .frame(ZMTPFrame(more: false, body: ByteBuffer(bytes: [UInt8](repeating: 3, count: 300)))),
        .command(.ping(ttl: 1)),
        .frame(ZMTPFrame(more: false, body: ByteBuffer(string: "x"))),
    ]

    /// NIO's verifier feeds pairs byte by byte, all at once and shuffled into one decoder, so the
    /// pairs are post-greeting traffic; the greeting is covered by the chunk-size test below.
    @Test func verifierFeedsByteByByteAndAllAtOnce() throws {
        let pairs: [(ByteBuffer, [ZMTPInboundPart])] = [
            (Wire.buffer(Wire.ready(socketType: "XPUB")), [.command(.ready(socketType: .xpub))]),
            (Wire.buffer(Wire.frame("topic", more: true)), [.frame(ZMTPFrame(more: true, body: ByteBuffer(string: "topic")))]),
            (Wire.buffer(Wire.frame([])), [.frame(ZMTPFrame(more: false, body: ByteBuffer()))]),
            (Wire.buffer(Wire.frame([UInt8](repeating: 3, count: 300))), [.frame(ZMTPFrame(more: false, body: ByteBuffer(bytes: [UInt8](repeating: 3, count: 300))))]),
            (Wire.buffer(Wire.command("PING", data: [0, 1])), [.command(.ping(ttl: 1))]),
            (Wire.buffer(Wire.frame(Array("x".utf8), forceLong: true)), [.frame(ZMTPFrame(more: false, body: ByteBuffer(string: "x")))]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            ZMTPFrameDecoder(maximumFrameLength: 4096, maximumCommandLength: 4096, greetingReceived: true)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func everyChunkSizeGivesTheSameParts(chunk: Int) throws {
        var decoder = ZMTPFrameDecoder(maximumFrameLength: 4096)
        var buffer = ByteBuffer()
        var parts: [ZMTPInboundPart] = []
        var offset = 0
        while offset < Self.traffic.count {
            let end = min(offset + chunk, Self.traffic.count)
            buffer.writeBytes(Self.traffic[offset..<end])
            offset = end
            while let part = try decoder.decode(buffer: &buffer) { parts.append(part) }
        }
        #expect(parts == Self.parts)
        #expect(buffer.readableBytes == 0)
    }

    @Test func frameBodiesAreSlicesOfTheReadBuffer() throws {
        var decoder = ZMTPFrameDecoder(maximumFrameLength: 4096)
        var buffer = ByteBuffer(bytes: Wire.greeting() + Wire.frame([UInt8](repeating: 5, count: 200)))
        _ = try decoder.decode(buffer: &buffer)
        guard case .frame(let frame) = try decoder.decode(buffer: &buffer) else {
            Issue.record("expected a frame")
            return
        }
        let shared = buffer.withUnsafeReadableBytes { whole in
            frame.body.withUnsafeReadableBytes { body in body.baseAddress == whole.baseAddress.map { $0 - 200 } }
        }
        #expect(shared)
    }

    @Test func largeFramesReserveTheirBodyOnceTheHeaderIsChecked() throws {
        var decoder = ZMTPFrameDecoder(maximumFrameLength: 1 << 20)
        var buffer = ByteBuffer(bytes: Wire.greeting() + [0x02] + Wire.bigEndian(500_000, width: 8) + [1, 2, 3])
        _ = try decoder.decode(buffer: &buffer)
        #expect(try decoder.decode(buffer: &buffer) == nil)
        #expect(buffer.writableBytes >= 500_000 - 3)
    }

    @Test func oversizedClaimFailsBeforeReserving() throws {
        var decoder = ZMTPFrameDecoder(maximumFrameLength: 1 << 20)
        var buffer = ByteBuffer(bytes: Wire.greeting() + [0x02] + Wire.bigEndian(1 << 62, width: 8))
        _ = try decoder.decode(buffer: &buffer)
        #expect(throws: ZMTPError.self) { try decoder.decode(buffer: &buffer) }
        #expect(buffer.capacity < 1 << 20)
    }
}

/// Pipeline payloads must fit `NIOAny`'s inline storage (three words), or every frame would be
/// boxed on the heap on its way through the handlers.
@Test func pipelinePayloadsFitNIOAnyWithoutBoxing() {
    #expect(MemoryLayout<ZMTPFrame>.size <= 24)
    #expect(MemoryLayout<ZMTPInboundPart>.size <= 24)
    #expect(MemoryLayout<ZMTPOutboundPart>.size <= 24)
    #expect(MemoryLayout<ZMTPMessage>.size <= 24)
}
