// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore

/// Runs a bound socket: the accept loop and one task per connection in the background, the
/// user's body in front. When the body returns or throws, every connection and the listener are
/// closed before this returns (structured: nothing outlives the call).
enum ZMTPServer {
    static func run<Result: Sendable>(
        _ endpoint: ZMTPEndpoint,
        socketType: SocketType,
        configuration: ZMTPConfiguration,
        eventLoopGroup: (any EventLoopGroup)?,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        serve: @escaping @Sendable (ZMTPConnection) async throws -> Void,
        onClose: @escaping @Sendable () -> Void,
        _ body: (ZMTPEndpoint) async throws -> Result
    ) async throws -> Result {
        let identity: [UInt8]? = socketType == .router ? [] : nil
        let options = ZMTPSocketOptions(socketType: socketType, identity: identity, configuration: configuration, logger: logger)
        let server = try await ZMTPTransport.bind(endpoint, options: options, group: ZMTPDefaults.eventLoopGroup(eventLoopGroup))
        let bound: ZMTPEndpoint
        switch endpoint {
        case .tcp(let host, let port):
            bound = .tcp(host: host, port: server.channel.localAddress?.port ?? port)
        case .ipc:
            bound = endpoint
        }
        return try await server.executeThenClose { connections, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await withDiscardingTaskGroup { connectionTasks in
                        do {
                            for try await connection in connections {
                                connectionTasks.addTask {
                                    do {
                                        try await serve(connection)
                                    } catch {
                                        logger.debug("ZMTP connection ended: \(error)", metadata: ["zmtp.endpoint": "\(bound)"])
                                    }
                                }
                            }
                        } catch {
                            logger.debug("ZMTP listener ended: \(error)", metadata: ["zmtp.endpoint": "\(bound)"])
                        }
                    }
                }
                do {
                    let result = try await body(bound)
                    group.cancelAll()
                    onClose()
                    return result
                } catch {
                    group.cancelAll()
                    onClose()
                    throw error
                }
            }
        }
    }
}

/// A socket bound to an endpoint (ROUTER, REP, PUB, XPUB).
public protocol ZMTPBoundSocket {
    /// The endpoint actually bound (with the chosen port when binding to port 0).
    var boundEndpoint: ZMTPEndpoint { get }
}

extension ZMTPBoundSocket {
    /// The bound TCP port (the chosen one when binding to port 0), or nil for `ipc`.
    public var boundPort: Int? {
        if case .tcp(_, let port) = boundEndpoint { return port }
        return nil
    }
}

/// Routing identities of a bound socket's connected peers, and their outbound writers.
final class ZMTPPeerTable: Sendable {
    struct Entry: Sendable {
        var token: UInt64
        var writer: NIOAsyncChannelOutboundWriter<ZMTPMessage>
    }

    private struct State {
        var entries: [ByteBuffer: Entry] = [:]
        var nextToken: UInt64 = 0
        var nextGenerated = UInt32.random(in: .min ... .max)
    }

    private let state = LockedBox(State())

    /// Adds a peer under `identity` (a non-empty READY Identity) or a generated one
    /// (0x00 followed by a 32-bit counter, as libzmq does). A peer reusing a connected peer's
    /// identity takes over its route (ROUTER_HANDOVER, which ipykernel enables).
    func register(identity: [UInt8]?, writer: NIOAsyncChannelOutboundWriter<ZMTPMessage>) -> (ByteBuffer, UInt64) {
        state.withLock { state in
            state.nextToken += 1
            let key: ByteBuffer
            if let identity, !identity.isEmpty {
                key = ByteBuffer(bytes: identity)
            } else {
                state.nextGenerated &+= 1
                var generated = ByteBuffer()
                generated.writeInteger(UInt8(0))
                generated.writeInteger(state.nextGenerated)
                key = generated
            }
            state.entries[key] = Entry(token: state.nextToken, writer: writer)
            return (key, state.nextToken)
        }
    }

    /// Removes the peer registered as `identity` with `token` (not a newer one that took over).
    func unregister(_ identity: ByteBuffer, token: UInt64) {
        state.withLock { state in
            if state.entries[identity]?.token == token {
                state.entries[identity] = nil
            }
        }
    }

    /// Sends `message` to the peer `identity`.
    /// - Returns: false if there is no such peer or it has gone (the message is dropped).
    func send(_ message: ZMTPMessage, to identity: ByteBuffer) async throws -> Bool {
        guard let entry = state.withLock({ $0.entries[identity] }) else { return false }
        do {
            try await entry.writer.write(message)
            return true
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return false
        }
    }
}
