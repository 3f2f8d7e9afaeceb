// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import NotebookFormat

/// `/api/sessions`: list, create, get, update and delete sessions.
struct SessionRoutes: Sendable {
    /// The server whose sessions these are.
    let server: NotebookServer

    /// Adds the routes.
    func add(to group: RouterGroup<ServerRequestContext>) {
        let sessions = server.sessions
        let base = server.configuration.baseURL
        group.get("api/sessions") { _, _ in JSONResponses.json(.array(await sessions.list())) }
        group.post("api/sessions") { request, context in
            let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
            let path = body["notebook"]?.objectValue?["path"]?.stringValue ?? body["path"]?.stringValue
            guard let path else { throw NotebookServerError(.badRequest, "Missing field in JSON data: path") }
            guard let type = body["type"]?.stringValue else { throw NotebookServerError(.badRequest, "Missing field in JSON data: type") }
            let kernel = body["kernel"]?.objectValue
            let model = try await sessions.create(
                path: path,
                name: body["name"]?.stringValue,
                type: type,
                kernelName: kernel?["name"]?.stringValue,
                kernelID: kernel?["id"]?.stringValue
            )
            let id = model.objectValue?["id"]?.stringValue ?? ""
            return JSONResponses.json(model, status: .created, headers: [.location: base + "api/sessions/" + id])
        }
        group.get("api/sessions/:id") { _, context in
            JSONResponses.json(try await sessions.get(id: try context.parameters.require("id")))
        }
        group.patch("api/sessions/:id") { request, context in
            let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
            let kernel = body["kernel"]?.objectValue
            let model = try await sessions.update(
                id: try context.parameters.require("id"),
                path: body["path"]?.stringValue ?? body["notebook"]?.objectValue?["path"]?.stringValue,
                name: body["name"]?.stringValue,
                type: body["type"]?.stringValue,
                kernelID: kernel?["id"]?.stringValue,
                kernelName: kernel?["name"]?.stringValue
            )
            return JSONResponses.json(model)
        }
        group.delete("api/sessions/:id") { _, context in
            try await sessions.delete(id: try context.parameters.require("id"))
            return JSONResponses.empty()
        }
    }
}
