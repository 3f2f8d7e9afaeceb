// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOPosix

/// The async view of one ZMTP connection's channel.
typealias ZMTPAsyncChannel = NIOAsyncChannel<ZMTPMessage, ZMTPMessage>

/// A connected or accepted channel with its pipeline set up and its handshake under way.
struct ZMTPConnection: Sendable {
    /// The channel, to be used inside `executeThenClose`.
    var channel: ZMTPAsyncChannel
    /// Completes with the peer once READY has been exchanged, or fails.
    var handshake: EventLoopFuture<ZMTPPeer>
}

/// What every socket needs to set up its connections.
struct ZMTPSocketOptions: Sendable {
    var socketType: SocketType
    var identity: [UInt8]?
    var configuration: ZMTPConfiguration
    var logger: Logger
}

/// Pipeline setup, connecting and binding, shared by all socket types.
enum ZMTPTransport {
    /// Adds the ZMTP handlers to `channel` (on its event loop) and wraps it for async use.
    ///
    /// Pipeline, head to tail: decoder, encoder, handshake, aggregator, error handler, async bridge.
    static func initialize(_ channel: any Channel, options: ZMTPSocketOptions) -> EventLoopFuture<ZMTPConnection> {
        channel.eventLoop.makeCompletedFuture {
            let configuration = options.configuration
            let handshake = channel.eventLoop.makePromise(of: ZMTPPeer.self)
            let decoder = ZMTPFrameDecoder(
                maximumFrameLength: configuration.maximumFrameLength,
                maximumCommandLength: configuration.maximumCommandLength
            )
            let pipeline = channel.pipeline.syncOperations
            let slack = 4 << 20
            try pipeline.addHandler(
                ByteToMessageHandler(decoder, maximumBufferSize: max(configuration.maximumFrameLength, configuration.maximumCommandLength) + slack)
            )
            try pipeline.addHandler(ZMTPFrameEncoder())
            try pipeline.addHandler(
                ZMTPHandshakeHandler(
                    socketType: options.socketType,
                    identity: options.identity,
                    version: configuration.version,
                    handshakeTimeout: configuration.handshakeTimeout,
                    completion: handshake
                )
            )
            try pipeline.addHandler(
                ZMTPMessageAggregator(
                    maximumMessageLength: configuration.maximumMessageLength,
                    maximumFrameCount: configuration.maximumFramesPerMessage
                )
            )
            try pipeline.addHandler(ZMTPProtocolErrorHandler(logger: options.logger))
            let limit = configuration.inboundBufferLimit
            let asyncChannel = try ZMTPAsyncChannel(
                wrappingChannelSynchronously: channel,
                configuration: .init(backPressureStrategy: .init(lowWatermark: max(limit / 2, 1), highWatermark: limit))
            )
            return ZMTPConnection(channel: asyncChannel, handshake: handshake.futureResult)
        }
    }

    /// Connects to `endpoint` and sets up the pipeline (the handshake is still running).
    static func connect(
        to endpoint: ZMTPEndpoint,
        options: ZMTPSocketOptions,
        group: any EventLoopGroup
    ) async throws -> ZMTPConnection {
        try options.configuration.validate()
        let limit = options.configuration.outboundBufferLimit
        let bootstrap = ClientBootstrap(group: group)
            .channelOption(.writeBufferWaterMark, value: .init(low: max(limit / 2, 1), high: limit))
        let initializer: @Sendable (any Channel) -> EventLoopFuture<ZMTPConnection> = { channel in
            initialize(channel, options: options)
        }
        switch endpoint {
        case .tcp(let host, let port):
            return try await bootstrap.channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port, channelInitializer: initializer)
        case .ipc(let path):
            return try await bootstrap.connect(unixDomainSocketPath: path, channelInitializer: initializer)
        }
    }

    /// Binds `endpoint`; each accepted connection arrives with its pipeline set up.
    static func bind(
        _ endpoint: ZMTPEndpoint,
        options: ZMTPSocketOptions,
        group: any EventLoopGroup
    ) async throws -> NIOAsyncChannel<ZMTPConnection, Never> {
        try options.configuration.validate()
        let limit = options.configuration.outboundBufferLimit
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: max(limit / 2, 1), high: limit))
        let initializer: @Sendable (any Channel) -> EventLoopFuture<ZMTPConnection> = { channel in
            initialize(channel, options: options)
        }
        switch endpoint {
        case .tcp(let host, let port):
            return try await bootstrap.childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port, childChannelInitializer: initializer)
        case .ipc(let path):
            return try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true, childChannelInitializer: initializer)
        }
    }
}
