// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird
import NIOCore
import NotebookFormat

/// The JupyterLab front-end: its page, static files, themes, lab extensions, settings and
/// workspaces, and the small `/lab/api` endpoints it calls (translations, listings, news, build).
struct LabFrontEnd: Sendable {
    /// Where JupyterLab's files are.
    let files: LabFiles
    /// The `/lab` page renderer.
    let page: LabPage
    /// The settings API.
    let settings: LabSettings
    /// The workspaces API.
    let workspaces: LabWorkspaces
    /// The URL prefix.
    let baseURL: String

    /// Finds the JupyterLab files of the configured Python environment.
    init(configuration: ServerConfiguration) throws(NotebookServerError) {
        files = try LabFiles(configuration: configuration)
        page = try LabPage(files: files, configuration: configuration)
        settings = LabSettings(files: files)
        workspaces = LabWorkspaces(directory: files.workspacesDirectory)
        baseURL = configuration.baseURL
    }

    /// Adds the front-end's routes under the base URL.
    func add(to group: RouterGroup<ServerRequestContext>, server: NotebookServer) {
        addPages(to: group)
        addStatic(to: group)
        addSettingsAndWorkspaces(to: group)
        addSmallEndpoints(to: group)
    }

    /// The request's path after the base URL and `prefix`, percent-decoded; 404 when it is not there.
    func rest(of request: Request, after prefix: String) throws(NotebookServerError) -> String {
        let path = request.uri.path
        guard path.hasPrefix(baseURL + prefix), let decoded = URLPath.decode(String(path.dropFirst(baseURL.count + prefix.count))) else {
            throw NotebookServerError(.notFound, "Not Found")
        }
        return decoded
    }

    // MARK: - Pages

    /// `/`, `/lab`, `/lab/tree/…`, `/lab/workspaces/…`, `/doc/…`.
    private func addPages(to group: RouterGroup<ServerRequestContext>) {
        let base = baseURL
        group.get("/") { _, _ in Response(status: .found, headers: [.location: base + "lab"]) }
        for path in ["lab", "lab/tree", "lab/tree/**", "lab/workspaces/**", "doc", "doc/tree", "doc/tree/**", "doc/workspaces/**"] {
            group.get(RouterPath(path)) { request, _ in try pageResponse(request) }
        }
    }

    /// The rendered page (with an `_xsrf` cookie when the browser has none); `/lab/` redirects to `/lab`.
    func pageResponse(_ request: Request) throws(NotebookServerError) -> Response {
        let relative = try rest(of: request, after: "")
        if relative == "lab/" { return Response(status: .movedPermanently, headers: [.location: baseURL + "lab"]) }
        guard let target = LabPage.target(of: relative) else { throw NotebookServerError(.notFound, "Not Found") }
        let html = page.render(target)
        var response = Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=UTF-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
        if request.cookies["_xsrf"] == nil {
            response.setCookie(Cookie(name: "_xsrf", value: RandomHex.string(bytes: 32), path: baseURL, httpOnly: false, sameSite: .lax))
        }
        return response
    }

    // MARK: - Static files

    /// `/static/lab/…`, `/lab/api/themes/…`, `/lab/extensions/…`, `/static/favicons/…`, `/favicon.ico`.
    private func addStatic(to group: RouterGroup<ServerRequestContext>) {
        let files = files
        group.get("static/lab/**") { request, _ in
            try staticResponse(try rest(of: request, after: "static/lab/"), in: [files.staticDirectory], request: request)
        }
        group.get("lab/api/themes/**") { request, _ in
            try staticResponse(try rest(of: request, after: "lab/api/themes/"), in: [files.themesDirectory], request: request)
        }
        group.get("lab/extensions/**") { request, _ in
            try staticResponse(try rest(of: request, after: "lab/extensions/"), in: files.labextensionsPath, request: request)
        }
        group.get("static/favicons/:file") { request, context in
            try staticResponse(try context.parameters.require("file"), in: files.faviconsDirectory.map { [$0] } ?? [], request: request)
        }
        group.get("favicon.ico") { request, _ in
            try staticResponse("favicon.ico", in: files.faviconsDirectory.map { [$0] } ?? [], request: request)
        }
    }

