// SPDX-License-Identifier: Apache-2.0

import Contents
import Foundation
import Kernels
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where JupyterLab's files are: the application directory of the Python environment
/// (`<prefix>/share/jupyter/lab`), the lab extension directories, the user's settings and
/// workspaces, and jupyter_server's favicons.
struct LabFiles: Sendable {
    /// `<prefix>/share/jupyter/lab`.
    let appDirectory: String
    /// Every `labextensions` data directory, highest priority first.
    let labextensionsPath: [String]
    /// Where user settings are saved (`$JUPYTERLAB_SETTINGS_DIR`, else `<config dir>/lab/user-settings`).
    let userSettingsDirectory: String
    /// Where workspaces are saved (`$JUPYTERLAB_WORKSPACES_DIR`, else `<config dir>/lab/workspaces`).
    let workspacesDirectory: String
    /// jupyter_server's `static/favicons`, when found in the environment's site-packages.
    let faviconsDirectory: String?

    /// The files of `configuration`'s Python environment; throws when JupyterLab is not installed there.
    init(configuration: ServerConfiguration) throws(NotebookServerError) {
        guard let python = configuration.python else {
            throw NotebookServerError(
                .configuration,
                "quire lab needs a Python environment with JupyterLab (none was found); `pip install jupyterlab` in the project's .venv (or `make run`) provides it"
            )
        }
        let app = python.prefix + "/share/jupyter/lab"
        guard FileIO.exists(app + "/static/index.html") else {
            throw NotebookServerError(
                .configuration,
                "JupyterLab's front-end is missing: \(app)/static/index.html does not exist; `pip install jupyterlab` in \(python.prefix) (or `make run`) provides it"
            )
        }
        appDirectory = app
        labextensionsPath = configuration.paths.dataPath("labextensions")
        let env = configuration.environment
        userSettingsDirectory = env["JUPYTERLAB_SETTINGS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? configuration.configDirectory + "/lab/user-settings"
        workspacesDirectory = env["JUPYTERLAB_WORKSPACES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? configuration.configDirectory + "/lab/workspaces"
        faviconsDirectory = Self.sitePackages(prefix: python.prefix)
            .map { $0 + "/jupyter_server/static/favicons" }
            .first { FileIO.isDirectory($0) }
    }

    /// `<app>/static`.
    var staticDirectory: String { appDirectory + "/static" }
    /// `<app>/themes`.
    var themesDirectory: String { appDirectory + "/themes" }
    /// `<app>/schemas`.
    var schemasDirectory: String { appDirectory + "/schemas" }
    /// `<app>/settings`.
    var settingsDirectory: String { appDirectory + "/settings" }

    /// `<prefix>/lib/python*/site-packages`, newest name last.
    static func sitePackages(prefix: String) -> [String] {
        let lib = prefix + "/lib"
        return directoryEntries(lib).filter { $0.hasPrefix("python") }.sorted().map { lib + "/" + $0 + "/site-packages" }
    }

    /// The installed federated extensions, first directory wins: (package name, its directory, package.json).
    func federatedExtensions() -> [(name: String, directory: String, package: JSONObject)] {
        var found: [(name: String, directory: String, package: JSONObject)] = []
        var seen: Set<String> = []
        for root in labextensionsPath {
            var candidates: [String] = []
            for entry in Self.directoryEntries(root).sorted() {
                if entry.hasPrefix("@") {
                    candidates += Self.directoryEntries(root + "/" + entry).sorted().map { entry + "/" + $0 }
                } else {
                    candidates.append(entry)
                }
            }
            for relative in candidates {
                let directory = root + "/" + relative
                guard case .object(let package)? = Self.readJSON(directory + "/package.json"),
                    let name = package["name"]?.stringValue, !seen.contains(name),
                    package["jupyterlab"]?.objectValue?["_build"]?.objectValue != nil
                else { continue }
                seen.insert(name)
                found.append((name, directory, package))
            }
        }
        return found
    }

    /// The page config's `federated_extensions`: each extension's `jupyterlab._build` plus its name.
    func federatedExtensionsConfig() -> JSONValue {
        .array(
            federatedExtensions().map { installed in
                var build = installed.package["jupyterlab"]?.objectValue?["_build"]?.objectValue ?? JSONObject()
                build["name"] = .string(installed.name)
                return .object(build)
            }
        )
    }

    /// The names in a directory (none when it cannot be read).
    static func directoryEntries(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// A file parsed as JSON; nil when missing or malformed.
    static func readJSON(_ path: String) -> JSONValue? {
        guard let bytes = try? FileIO.readBytes(path) else { return nil }
        return try? JSONParser.parse(bytes)
    }

    /// A file's text; nil when missing.
    static func readText(_ path: String) -> String? {
        guard let bytes = try? FileIO.readBytes(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A file's modification and change times as `…+00:00` strings (jupyterlab_server's form), nil when missing.
    static func times(_ path: String) -> (modified: String, created: String)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
            let m = st.st_mtimespec, c = st.st_ctimespec
        #else
            let m = st.st_mtim, c = st.st_ctim
        #endif
        let modified = ContentsTimestamp(seconds: Int(m.tv_sec), nanoseconds: Int(m.tv_nsec))
        let created = ContentsTimestamp(seconds: Int(c.tv_sec), nanoseconds: Int(c.tv_nsec))
        return (offsetFormat(modified), offsetFormat(created))
    }

    /// `2026-11-22T03:33:01.123456+00:00`.
    static func offsetFormat(_ time: ContentsTimestamp) -> String {
        String(time.isoformat.dropLast()) + "+00:00"
    }

    /// Writes `bytes` to `path` atomically, creating its directory.
    static func save(_ bytes: [UInt8], to path: String) throws(NotebookServerError) {
        do {
            if let slash = path.lastIndex(of: "/") { try FileSystemSupport.makeDirectories(String(path[..<slash])) }
            try FileIO.writeAtomically(bytes, to: path)
        } catch {
            throw NotebookServerError(.internalError, "Could not save \(path): \(error)")
        }
    }
}
