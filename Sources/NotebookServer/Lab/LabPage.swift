// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Synchronization

/// The `/lab` page: `static/index.html` rendered with the page config JupyterLab reads from its
/// `jupyter-config-data` script (jupyterlab_server's LabHandler, minus building and terminals).
final class LabPage: Sendable {
    /// Which page was asked for.
    struct Target: Sendable, Equatable {
        /// The path after `/tree/`, "" for none.
        var treePath = ""
        /// The workspace name.
        var workspace = "default"
        /// `/doc` pages are single-document.
        var singleDocument = false
    }

    /// The JupyterLab files.
    let files: LabFiles
    /// The parsed `static/index.html`.
    let template: LabTemplate
    /// The page config that is the same for every render.
    let common: JSONObject
    /// The next `store_id`.
    private let storeID = Mutex(0)

    /// Parses the template and computes the fixed page config.
    init(files: LabFiles, configuration: ServerConfiguration) throws(NotebookServerError) {
        self.files = files
        let index = files.staticDirectory + "/index.html"
        guard let text = LabFiles.readText(index) else {
            throw NotebookServerError(.configuration, "cannot read \(index)")
        }
        do { template = try LabTemplate(text) } catch {
            throw NotebookServerError(.configuration, "\(index) uses a template construct quire cannot render: \(error.description)")
        }
        common = Self.commonConfig(files: files, configuration: configuration)
    }

    /// The page for `target`: its HTML.
    func render(_ target: Target) -> String {
        var config = common
        config["treePath"] = .string(target.treePath)
        config["workspace"] = .string(target.workspace)
        config["mode"] = .string(target.singleDocument ? "single-document" : "multiple-document")
        config["store_id"] = .number(.int(storeID.withLock { id in
            defer { id += 1 }
            return id
        }))
        let baseURL = common["baseUrl"]?.stringValue ?? "/"
        return template.render(
            JSONObject([
                ("page_config", .object(config)), ("base_url", .string(baseURL)), ("ws_url", .string("")),
                ("custom_css", .bool(false)),
            ])
        )
    }

    /// The page config keys of §2.3 that do not depend on the request.
    static func commonConfig(files: LabFiles, configuration: ServerConfiguration) -> JSONObject {
        let base = configuration.baseURL
        let version = LabFiles.readJSON(files.staticDirectory + "/package.json")?.objectValue?["version"] ?? .string("")
        var root = configuration.root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        func full(_ path: String) -> JSONValue { .string(base + path) }
        var config = JSONObject([
            ("allow_hidden_files", .bool(configuration.allowHidden)), ("appName", "JupyterLab"), ("appNamespace", "lab"),
            ("appSettingsDir", .string(files.settingsDirectory)), ("appUrl", "/lab"), ("appVersion", version),
            ("baseUrl", .string(base)), ("buildAvailable", false), ("buildCheck", false), ("cacheFiles", false),
            ("copyAbsolutePath", false), ("delete_to_trash", true), ("devMode", false), ("disabledExtensions", .array([])),
            ("exposeAppInBrowser", false),
            ("extensionManager", .object(JSONObject([("can_install", false), ("install_path", ""), ("name", "readonly")]))),
            ("extraLabextensionsPath", .array([])), ("federated_extensions", files.federatedExtensionsConfig()),
            ("fullAppUrl", full("lab")), ("fullLabextensionsUrl", full("lab/extensions")),
            ("fullLicensesUrl", full("lab/api/licenses")), ("fullListingsUrl", full("lab/api/listings")),
            ("fullMathjaxUrl", "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"),
            ("fullSettingsUrl", full("lab/api/settings")), ("fullStaticUrl", full("static/lab")),
            ("fullThemesUrl", full("lab/api/themes")), ("fullTranslationsApiUrl", full("lab/api/translations")),
            ("fullTreeUrl", full("lab/tree")), ("fullWorkspacesApiUrl", full("lab/api/workspaces")), ("ignorePlugins", .array([])),
            ("labextensionsPath", .array(files.labextensionsPath.map(JSONValue.string))), ("labextensionsUrl", "/lab/extensions"),
            ("licensesUrl", "/lab/api/licenses"), ("listingsUrl", "/lab/api/listings"), ("mathjaxConfig", "TeX-AMS_HTML-full,Safe"),
            ("news", .object(JSONObject([("disabled", true)]))), ("notebookStartsKernel", true),
            ("notebookVersion", "[2, 21, 1]"), ("preferredPath", "/"), ("quitButton", false),
            ("rootUri", .string("file://" + URLPath.escape(root))), ("schemasDir", .string(files.schemasDirectory)),
            ("serverRoot", .string(root)), ("settingsUrl", "/lab/api/settings"), ("staticDir", .string(files.staticDirectory)),
            ("templatesDir", .string(files.staticDirectory)), ("terminalsAvailable", false),
            ("themesDir", .string(files.themesDirectory)), ("themesUrl", "/lab/api/themes"), ("token", .string(configuration.token)),
            ("translationsApiUrl", "/lab/api/translations"), ("treeUrl", "/lab/tree"),
            ("untracked_message_types", .array(untrackedMessageTypes.map(JSONValue.string))),
            ("userSettingsDir", .string(files.userSettingsDirectory)),
            ("virtualDocumentsUri", .string("file://" + URLPath.escape(root) + "/.virtual_documents")),
            ("workspacesApiUrl", "/lab/api/workspaces"), ("workspacesDir", .string(files.workspacesDirectory)), ("wsUrl", ""),
        ])
        if case .object(let extra)? = LabFiles.readJSON(files.settingsDirectory + "/page_config.json") {
            for (key, value) in extra.entries { config[key] = value }
        }
        config["disabledExtensions"] = .array(Self.disabledExtensions(config["disabledExtensions"]))
        return config
    }

    /// `disabledExtensions` as a list: page_config.json may give a list or a `{name: true}` map.
    static func disabledExtensions(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .array(let names)?: names
        case .object(let map)?: map.entries.filter { $0.value.isTruthy }.map { .string($0.key) }
        default: []
        }
    }

    /// Message types JupyterLab does not count as kernel activity.
    static let untrackedMessageTypes = [
        "comm_info_request", "comm_info_reply", "kernel_info_request", "kernel_info_reply", "shutdown_request",
        "shutdown_reply", "interrupt_request", "interrupt_reply", "debug_request", "debug_reply", "stream",
        "display_data", "update_display_data", "execute_input", "execute_result", "error", "status", "clear_output",
        "debug_event", "input_request", "input_reply",
    ]

    /// The page for a path relative to the base URL (`lab`, `lab/tree/x`, `doc/workspaces/w/tree/x`); nil when not a page.
    static func target(of relative: String) -> Target? {
        var segments = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let app = segments.first, app == "lab" || app == "doc" else { return nil }
        segments.removeFirst()
        var target = Target(singleDocument: app == "doc")
        if segments.first == "workspaces", segments.count >= 2 {
            let name = segments[1]
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
            target.workspace = name
            segments.removeFirst(2)
        }
        if segments.first == "tree" {
            target.treePath = URLPath.decode(segments.dropFirst().joined(separator: "/")) ?? ""
            segments.removeAll()
        }
        return segments.isEmpty ? target : nil
    }
}
