// SPDX-License-Identifier: Apache-2.0

import Contents
import Hummingbird
import Kernels
import NotebookFormat
import Synchronization

/// The small endpoints: `/api`, `/api/status`, `/api/me`, `/api/kernelspecs`, kernelspec
/// resources, `/api/config/<section>`, `/api/nbconvert`, and the login page.
struct ServiceRoutes: Sendable {
    /// The server.
    let server: NotebookServer
    /// The jupyter_server version this server answers as (JupyterLab reads it).
    static let apiVersion = "2.21.1"

    /// Adds the routes.
    func add(to group: RouterGroup<ServerRequestContext>) {
        let server = server
        let base = server.configuration.baseURL
        group.get("api") { _, _ in JSONResponses.json(.object(JSONObject([("version", .string(Self.apiVersion))]))) }
        group.get("api/status") { _, _ in
            let kernels = await server.kernels.all
            let connections = kernels.reduce(0) { $0 + $1.tracking.withLock { $0.connections } }
            let last = kernels.map { $0.tracking.withLock { $0.lastActivity } }.max() ?? server.started
            return JSONResponses.json(.object(
                JSONObject([
                    ("connections", .number(.int(connections))), ("kernels", .number(.int(kernels.count))),
                    ("last_activity", .string(last.isoformat)), ("started", .string(server.started.isoformat)),
                ])
            ))
        }
        group.get("api/me") { request, _ in JSONResponses.json(try Identity.me(permissions: request.uri.queryParameters["permissions"].map(String.init))) }
        group.get("api/kernelspecs") { _, _ in JSONResponses.json(KernelspecModels(server: server).all()) }
        group.get("api/kernelspecs/:name") { _, context in
            JSONResponses.json(try KernelspecModels(server: server).one(try context.parameters.require("name")))
        }
        group.get("kernelspecs/:name/:file") { _, context in
            let file = try KernelspecModels(server: server).resource(try context.parameters.require("name"), try context.parameters.require("file"))
            return try StaticFile.response(file: file, cacheControl: "max-age=2592000")
        }
        let config = ServerConfigSections(directory: server.configuration.configDirectory + "/serverconfig")
        group.get("api/config/:section") { _, context in JSONResponses.json(try config.read(try context.parameters.require("section"))) }
        group.patch("api/config/:section") { request, context in
            let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
            return JSONResponses.json(try config.update(try context.parameters.require("section"), with: body))
        }
        group.get("api/nbconvert") { _, _ in
            JSONResponses.json(.object(
                JSONObject([
                    ("notebook", .object(JSONObject([("output_mimetype", .string("application/json"))]))),
                    ("script", .object(JSONObject([("output_mimetype", .string("text/plain"))]))),
                    ("markdown", .object(JSONObject([("output_mimetype", .string("text/markdown"))]))),
                    ("html", .object(JSONObject([("output_mimetype", .string("text/html"))]))),
                ])
            ))
        }
        LoginPage(authentication: server.authentication, baseURL: base).add(to: group)
    }
}

/// `/api/me`: one anonymous user with every permission asked for.
enum Identity {
    /// The identity and permissions model; `permissions` is the URL-decoded JSON query value.
    static func me(permissions: String?) throws(NotebookServerError) -> JSONValue {
        let user = ServerEnvironment.userName
        let identity = JSONObject([
            ("username", .string(user)), ("name", .string(user)), ("display_name", .string(user)),
            ("initials", .string(String(user.prefix(2)).uppercased())), ("avatar_url", .null), ("color", .null),
        ])
        var granted = JSONObject([
            ("updatable_fields", .array([.string("name"), .string("display_name"), .string("initials"), .string("avatar_url"), .string("color")]))
        ])
        if let permissions, !permissions.isEmpty {
            guard case .object(let asked)? = try? JSONParser.parse(permissions) else {
                throw NotebookServerError(.badRequest, "permissions should be a JSON dict of {\"resource\": [\"action\",]}, got \(permissions)")
            }
            for (resource, actions) in asked.entries { granted[resource] = actions }
        }
        return .object(JSONObject([("identity", .object(identity)), ("permissions", .object(granted))]))
    }
}