    /// A static file, cached for a year when its name or `?v=` carries a content hash.
    func staticResponse(_ relative: String, in directories: [String], request: Request) throws(NotebookServerError) -> Response {
        guard let file = StaticFile.locate(relative, in: directories) else { throw NotebookServerError(.notFound, "Not Found") }
        let hashed = request.uri.queryParameters["v"] != nil || Self.hasContentHash(relative)
        return try StaticFile.response(file: file, cacheControl: hashed ? "public, max-age=31536000, immutable" : "no-cache")
    }

    /// Whether a file name has a dot-separated part of 16 or more hex digits (`main.efd36b46f3b45eb8.js`).
    static func hasContentHash(_ relative: String) -> Bool {
        let name = relative.split(separator: "/").last ?? ""
        return name.split(separator: ".").dropLast().contains { $0.count >= 16 && $0.allSatisfy(\.isHexDigit) }
    }

    // MARK: - Settings and workspaces

    /// `/lab/api/settings[/<id>]` (GET, PUT) and `/lab/api/workspaces[/<name>]` (GET, PUT, DELETE).
    private func addSettingsAndWorkspaces(to group: RouterGroup<ServerRequestContext>) {
        let settings = settings
        let workspaces = workspaces
        group.get("lab/api/settings") { request, _ in
            JSONResponses.json(settings.list(idsOnly: request.uri.queryParameters["ids_only"] == "true"))
        }
        group.get("lab/api/settings/**") { request, _ in
            JSONResponses.json(try settings.get(try rest(of: request, after: "lab/api/settings/")))
        }
        group.put("lab/api/settings/**") { request, context in
            let id = try rest(of: request, after: "lab/api/settings/")
            let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
            guard let raw = body["raw"]?.stringValue else { throw NotebookServerError(.badRequest, "The body must have a string \"raw\"") }
            try settings.put(id, raw: raw)
            return JSONResponses.empty()
        }
        group.get("lab/api/workspaces") { _, _ in JSONResponses.json(workspaces.list()) }
        group.get("lab/api/workspaces/:name") { _, context in
            JSONResponses.json(try workspaces.get(try context.parameters.require("name")))
        }
        group.put("lab/api/workspaces/:name") { request, context in
            let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
            try workspaces.put(try context.parameters.require("name"), body)
            return JSONResponses.empty()
        }
        group.delete("lab/api/workspaces/:name") { _, context in
            try workspaces.delete(try context.parameters.require("name"))
            return JSONResponses.empty()
        }
    }

    // MARK: - Small endpoints

    /// Translations (English only), extension listings and manager, news and build status.
    private func addSmallEndpoints(to group: RouterGroup<ServerRequestContext>) {
        group.get("lab/api/translations") { _, _ in
            let english = JSONObject([("displayName", "English"), ("nativeName", "English")])
            return JSONResponses.json(.object(JSONObject([("data", .object(JSONObject([("en", .object(english))]))), ("message", "")])))
        }
        group.get("lab/api/translations/:locale") { _, _ in
            JSONResponses.json(.object(JSONObject([("data", .object(JSONObject())), ("message", "")])))
        }
        group.get("lab/api/listings/**") { _, _ in
            JSONResponses.json(.object(
                JSONObject([
                    ("blocked_extensions_uris", .array([])), ("allowed_extensions_uris", .array([])),
                    ("blocked_extensions", .array([])), ("allowed_extensions", .array([])),
                ])
            ))
        }
        group.get("lab/api/extensions") { _, _ in JSONResponses.json(.array([])) }
        group.get("lab/api/news") { _, _ in JSONResponses.json(.object(JSONObject([("news", .array([]))]))) }
        group.get("lab/api/build") { _, _ in JSONResponses.json(.object(JSONObject([("status", "stable"), ("message", "")]))) }
    }
}
