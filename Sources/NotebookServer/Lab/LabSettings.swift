// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Synchronization

/// `/lab/api/settings`: every plugin's JSON schema (the app's and the federated extensions'),
/// with `overrides.json` applied to its defaults, and the user's JSON5 settings file beside it.
struct LabSettings: Sendable {
    /// One plugin's schema file and the version of the package it comes from.
    struct Plugin: Sendable {
        /// `<package>:<plugin>`.
        var id: String
        /// The schema file.
        var schemaFile: String
        /// The package's version.
        var version: JSONValue
    }

    /// The schemas read so far (installed schemas do not change while the server runs, as with
    /// jupyterlab_server, which also reads them once per extension load).
    final class Cache: Sendable {
        /// The plugin list, once found.
        let plugins = Mutex<[Plugin]?>(nil)
        /// Parsed schema files by path.
        let schemas = Mutex<[String: JSONValue]>([:])
    }

    /// The JupyterLab files.
    let files: LabFiles
    /// What was read from them.
    let cache = Cache()

    /// Every plugin with a schema, sorted by id (found once).
    func plugins() -> [Plugin] {
        if let known = cache.plugins.withLock({ $0 }) { return known }
        let found = findPlugins()
        cache.plugins.withLock { $0 = found }
        return found
    }

    /// A schema file's JSON (read once).
    func schema(_ file: String) -> JSONValue {
        if let known = cache.schemas.withLock({ $0[file] }) { return known }
        let schema = LabFiles.readJSON(file) ?? .object(JSONObject())
        cache.schemas.withLock { $0[file] = schema }
        return schema
    }

    /// Every plugin with a schema, sorted by id; the app's schemas win over extensions'.
    private func findPlugins() -> [Plugin] {
        var found: [String: Plugin] = [:]
        for extensionInfo in files.federatedExtensions().reversed() {
            let version = extensionInfo.package["version"] ?? .string("")
            let schemas = extensionInfo.directory + "/schemas/" + extensionInfo.name
            for plugin in Self.schemaFiles(in: schemas, package: extensionInfo.name, version: version) { found[plugin.id] = plugin }
        }
        for entry in LabFiles.directoryEntries(files.schemasDirectory) {
            let packages = entry.hasPrefix("@")
                ? LabFiles.directoryEntries(files.schemasDirectory + "/" + entry).map { entry + "/" + $0 } : [entry]
            for package in packages {
                let directory = files.schemasDirectory + "/" + package
                let version = LabFiles.readJSON(directory + "/package.json.orig")?.objectValue?["version"] ?? .string("")
                for plugin in Self.schemaFiles(in: directory, package: package, version: version) { found[plugin.id] = plugin }
            }
        }
        return found.values.sorted { $0.id < $1.id }
    }

    /// The `<plugin>.json` files of one package's schema directory.
    private static func schemaFiles(in directory: String, package: String, version: JSONValue) -> [Plugin] {
        LabFiles.directoryEntries(directory).filter { $0.hasSuffix(".json") && $0 != "package.json" }.map { file in
            Plugin(id: package + ":" + String(file.dropLast(".json".count)), schemaFile: directory + "/" + file, version: version)
        }
    }

    /// The plugin `id` names; nil when it has no schema.
    func plugin(_ id: String) -> Plugin? {
        guard case let (package, name)? = Self.split(id) else { return nil }
        return plugins().first { $0.id == package + ":" + name }
    }

    /// `@scope/pkg:plugin` as (`@scope/pkg`, `plugin`); nil when malformed or escaping.
    static func split(_ id: String) -> (String, String)? {
        guard let colon = id.lastIndex(of: ":") else { return nil }
        let package = String(id[..<colon])
        let name = String(id[id.index(after: colon)...])
        let parts = package.split(separator: "/", omittingEmptySubsequences: false) + [Substring(name)]
        guard !name.isEmpty, !package.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return (package, name)
    }

    /// The user's settings file of a plugin.
    func userFile(_ id: String) -> String? {
        guard case let (package, name)? = Self.split(id) else { return nil }
        return files.userSettingsDirectory + "/" + package + "/" + name + ".jupyterlab-settings"
    }

