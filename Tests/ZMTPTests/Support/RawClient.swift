// SPDX-License-Identifier: Apache-2.0

import NIOCore
import NIOPosix

/// A plain TCP client for misbehaving-peer tests: sends bytes, then collects whatever comes back
/// until the server closes the connection.
enum RawClient {
    /// Connects to `port`, sends `bytes` (optionally closing its write side), and returns every
    /// byte received before the server closed the connection.
    static func exchange(port: Int, sending bytes: [UInt8], halfClose: Bool = false) async throws -> [UInt8] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true)
                    )
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var received: [UInt8] = []
            do {
                if !bytes.isEmpty { try await outbound.write(ByteBuffer(bytes: bytes)) }
                if halfClose { outbound.finish() }
                for try await chunk in inbound { received += chunk.readableBytesView }
            } catch {
                // A reset (the server closed with our bytes unread) also ends the exchange.
            }
            return received
        }
    }
}
