// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Kernels
import NIOCore
import NotebookFormat
import Testing

@testable import NotebookServer

/// The JSON5 reader of user settings.
struct LabJSON5Tests {
    @Test func commentsTrailingCommasQuotesAndKeys() throws {
        let text = """
            // a comment
            {
              /* block */ theme: 'JupyterLab Dark', // trailing
              "n": [1, 2.5, -3, +4, 0x10, .5,],
              nested: {a: null, b: true, 'c': "it's",},
            }
            """
        let value = try JSON5Reader.parse(text)
        let object = try #require(value.objectValue)
        #expect(object["theme"] == "JupyterLab Dark")
        #expect(object["n"] == .array([1, 2.5, -3, 4, 16, 0.5]))
        #expect(object["nested"] == .object(JSONObject([("a", nil), ("b", true), ("c", "it's")])))
        #expect(object.keys == ["theme", "n", "nested"])
    }

    @Test func escapes() throws {
        #expect(try JSON5Reader.parse(#"'a\'b\n\u00e9\x41'"#) == "a'b\néA")
        #expect(try JSON5Reader.parse(#""\ud83d\ude00""#) == "😀")
    }

    @Test func errorsNameLineAndColumn() {
        #expect(throws: JSON5Reader.Failure(reason: "Expected ',' or '}' in object", line: 3, column: 3)) {
            try JSON5Reader.parse("{\n  a: 1\n  b: 2\n}")
        }
        #expect(throws: JSON5Reader.Failure(reason: "Unterminated comment", line: 2, column: 1)) {
            try JSON5Reader.parse("{}\n/* open")
        }
        #expect(throws: JSON5Reader.Failure(reason: "Unterminated array", line: 1, column: 4)) {
            try JSON5Reader.parse("[1,")
        }
    }
}

/// The code of the NotebookServerError `body` throws; nil when it throws none.
func errorCode(_ body: () throws -> Void) -> NotebookServerError.Code? {
    do {
        try body()
        return nil
    } catch {
        return (error as? NotebookServerError)?.code
    }
}

/// A temporary Python prefix with a fake JupyterLab app directory.
struct FakeLab {
    /// The temporary directory (prefix, config and root live below it).
    let directory: String
    /// A configuration using it.
    let configuration: ServerConfiguration