    /// `{"settings": [...]}`, or only the ids.
    func list(idsOnly: Bool) -> JSONValue {
        let plugins = plugins()
        if idsOnly {
            return .object(JSONObject([("settings", .array(plugins.map { .object(JSONObject([("id", .string($0.id))])) }))]))
        }
        let overrides = self.overrides()
        return .object(JSONObject([("settings", .array(plugins.map { entry($0, overrides: overrides, withWarning: true) }))]))
    }

    /// One plugin's entry; 404 when it has no schema.
    func get(_ id: String) throws(NotebookServerError) -> JSONValue {
        guard let plugin = plugin(id) else { throw NotebookServerError(.notFound, "Schema not found: \(id)") }
        return entry(plugin, overrides: overrides(), withWarning: false)
    }

    /// Saves `raw` (JSON5 text) as the plugin's user settings after checking it parses to an object.
    func put(_ id: String, raw: String) throws(NotebookServerError) {
        guard plugin(id) != nil, let file = userFile(id) else { throw NotebookServerError(.notFound, "Schema not found: \(id)") }
        let parsed: JSONValue
        do { parsed = try JSON5Reader.parse(raw) } catch {
            throw NotebookServerError(.badRequest, "Failed parsing JSON payload: \(error)")
        }
        guard case .object = parsed else {
            throw NotebookServerError(.badRequest, "Failed parsing JSON payload: the settings of \(id) must be an object")
        }
        try LabFiles.save(Array(raw.utf8), to: file)
    }

    /// The entry of one plugin: schema (with overridden defaults), version, raw and parsed user settings, times.
    private func entry(_ plugin: Plugin, overrides: JSONObject, withWarning: Bool) -> JSONValue {
        var schema = schema(plugin.schemaFile)
        if let override = overrides[plugin.id]?.objectValue { Self.apply(override, to: &schema) }
        let file = userFile(plugin.id)
        var raw = "{}"
        var settings = JSONValue.object(JSONObject())
        var times: (modified: String, created: String)?
        if let file, let text = LabFiles.readText(file) {
            raw = text
            times = LabFiles.times(file)
            if case .object(let parsed)? = try? JSON5Reader.parse(text) { settings = .object(parsed) }
        }
        var members: [(String, JSONValue)] = [
            ("id", .string(plugin.id)), ("schema", schema), ("version", plugin.version), ("raw", .string(raw)), ("settings", settings),
        ]
        if withWarning { members.append(("warning", .null)) }
        members += [("last_modified", times.map { .string($0.modified) } ?? .null), ("created", times.map { .string($0.created) } ?? .null)]
        return .object(JSONObject(members))
    }

    /// Quire's own default overrides: no "get notified about Jupyter news?" question, since
    /// `/lab/api/news` never has any.
    static let builtInOverrides = JSONObject([
        ("@jupyterlab/apputils-extension:notification", .object(JSONObject([("fetchNews", "false")])))
    ])

    /// The built-in overrides with `<app>/settings/overrides.json` (JSON5 allowed) over them, key by key.
    func overrides() -> JSONObject {
        var merged = Self.builtInOverrides
        guard let text = LabFiles.readText(files.settingsDirectory + "/overrides.json"),
            case .object(let object)? = try? JSON5Reader.parse(text)
        else { return merged }
        for (plugin, value) in object.entries {
            guard var keys = merged[plugin]?.objectValue, let extra = value.objectValue else {
                merged[plugin] = value
                continue
            }
            for (key, inner) in extra.entries { keys[key] = inner }
            merged[plugin] = .object(keys)
        }
        return merged
    }

    /// Sets each overridden key's `default` in the schema's `properties`.
    static func apply(_ override: JSONObject, to schema: inout JSONValue) {
        guard case .object(var object) = schema else { return }
        var properties = object["properties"]?.objectValue ?? JSONObject()
        for (key, value) in override.entries {
            var property = properties[key]?.objectValue ?? JSONObject()
            property["default"] = value
            properties[key] = .object(property)
        }
        object["properties"] = .object(properties)
        schema = .object(object)
    }
}
