// SPDX-License-Identifier: Apache-2.0

import Contents
import HTTPTypes
import Hummingbird
import NIOCore
import NotebookFormat

/// `/api/contents[/<path>]` and its `/checkpoints[/<id>]`, as jupyter_server's ContentsHandler
/// and CheckpointsHandler answer them, over a ``FileContentsStore``.
struct ContentsRoutes: Sendable {
    /// The files.
    let store: FileContentsStore
    /// The URL prefix (for `Location` headers).
    let baseURL: String
    /// Where contents events go.
    let events: EventBus

    /// What a contents URL names once its prefix is removed.
    enum Target: Equatable {
        /// A file, notebook or directory.
        case entry(String)
        /// `<path>/checkpoints`.
        case checkpoints(String)
        /// `<path>/checkpoints/<id>`.
        case checkpoint(String, id: String)
    }

    /// Adds the routes for every method, at the root and below it.
    func add(to group: RouterGroup<ServerRequestContext>) {
        for path in ["api/contents", "api/contents/**"] {
            group.get(RouterPath(path)) { request, _ in try await get(request) }
            group.post(RouterPath(path)) { request, context in try await post(request, context) }
            group.put(RouterPath(path)) { request, context in try await put(request, context) }
            group.patch(RouterPath(path)) { request, context in try await patch(request, context) }
            group.delete(RouterPath(path)) { request, _ in try await delete(request) }
        }
    }

    /// The target of a request: its path after `api/contents`, percent-decoded.
    func target(of request: Request) throws(NotebookServerError) -> Target {
        let prefix = baseURL + "api/contents"
        var raw = Substring(request.uri.path)
        if raw.hasPrefix(prefix) { raw = raw.dropFirst(prefix.count) }
        guard let decoded = URLPath.decode(String(raw)) else {
            throw NotebookServerError(.badRequest, "The path \(String(raw)) is not valid percent-encoded UTF-8")
        }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.last == "checkpoints" {
            return .checkpoints(segments.dropLast().joined(separator: "/"))
        }
        if segments.count >= 2, segments[segments.count - 2] == "checkpoints" {
            return .checkpoint(segments.dropLast(2).joined(separator: "/"), id: segments[segments.count - 1])
        }
        return .entry(segments.joined(separator: "/"))
    }

    /// `Location` of an entry.
    func location(_ path: String) -> String {
        baseURL + "api/contents/" + URLPath.escape(path)
    }

    // MARK: - Handlers

