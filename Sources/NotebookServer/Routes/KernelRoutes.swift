// SPDX-License-Identifier: Apache-2.0

import Contents
import Hummingbird
import NotebookFormat

/// `/api/kernels`: list, start, get, shut down, interrupt and restart kernels.
struct KernelRoutes: Sendable {
    /// The server whose kernels these are.
    let server: NotebookServer

    /// Adds the routes.
    func add(to group: RouterGroup<ServerRequestContext>) {
        let kernels = server.kernels
        let base = server.configuration.baseURL
        group.get("api/kernels") { _, _ in
            JSONResponses.json(.array(await kernels.all.map { $0.model() }))
        }
        group.post("api/kernels") { request, context in
            let body = try await JSONResponses.object(of: request, context: context)
            let directory = body["path"]?.stringValue.map { server.sessions.directory(forPath: $0 + "/x") }
            let kernel = try await kernels.start(name: body["name"]?.stringValue, directory: directory ?? server.store.root)
            return JSONResponses.json(kernel.model(), status: .created, headers: [.location: base + "api/kernels/" + kernel.id])
        }
        group.get("api/kernels/:id") { _, context in
            JSONResponses.json(try await kernels.existing(id: try context.parameters.require("id")).model())
        }
        group.delete("api/kernels/:id") { _, context in
            try await kernels.shutdown(id: try context.parameters.require("id"))
            return JSONResponses.empty()
        }
        group.post("api/kernels/:id/interrupt") { _, context in
            try await kernels.interrupt(id: try context.parameters.require("id"))
            return JSONResponses.empty()
        }
        group.post("api/kernels/:id/restart") { _, context in
            let kernel = try await kernels.restart(id: try context.parameters.require("id"))
            return JSONResponses.json(kernel.model())
        }
        // What an HTTP request to the websocket URL gets when it is not upgraded: the kernel's
        // 404, else tornado's answer to a plain GET of a websocket handler.
        group.get("api/kernels/:id/channels") { _, context -> Response in
            _ = try await kernels.existing(id: try context.parameters.require("id"))
            throw NotebookServerError(.badRequest, "Can \"Upgrade\" only to \"WebSocket\".")
        }
    }
}