    /// The exact Jinja constructs of JupyterLab 4.6's `static/index.html`.
    static let indexHTML = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>JupyterLab</title>{# Copy so we do not modify the page_config with updates. #} {% set page_config_full = page_config.copy() %} {# Set a dummy variable - we just want the side effect of the update. #} {% set _ = page_config_full.update(baseUrl=base_url, wsUrl=ws_url) %}<script id="jupyter-config-data" type="application/json">{{ page_config_full | tojson }}</script>{% block favicon %}<link rel="icon" type="image/x-icon" href="{{ base_url | escape }}static/favicons/favicon.ico" class="idle favicon">{% endblock %} {% if custom_css %}<link rel="stylesheet" href="{{ base_url | escape }}custom/custom.css">{% endif %}<script defer="defer" src="{{page_config.fullStaticUrl}}/main.abc.js?v=abc"></script></head><body><script>(function () { if (x) { return; } })();</script></body></html>
        """

    /// Creates the files; `baseURL` as the server would get it.
    init(baseURL: String = "/") throws {
        directory = NSTemporaryDirectory() + "quire-lab-\(UUID().uuidString)"
        let prefix = directory + "/venv"
        let lab = prefix + "/share/jupyter/lab"
        try Self.write(Self.indexHTML, to: lab + "/static/index.html")
        try Self.write(#"{"name": "@jupyterlab/application-top", "version": "4.6.6"}"#, to: lab + "/static/package.json")
        try Self.write(#"{"name": "@jupyterlab/notebook-extension", "version": "4.6.6"}"#, to: lab + "/schemas/@jupyterlab/notebook-extension/package.json.orig")
        try Self.write(
            #"{"title": "Notebook", "properties": {"kernelShutdown": {"type": "boolean", "default": false}}, "type": "object"}"#,
            to: lab + "/schemas/@jupyterlab/notebook-extension/tracker.json"
        )
        try Self.write("{\n // JSON5 allowed\n \"@jupyterlab/notebook-extension:tracker\": {\"kernelShutdown\": true},\n}", to: lab + "/settings/overrides.json")
        let ext = prefix + "/share/jupyter/labextensions/myext"
        try Self.write(
            #"{"name": "myext", "version": "0.1.0", "jupyterlab": {"_build": {"load": "static/remoteEntry.1.js", "extension": "./extension"}}}"#,
            to: ext + "/package.json"
        )
        try Self.write(#"{"type": "object", "properties": {}}"#, to: ext + "/schemas/myext/plugin.json")
        try FileManager.default.createDirectory(atPath: directory + "/root", withIntermediateDirectories: true)
        let python = PythonEnvironment(executable: prefix + "/bin/python", prefix: prefix)
        configuration = ServerConfiguration(
            root: directory + "/root",
            token: "secret",
            baseURL: baseURL,
            python: python,
            environment: ["HOME": directory + "/home", "JUPYTER_CONFIG_DIR": directory + "/config"]
        )
    }

    /// Writes a file, creating its directory.
    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Removes the files.
    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// The page, settings and workspaces against a fake app directory.
struct LabFrontEndTests {
    @Test func missingJupyterLabIsAConfigurationError() throws {
        let lab = try FakeLab()
        defer { lab.remove() }
        var configuration = lab.configuration
        configuration.python = PythonEnvironment(executable: "/nowhere/bin/python", prefix: "/nowhere")
        #expect(errorCode { _ = try LabFrontEnd(configuration: configuration) } == .configuration)
        do {
            _ = try LabFrontEnd(configuration: configuration)
        } catch {
            #expect(error.message.contains("/nowhere/share/jupyter/lab/static/index.html"))
            #expect(error.message.contains("pip install jupyterlab"))
        }
    }

    @Test func pageRendersTheConfigWithTheBaseURL() throws {
        let lab = try FakeLab(baseURL: "/prefix/")
        defer { lab.remove() }
        let front = try LabFrontEnd(configuration: lab.configuration)
        let html = front.page.render(LabPage.Target(treePath: "a b.ipynb", workspace: "w", singleDocument: true))
        #expect(html.contains(#"<script defer="defer" src="/prefix/static/lab/main.abc.js?v=abc"></script>"#))
        #expect(html.contains(#"<link rel="icon" type="image/x-icon" href="/prefix/static/favicons/favicon.ico" class="idle favicon"> <script defer"#))
        #expect(html.contains("<title>JupyterLab</title>   <script id=\"jupyter-config-data\""))
        #expect(!html.contains("{%") && !html.contains("{{") && !html.contains("custom.css"))
        let start = try #require(html.range(of: #"type="application/json">"#)).upperBound
        let end = try #require(html[start...].range(of: "</script>")).lowerBound
        let config = try #require(try JSONParser.parse(String(html[start..<end])).objectValue)
        #expect(config["baseUrl"] == "/prefix/")
        #expect(config["wsUrl"] == "")
        #expect(config["fullStaticUrl"] == "/prefix/static/lab")
        #expect(config["fullSettingsUrl"] == "/prefix/lab/api/settings")
        #expect(config["fullLabextensionsUrl"] == "/prefix/lab/extensions")
        #expect(config["appUrl"] == "/lab")
        #expect(config["appVersion"] == "4.6.6")
        #expect(config["token"] == "secret")
        #expect(config["treePath"] == "a b.ipynb")
        #expect(config["workspace"] == "w")
        #expect(config["mode"] == "single-document")
        #expect(config["terminalsAvailable"] == false)
        #expect(config["notebookVersion"] == "[2, 21, 1]")
        #expect(config["federated_extensions"] == .array([.object(JSONObject([
            ("load", "static/remoteEntry.1.js"), ("extension", "./extension"), ("name", "myext"),
        ]))]))
        #expect(config.keys == config.keys.sorted())
        let second = front.page.render(LabPage.Target())
        #expect(second.contains(#""store_id": 1"#))
    }

    @Test func pageTargets() {
        #expect(LabPage.target(of: "lab") == LabPage.Target())
        #expect(LabPage.target(of: "lab/tree/dir/x%20y.ipynb") == LabPage.Target(treePath: "dir/x y.ipynb"))
        #expect(LabPage.target(of: "lab/workspaces/foo") == LabPage.Target(workspace: "foo"))
        #expect(LabPage.target(of: "doc/workspaces/foo/tree/a") == LabPage.Target(treePath: "a", workspace: "foo", singleDocument: true))
        #expect(LabPage.target(of: "lab/other") == nil)
        #expect(LabFrontEnd.hasContentHash("main.efd36b46f3b45eb8.js"))
        #expect(!LabFrontEnd.hasContentHash("style.js"))
    }

    @Test func settingsRoundTrip() throws {
        let lab = try FakeLab()
        defer { lab.remove() }
        let settings = try LabFrontEnd(configuration: lab.configuration).settings
        let ids = settings.list(idsOnly: true).objectValue?["settings"]?.arrayValue?.compactMap { $0.objectValue?["id"]?.stringValue }
        #expect(ids == ["@jupyterlab/notebook-extension:tracker", "myext:plugin"])
        let id = "@jupyterlab/notebook-extension:tracker"
        var entry = try #require(try settings.get(id).objectValue)
        #expect(entry["raw"] == "{}")
        #expect(entry["version"] == "4.6.6")
        #expect(entry["last_modified"] == .null)
        #expect(entry["schema"]?.objectValue?["properties"]?.objectValue?["kernelShutdown"]?.objectValue?["default"] == true)
        let raw = "{\n  // mine\n  kernelShutdown: false,\n}"
        try settings.put(id, raw: raw)
        entry = try #require(try settings.get(id).objectValue)
        #expect(entry["raw"] == .string(raw))
        #expect(entry["settings"] == .object(JSONObject([("kernelShutdown", false)])))
        #expect(entry["last_modified"]?.stringValue?.hasSuffix("+00:00") == true)
        let saved = lab.directory + "/config/lab/user-settings/@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
        #expect(FileManager.default.fileExists(atPath: saved))
        #expect(errorCode { try settings.put(id, raw: "{a: }") } == .badRequest)
        do { try settings.put(id, raw: "{\n a: }") } catch { #expect(error.message.contains("line 2, column 5")) }
        #expect(errorCode { _ = try settings.get("@nope/x:y") } == .notFound)
        let listed = settings.list(idsOnly: false).objectValue?["settings"]?.arrayValue?.first?.objectValue
        #expect(listed?["warning"] == .null)
        let overrides = settings.overrides()
        #expect(overrides["@jupyterlab/apputils-extension:notification"] == .object(JSONObject([("fetchNews", "false")])))
        #expect(overrides["@jupyterlab/notebook-extension:tracker"] == .object(JSONObject([("kernelShutdown", true)])))
    }

    @Test func routesThroughTheServer() async throws {
        let lab = try FakeLab()
        defer { lab.remove() }
        let server = try NotebookServer(configuration: lab.configuration)
        let app = Application(router: server.router(lab: try LabFrontEnd(configuration: lab.configuration)))
        let auth: HTTPFields = [.authorization: "token secret"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/lab/", method: .get, headers: auth) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/lab")
            }
            try await client.execute(uri: "/", method: .get, headers: auth) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/lab")
            }
            try await client.execute(uri: "/lab/tree/x.ipynb?token=secret", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=UTF-8")
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("_xsrf=") && !$0.contains("HttpOnly") })
                #expect(String(buffer: response.body).contains(#""treePath": "x.ipynb""#))
            }
            let put = ByteBuffer(string: #"{"raw": "{kernelShutdown: true}"}"#)
            try await client.execute(uri: "/lab/api/settings/@jupyterlab/notebook-extension:tracker", method: .put, headers: auth, body: put) {
                #expect($0.status == .noContent)
            }
            try await client.execute(uri: "/lab/api/settings?ids_only=true", method: .get, headers: auth) { response in
                #expect(String(buffer: response.body).contains("myext:plugin"))
            }
            try await client.execute(uri: "/static/lab/package.json", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/static/lab/nope.js", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/lab/api/workspaces/w", method: .delete, headers: auth) { #expect($0.status == .notFound) }
        }
    }

    @Test func workspacesRoundTrip() throws {
        let lab = try FakeLab()
        defer { lab.remove() }
        let workspaces = try LabFrontEnd(configuration: lab.configuration).workspaces
        #expect(try workspaces.get("foo") == .object(JSONObject([("data", .object(JSONObject())), ("metadata", .object(JSONObject([("id", "/foo")])))])))
        let body = JSONObject([("data", .object(JSONObject([("layout-restorer:data", .object(JSONObject([("main", nil)])))]))), ("metadata", .object(JSONObject([("id", "/foo")])))])
        try workspaces.put("foo", body)
        let stored = try #require(try workspaces.get("foo").objectValue)
        #expect(stored["data"] == body["data"])
        #expect(stored["metadata"]?.objectValue?["created"]?.stringValue?.hasSuffix("+00:00") == true)
        let list = try #require(workspaces.list().objectValue?["workspaces"]?.objectValue)
        #expect(list["ids"] == .array(["/foo"]))
        #expect(list["values"]?.arrayValue?.count == 1)
        let mismatched = JSONObject([("data", .object(JSONObject())), ("metadata", .object(JSONObject([("id", "bar")])))])
        #expect(errorCode { try workspaces.put("foo", mismatched) } == .badRequest)
        try workspaces.delete("foo")
        #expect(errorCode { try workspaces.delete("foo") } == .notFound)
    }
}