    private func get(_ request: Request) async throws -> Response {
        switch try target(of: request) {
        case .entry(let path):
            let options = try Self.getOptions(request)
            let model: ContentsModel
            do {
                model = try store.get(path, options: options)
            } catch where error.code == .notFound {
                // jupyter_server answers a GET of anything missing with this text (not a JSON body).
                let text = "file or directory \(pythonRepr("/" + path)) does not exist"
                return Response(
                    status: .notFound,
                    headers: [.contentType: "application/json; charset=UTF-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: text))
                )
            } catch {
                throw NotebookServerError(error)
            }
            events.contents("get", path: model.path)
            var headers: HTTPFields = [:]
            headers[.lastModified] = HTTPDate.format(seconds: model.lastModified.seconds)
            return JSONResponses.json(model.jsonValue(), headers: headers)
        case .checkpoints(let path):
            let list = try await contents { () throws(ContentsError) in try store.listCheckpoints(for: path) }
            return JSONResponses.json(.array(list.map { $0.jsonValue() }))
        case .checkpoint:
            throw NotebookServerError(.methodNotAllowed, "Method Not Allowed")
        }
    }

    private func post(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        switch try target(of: request) {
        case .entry(let path):
            if store.fileExists(path) { throw NotebookServerError(.badRequest, "Cannot POST to files, use PUT instead.") }
            let body = try await JSONResponses.object(of: request, context: context)
            let model: ContentsModel
            if let from = body["copy_from"]?.stringValue, !from.isEmpty {
                model = try await contents { () throws(ContentsError) in try store.copy(from, to: path) }
                events.contents("copy", path: model.path, source: from)
            } else {
                let type = try Self.creatableType(body["type"])
                let ext = body["ext"]?.stringValue ?? ""
                model = try await contents { () throws(ContentsError) in try store.newUntitled(in: path, type: type, ext: ext) }
                events.contents("create", path: model.path)
            }
            return created(model)
        case .checkpoints(let path):
            let checkpoint = try await contents { () throws(ContentsError) in try store.createCheckpoint(for: path) }
            let where_ = location(path) + "/checkpoints/" + URLPath.escape(checkpoint.id)
            return JSONResponses.json(checkpoint.jsonValue(), status: .created, headers: [.location: where_])
        case .checkpoint(let path, let id):
            try await contents { () throws(ContentsError) in try store.restoreCheckpoint(id, for: path) }
            return JSONResponses.empty()
        }
    }

    private func put(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        guard case .entry(let path) = try target(of: request) else {
            throw NotebookServerError(.methodNotAllowed, "Method Not Allowed")
        }
        let body = try await JSONResponses.object(of: request, context: context)
        if body.isEmpty {
            let model = try await contents { () throws(ContentsError) in try store.create(nil, at: path) }
            events.contents("create", path: model.path)
            return created(model)
        }
        if let from = body["copy_from"]?.stringValue, !from.isEmpty {
            throw NotebookServerError(.badRequest, "Cannot copy with PUT, only POST")
        }
        _ = try Self.creatableType(body["type"])
        let exists = store.fileExists(path)
        let saveRequest = SaveRequest(json: body)
        if exists || saveRequest.chunk.map({ $0 != 1 }) == true {
            let model = try await contents { () throws(ContentsError) in try store.save(saveRequest, at: path) }
            events.contents("save", path: model.path)
            return JSONResponses.json(model.jsonValue(), headers: [.location: location(model.path)])
        }
        let model = try await contents { () throws(ContentsError) in try store.create(saveRequest, at: path) }
        events.contents("save", path: model.path)
        return created(model)
    }

    private func patch(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        guard case .entry(let path) = try target(of: request) else {
            throw NotebookServerError(.methodNotAllowed, "Method Not Allowed")
        }
        let body = try await JSONResponses.object(of: request, context: context, allowEmpty: false)
        guard let newPath = body["path"]?.stringValue else {
            let model = try await contents { () throws(ContentsError) in try store.get(path, options: GetOptions(content: false)) }
            return JSONResponses.json(model.jsonValue(), headers: [.location: location(model.path)])
        }
        let model = try await contents { () throws(ContentsError) in try store.rename(path, to: newPath) }
        events.contents("rename", path: model.path, source: path)
        return JSONResponses.json(model.jsonValue(), headers: [.location: location(model.path)])
    }

    private func delete(_ request: Request) async throws -> Response {
        switch try target(of: request) {
        case .entry(let path):
            try await contents { () throws(ContentsError) in try store.delete(path) }
            events.contents("delete", path: path)
        case .checkpoint(let path, let id):
            try await contents { () throws(ContentsError) in try store.deleteCheckpoint(id, for: path) }
        case .checkpoints:
            throw NotebookServerError(.methodNotAllowed, "Method Not Allowed")
        }
        return JSONResponses.empty()
    }

    // MARK: - Parameters

    /// 201 with the model and its `Location`.
    private func created(_ model: ContentsModel) -> Response {
        JSONResponses.json(model.jsonValue(), status: .created, headers: [.location: location(model.path)])
    }

    /// `type` of a POST or PUT body: absent, empty, or one of the three types.
    static func creatableType(_ value: JSONValue?) throws(NotebookServerError) -> ContentsType? {
        guard let value, !value.isNull else { return nil }
        guard let name = value.stringValue else {
            throw NotebookServerError(.badRequest, "Cannot create file or directory of type \(value)")
        }
        if name.isEmpty { return nil }
        guard let type = ContentsType(rawValue: name) else {
            throw NotebookServerError(.badRequest, "Cannot create file or directory of type '\(name)'")
        }
        return type
    }

    /// The GET query (`type`, `format`, `content`, `hash`), checked as jupyter_server checks it.
    static func getOptions(_ request: Request) throws(NotebookServerError) -> GetOptions {
        let query = request.uri.queryParameters
        var options = GetOptions()
        if let type = query["type"].map(String.init) {
            guard let parsed = ContentsType(rawValue: type) else {
                throw NotebookServerError(.badRequest, "Type '\(type)' is invalid")
            }
            options.type = parsed
        }
        if let format = query["format"].map(String.init) {
            guard let parsed = ContentsFormat(rawValue: format), parsed != .json else {
                throw NotebookServerError(.badRequest, "Format '\(format)' is invalid")
            }
            options.format = parsed
        }
        options.content = try flag(query["content"].map(String.init), name: "Content", default: true)
        options.hash = try flag(query["hash"].map(String.init), name: "Hash", default: false)
        return options
    }

    /// A `0`/`1` query flag.
    private static func flag(_ value: String?, name: String, default: Bool) throws(NotebookServerError) -> Bool {
        guard let value else { return `default` }
        switch value {
        case "0": return false
        case "1": return true
        default: throw NotebookServerError(.badRequest, "\(name) '\(value)' is invalid")
        }
    }
}
