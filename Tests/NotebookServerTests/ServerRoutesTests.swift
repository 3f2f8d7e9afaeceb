// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NotebookFormat
import Testing

@testable import NotebookServer

/// The REST surface through Hummingbird's in-process router test client: auth, contents,
/// checkpoints, config, and the errors jupyter_server gives. Kernels are covered by the
/// Python differential tests against a real ipykernel.
struct ServerRoutesTests {
    /// A server over a fresh temporary root with one text file.
    static func makeServer() throws -> (NotebookServer, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quire-routes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
        try "hello\n".write(toFile: root + "/a.txt", atomically: true, encoding: .utf8)
        try "secret".write(toFile: root + "/.hidden", atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["JUPYTER_CONFIG_DIR"] = root + "/.config"
        environment["JUPYTER_DATA_DIR"] = root + "/.data"
        environment["XDG_DATA_HOME"] = root + "/.xdg"
        let configuration = ServerConfiguration(root: root, port: 0, token: "tok", servesLab: false, environment: environment)
        return (try NotebookServer(configuration: configuration), root)
    }

    static let auth: HTTPFields = [.authorization: "token tok"]

    /// The body as a JSON object (empty when it is not one, so the expectations on it fail).
    static func json(_ body: ByteBuffer) -> JSONObject {
        guard case .object(let object)? = try? JSONParser.parse(body.readableBytesView) else { return JSONObject() }
        return object
    }

    /// The body as a JSON array (empty when it is not one).
    static func array(_ body: ByteBuffer) -> [JSONValue] {
        guard case .array(let list)? = try? JSONParser.parse(body.readableBytesView) else { return [] }
        return list
    }

    @Test func requestsWithoutTheTokenAreForbidden() async throws {
        let (server, root) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/contents", method: .get) { response in
                #expect(response.status == .forbidden)
                let body = Self.json(response.body)
                #expect(body["message"]?.stringValue == "Forbidden")
                #expect(body["reason"]?.isNull == true)
            }
            try await client.execute(uri: "/api/contents", method: .get, headers: [.authorization: "token wrong"]) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/contents?token=tok", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/contents", method: .get, headers: Self.auth) { #expect($0.status == .ok) }
            try await client.execute(uri: "/tree", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/login?next=/tree")
            }
        }
    }

    @Test func cookieWritesNeedTheXSRFToken() async throws {
        let (server, root) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let login = "\(server.authentication.cookieName)=\(server.authentication.cookieValue)"
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/contents", method: .get, headers: [.cookie: login]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/contents", method: .post, headers: [.cookie: login]) { response in
                #expect(response.status == .forbidden)
                #expect(Self.json(response.body)["message"]?.stringValue == "'_xsrf' argument missing from POST")
            }
            let withXSRF: HTTPFields = [.cookie: login + "; _xsrf=abc", HTTPField.Name("X-XSRFToken")!: "abc"]
            try await client.execute(uri: "/api/contents", method: .post, headers: withXSRF) { #expect($0.status == .created) }
            let mismatched: HTTPFields = [.cookie: login + "; _xsrf=abc", HTTPField.Name("X-XSRFToken")!: "abd"]
            try await client.execute(uri: "/api/contents", method: .post, headers: mismatched) { #expect($0.status == .forbidden) }
        }
    }

    @Test func contentsLifecycle() async throws {
        let (server, root) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/contents/sub", method: .post, headers: Self.auth, body: ByteBuffer(string: #"{"type":"notebook"}"#)) {
                response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/contents/sub/Untitled.ipynb")
                #expect(Self.json(response.body)["path"]?.stringValue == "sub/Untitled.ipynb")
            }
            try await client.execute(uri: "/api/contents/sub/Untitled.ipynb?content=0&hash=1", method: .get, headers: Self.auth) { response in
                #expect(response.status == .ok)
                let model = Self.json(response.body)
                #expect(model["hash_algorithm"]?.stringValue == "sha256")
                #expect(model["content"]?.isNull == true)
                #expect(response.headers[.lastModified] != nil)
            }
            let notebook = #"{"type":"notebook","format":"json","content":{"cells":[{"cell_type":"code","id":"c1","metadata":{},"source":"print(1)","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}}"#
            try await client.execute(uri: "/api/contents/sub/Untitled.ipynb", method: .put, headers: Self.auth, body: ByteBuffer(string: notebook)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/contents/new.ipynb", method: .put, headers: Self.auth, body: ByteBuffer(string: notebook)) {
                #expect($0.status == .created)
            }
            let onDisk = try String(contentsOfFile: root + "/sub/Untitled.ipynb", encoding: .utf8)
            #expect(onDisk.contains("\"print(1)\""))
            try await client.execute(uri: "/api/contents/sub/Untitled.ipynb", method: .patch, headers: Self.auth, body: ByteBuffer(string: #"{"path":"new.ipynb"}"#)) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: "/api/contents/sub/Untitled.ipynb", method: .patch, headers: Self.auth, body: ByteBuffer(string: #"{"path":"sub/b.ipynb"}"#)) {
                response in
                #expect(response.status == .ok)
                #expect(Self.json(response.body)["name"]?.stringValue == "b.ipynb")
            }
            try await client.execute(uri: "/api/contents/sub/b.ipynb/checkpoints", method: .get, headers: Self.auth) { response in
                #expect(Self.array(response.body).count == 1)
            }
            try await client.execute(uri: "/api/contents/sub/b.ipynb", method: .delete, headers: Self.auth) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/contents/sub/b.ipynb", method: .get, headers: Self.auth) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "file or directory '/sub/b.ipynb' does not exist")
            }
            // Deleted to the trash of XDG_DATA_HOME, with its info file, as Send2Trash does.
            #expect(FileManager.default.fileExists(atPath: root + "/.xdg/Trash/files/b.ipynb"))
            let info = try String(contentsOfFile: root + "/.xdg/Trash/info/b.ipynb.trashinfo", encoding: .utf8)
            #expect(info.hasPrefix("[Trash Info]\nPath=" + root + "/sub/b.ipynb\nDeletionDate="))
        }
    }

    @Test func contentsErrorsAreJupyterServers() async throws {
        let (server, root) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await server.application().test(.router) { client in
            for (uri, status) in [
                ("/api/contents/a.txt?type=directory", HTTPResponse.Status.badRequest),
                ("/api/contents/a.txt?format=json", .badRequest), ("/api/contents/a.txt?content=2", .badRequest),
                ("/api/contents/nope.txt", .notFound), ("/api/contents/.hidden", .notFound),
                ("/api/contents/..%2F..%2Fetc%2Fpasswd", .notFound), ("/api/contents/%2e%2e/x", .notFound),
                ("/api/contents/sub/..%2F..%2Fetc", .notFound),
            ] {
                try await client.execute(uri: uri, method: .get, headers: Self.auth) { response in
                    #expect(response.status == status, "\(uri)")
                    // A missing file's GET answers jupyter_server's plain text; other errors are JSON.
                    let text = String(buffer: response.body)
                    #expect(Self.json(response.body)["message"]?.stringValue?.isEmpty == false || text.hasSuffix("does not exist"), "\(uri)")
                }
            }
            try await client.execute(uri: "/api/contents/a.txt", method: .post, headers: Self.auth) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["message"]?.stringValue == "Cannot POST to files, use PUT instead.")
            }
            try await client.execute(uri: "/api/contents/x.txt", method: .put, headers: Self.auth, body: ByteBuffer(string: "{not json")) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["message"]?.stringValue?.hasPrefix("Invalid JSON in body of request") == true)
            }
            try await client.execute(uri: "/api/kernels/00000000-0000-0000-0000-000000000000", method: .get, headers: Self.auth) { response in
                #expect(response.status == .notFound)
                #expect(Self.json(response.body)["message"]?.stringValue == "Kernel does not exist: 00000000-0000-0000-0000-000000000000")
            }
            try await client.execute(uri: "/api/sessions", method: .post, headers: Self.auth, body: ByteBuffer(string: #"{"path":"a.ipynb"}"#)) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/sessions/nope", method: .get, headers: Self.auth) { #expect($0.status == .notFound) }
        }
    }

    @Test func configSectionsMerge() async throws {
        let (server, root) = try Self.makeServer()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/api/config/notebook", method: .get, headers: Self.auth) { response in
                #expect(String(buffer: response.body) == "{}")
            }
            try await client.execute(uri: "/api/config/notebook", method: .patch, headers: Self.auth, body: ByteBuffer(string: #"{"a":{"b":1,"c":2},"d":3}"#)) { _ in }
            try await client.execute(uri: "/api/config/notebook", method: .patch, headers: Self.auth, body: ByteBuffer(string: #"{"a":{"c":null},"d":4}"#)) { response in
                #expect(String(buffer: response.body) == #"{"a": {"b": 1}, "d": 4}"#)
            }
            #expect(FileManager.default.fileExists(atPath: root + "/.config/serverconfig/notebook.json"))
            try await client.execute(uri: "/api/me?permissions=%7B%22contents%22%3A%5B%22read%22%5D%7D", method: .get, headers: Self.auth) { response in
                let permissions = Self.json(response.body)["permissions"]?.objectValue
                #expect(permissions?["contents"] == .array([.string("read")]))
            }
        }
    }
}
