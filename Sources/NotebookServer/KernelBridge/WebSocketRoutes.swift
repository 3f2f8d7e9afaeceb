// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket

/// `/api/kernels/<id>/channels`: authenticates the upgrade (cookie, header or `?token=`),
/// selects `v1.kernel.websocket.jupyter.org` when the client offers it (else the legacy JSON
/// protocol), and runs a ``KernelChannelsBridge``. A refused upgrade falls through to the HTTP
/// router, which answers 403 or 404.
struct KernelChannelsRoute: Sendable {
    /// The server.
    let server: NotebookServer

    /// Adds the upgrade route.
    func add(to group: RouterGroup<ServerRequestContext>) {
        let server = server
        group.ws("api/kernels/:id/channels") { request, context in
            guard server.authentication.credential(of: request) != nil else { return .dontUpgrade }
            guard let id = context.parameters.get("id"), await server.kernels.kernel(id: id) != nil else { return .dontUpgrade }
            let offered = (request.headers[.secWebSocketProtocol] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            if offered.contains(KernelWebSocketProtocol.v1Name) {
                return .upgrade([.secWebSocketProtocol: KernelWebSocketProtocol.v1Name])
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let id = context.requestContext.parameters.get("id"), let kernel = await server.kernels.kernel(id: id) else {
                try await outbound.close(.policyViolation, reason: "no such kernel")
                return
            }
            let offered = context.request.headers[.secWebSocketProtocol] ?? ""
            let bridge = KernelChannelsBridge(
                kernel: kernel,
                sessionID: context.request.uri.queryParameters["session_id"].map(String.init) ?? "",
                wireProtocol: offered.contains(KernelWebSocketProtocol.v1Name) ? .v1 : .legacy,
                logger: context.logger
            )
            await bridge.run(inbound: inbound, outbound: outbound)
        }
    }
}

/// `/api/events/subscribe`: every event of the server's ``EventBus`` (contents and kernel
/// actions) as a text frame, until the client closes the socket.
struct EventsRoute: Sendable {
    /// The server.
    let server: NotebookServer

    /// Adds the upgrade route.
    func add(to group: RouterGroup<ServerRequestContext>) {
        let server = server
        group.ws("api/events/subscribe") { request, _ in
            server.authentication.credential(of: request) != nil ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, _ in
            let (id, events) = server.events.subscribe()
            defer { server.events.unsubscribe(id) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for try await _ in inbound {} }
                group.addTask { for await event in events { try await outbound.write(.text(event)) } }
                defer { group.cancelAll() }
                try await group.next()
            }
        }
    }
}

extension Substring {
    /// The text without leading and trailing `characters`.
    fileprivate func trimmingCharacters(in characters: String) -> String {
        String(drop(while: { characters.contains($0) }).reversed().drop(while: { characters.contains($0) }).reversed())
    }
}
