// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOEmbedded
@testable import ZMTP

/// A full ZMTP pipeline on an `EmbeddedChannel`, driven byte by byte from a test.
struct EmbeddedZMTP {
    let channel = EmbeddedChannel()
    let handshake: EventLoopFuture<ZMTPPeer>
    let logs = LogRecorder()

    /// Sets up the same handlers as a real socket (decoder, encoder, handshake, aggregator,
    /// error handler) for a socket of `type`, and connects so our greeting goes out.
    init(
        _ type: SocketType,
        identity: [UInt8]? = nil,
        version: ZMTPVersion = .v3_1,
        handshakeTimeout: TimeAmount = .seconds(10),
        maximumFrameLength: Int = 1 << 20,
        maximumMessageLength: Int = 1 << 20,
        maximumFrames: Int = 64
    ) throws {
        let promise = channel.eventLoop.makePromise(of: ZMTPPeer.self)
        handshake = promise.futureResult
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(ByteToMessageHandler(ZMTPFrameDecoder(maximumFrameLength: maximumFrameLength, maximumCommandLength: 4096)))
        try pipeline.addHandler(ZMTPFrameEncoder())
        try pipeline.addHandler(
            ZMTPHandshakeHandler(socketType: type, identity: identity, version: version, handshakeTimeout: handshakeTimeout, completion: promise)
        )
        try pipeline.addHandler(ZMTPMessageAggregator(maximumMessageLength: maximumMessageLength, maximumFrameCount: maximumFrames))
        try pipeline.addHandler(ZMTPProtocolErrorHandler(logger: logs.logger))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5555)).wait()
    }

    /// Feeds bytes as if the peer sent them; swallows the error the pipeline passes on.
    func receive(_ bytes: [UInt8]) {
        _ = try? channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    /// Everything written to the wire since the last call, concatenated.
    func sent() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) {
            bytes += buffer.readableBytesView
        }
        return bytes
    }

    /// Feeds the peer's greeting and READY (`type`, version `minor`); returns our bytes sent.
    @discardableResult
    func completeHandshake(peerType: String, identity: String? = nil, minor: UInt8 = 1) throws -> [UInt8] {
        receive(Wire.greeting(minor: minor))
        receive(Wire.ready(socketType: peerType, identity: identity))
        return try sent()
    }

    /// The next inbound message, if any.
    func message() throws -> ZMTPMessage? {
        try channel.readInbound(as: ZMTPMessage.self)
    }

    /// Whether the channel is still open.
    var isActive: Bool { channel.isActive }
}
