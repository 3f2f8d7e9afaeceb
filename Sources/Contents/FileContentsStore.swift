// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat
import Synchronization

/// A `ContentsStore` over a directory tree, behaving as jupyter_server's `FileContentsManager`
/// (with `LargeFileManager`'s chunked uploads and `FileCheckpoints`), but safer: saves are atomic,
/// uploads are assembled beside the destination and renamed into place, and nothing resolving
/// outside the root (`..`, symbolic links) is served. See docs/contents.md for the differences.
public final class FileContentsStore: ContentsStore {
    /// Settings, with jupyter_server's defaults where it has the same setting.
    public struct Configuration: Sendable {
        /// Serve and write hidden files and directories (`allow_hidden`, default false).
        public var allowHidden: Bool
        /// Delete non-empty directories (`always_delete_dir`, default false). Deletion is permanent
        /// (jupyter_server with `delete_to_trash = False`), so non-empty directories are refused by default.
        public var alwaysDeleteDirectories: Bool
        /// Names left out of listings (`hide_globs`): exact names, `*suffix` and `prefix*` patterns.
        public var hiddenNamePatterns: [String]
        /// Writes a file's new bytes; the default is `FileIO.writeAtomically` (temporary file in the
        /// same directory, fsync, rename). Tests inject failing writers here.
        public var writer: @Sendable (_ bytes: [UInt8], _ osPath: String) throws -> Void
        /// Notebook trust (signing on save, `metadata.trusted` on read); nil leaves cells unmarked.
        public var trust: NotebookTrust?
        /// Move deleted entries to the desktop trash (`delete_to_trash`; jupyter_server's default is
        /// true, this store's false). When trashing fails, deletion proceeds as without it.
        public var deleteToTrash: Bool
        /// The environment whose `XDG_DATA_HOME` or `HOME` locates the trash.
        public var environment: [String: String]

        /// Settings with jupyter_server's defaults.
        public init(
            allowHidden: Bool = false, alwaysDeleteDirectories: Bool = false, trust: NotebookTrust? = nil,
            deleteToTrash: Bool = false, environment: [String: String] = [:],
            hiddenNamePatterns: [String] = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~"],
            writer: @escaping @Sendable (_ bytes: [UInt8], _ osPath: String) throws -> Void = { bytes, path in
                try FileIO.writeAtomically(bytes, to: path)
            }
        ) {
            self.allowHidden = allowHidden
            self.alwaysDeleteDirectories = alwaysDeleteDirectories
            self.hiddenNamePatterns = hiddenNamePatterns
            self.writer = writer
            self.trust = trust
            self.deleteToTrash = deleteToTrash
            self.environment = environment
        }
    }

    /// The root directory (absolute, as given).
    public let root: String
    /// The settings.
    public let configuration: Configuration
    let realRoot: String
    /// Uploads in progress, by API path.
    let uploads = Mutex<[String: Upload]>([:])

    /// A store rooted at an existing directory; throws `notFound` when it is not one.
    public init(root: String, configuration: Configuration = Configuration()) throws(ContentsError) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let real = FileSystem.realPath(trimmed), FileIO.isDirectory(real) else {
            throw ContentsError(.notFound, "\(root) is not a directory")
        }
        self.root = trimmed
        self.realRoot = real
        self.configuration = configuration
    }

    // MARK: - Paths

    func resolve(_ path: String) throws(ContentsError) -> RootedPath {
        try RootedPath(path, root: root, realRoot: realRoot)
    }

    /// Resolves and refuses hidden paths with `code` unless hidden files are allowed.
    func resolveVisible(_ path: String, refusal: String) throws(ContentsError) -> RootedPath {
        let resolved = try resolve(path)
        if !configuration.allowHidden && resolved.isHidden {
            throw ContentsError(.hidden, "\(refusal) \(pythonRepr(resolved.api))", path: resolved.api)
        }
        return resolved
    }

    /// True when `path` names a regular file.
    public func fileExists(_ path: String) -> Bool {
        guard let p = try? resolve(path) else { return false }
        return FileSystem.status(p.os, follow: true)?.isRegular == true
    }

    /// True when `path` names a directory.
    public func directoryExists(_ path: String) -> Bool {
        guard let p = try? resolve(path) else { return false }
        return FileSystem.status(p.os, follow: true)?.isDirectory == true
    }

    /// True when anything (even a dangling link) is at `path`.
    func exists(_ path: String) -> Bool {
        guard let p = try? resolve(path) else { return false }
        return FileSystem.status(p.os) != nil
    }

    /// True when `path` is hidden; a path outside the root counts as hidden.
    public func isHidden(_ path: String) -> Bool {
        guard let p = try? resolve(path) else { return true }
        return p.isHidden
    }

    // MARK: - Reading

    /// The model of a file, notebook or directory, as jupyter_server's `get`.
    public func get(_ path: String, options: GetOptions = GetOptions()) throws(ContentsError) -> ContentsModel {
        let p = try resolve(path)
        guard let st = FileSystem.status(p.os, follow: true) else { throw ContentsError.doesNotExist(p.api) }
        if !configuration.allowHidden && p.isHidden { throw ContentsError.doesNotExist(p.api) }
        if st.isDirectory {
            if let type = options.type, type != .directory {
                throw ContentsError(.invalid, "\(p.api) is a directory, not a \(type.rawValue)", path: p.api, reason: "bad type")
            }
            return try directoryModel(p, content: options.content)
        }
        if options.type == .notebook || (options.type == nil && p.api.hasSuffix(".ipynb")) {
            return try notebookModel(p, content: options.content, hash: options.hash)
        }
        if options.type == .directory { throw ContentsError(.invalid, "\(p.api) is not a directory", path: p.api, reason: "bad type") }
        return try fileModel(p, content: options.content, format: options.format, hash: options.hash)
    }

    func baseModel(_ p: RootedPath, type: ContentsType) throws(ContentsError) -> ContentsModel {
        guard let st = FileSystem.status(p.os) else { throw ContentsError.doesNotExist(p.api) }
        return ContentsModel(
            name: p.name, path: p.api, type: type, writable: FileSystem.isWritable(p.os), created: st.created,
            lastModified: st.modified, size: type == .directory ? nil : st.size, mimetype: nil)
    }

    private func directoryModel(_ p: RootedPath, content: Bool) throws(ContentsError) -> ContentsModel {
        var model = try baseModel(p, type: .directory)
        guard content else { return model }
        var entries: [ContentsModel] = []
        for name in try FileSystem.names(in: p.os, path: p.api) {
            guard let st = FileSystem.status(p.os + "/" + name), st.isLink || st.isRegular || st.isDirectory,
                isListed(name)
            else { continue }
            let childPath = p.api.isEmpty ? name : p.api + "/" + name
            // Entries that are hidden, or links that point outside the root or nowhere, are not listed.
            guard let child = try? resolve(childPath), configuration.allowHidden || !child.isHidden,
                let entry = try? get(childPath, options: GetOptions(content: false))
            else { continue }
            entries.append(entry)
        }
        model.content = .directory(entries)
        model.format = .json
        return model
    }

    private func isListed(_ name: String) -> Bool {
        !configuration.hiddenNamePatterns.contains { pattern in
            if pattern.hasPrefix("*") { return name.hasSuffix(pattern.dropFirst()) }
            if pattern.hasSuffix("*") { return name.hasPrefix(pattern.dropLast()) }
            return name == pattern
        }
    }

    private func fileModel(_ p: RootedPath, content: Bool, format: ContentsFormat?, hash: Bool) throws(ContentsError)
        -> ContentsModel
    {
        var model = try baseModel(p, type: .file)
        model.mimetype = ContentsEncoding.mimeType(forName: p.name)
        guard content || hash else { return model }
        let bytes = try readRegularFile(p)
        if content {
            if format != .base64, let text = String(validating: bytes, as: UTF8.self) {
                model.content = .text(text)
                model.format = .text
            } else if format == .text {
                throw ContentsError(.invalid, "\(p.api) is not UTF-8 encoded", path: p.api, reason: "bad format")
            } else {
                model.content = .base64(ContentsEncoding.base64Lines(bytes))
                model.format = .base64
            }
            if model.mimetype == nil { model.mimetype = model.format == .text ? "text/plain" : "application/octet-stream" }
        }
        if hash { setHash(&model, bytes) }
        return model
    }

    private func notebookModel(_ p: RootedPath, content: Bool, hash: Bool) throws(ContentsError) -> ContentsModel {
        var model = try baseModel(p, type: .notebook)
        guard content || hash else { return model }
        let bytes = try readRegularFile(p)
        if content {
            let notebook: Notebook
            do throws(NotebookFormatError) {
                notebook = try Notebook.read(from: bytes)
            } catch {
                throw ContentsError(.invalid, "Unreadable Notebook: \(p.api) \(error.message)", path: p.api)
            }
            var json = notebook.json
            if let trust = configuration.trust { NotebookTrust.markCells(&json, trusted: trust.isTrusted(bytes)) }
            model.content = .notebook(json)
            model.format = .json
            model.message = validationMessage(notebook)
        }
        if hash { setHash(&model, bytes) }
        return model
    }

    private func readRegularFile(_ p: RootedPath) throws(ContentsError) -> [UInt8] {
        guard FileSystem.status(p.os, follow: true)?.isRegular == true else {
            throw ContentsError(.invalid, "Cannot read non-file \(p.api)", path: p.api)
        }
        return try FileSystem.read(p.os, path: p.api)
    }

    private func setHash(_ model: inout ContentsModel, _ bytes: [UInt8]) {
        model.hash = SHA256.hexDigest(bytes)
        model.hashAlgorithm = "sha256"
    }

    /// jupyter_server's `validate_notebook_model` message, or nil when the notebook is valid:
    /// "Notebook validation failed: <first error>:\n<the offending JSON, indent 1>".
    func validationMessage(_ notebook: Notebook) -> String? {
        let issues: [ValidationIssue]
        do throws(NotebookFormatError) {
            issues = try notebook.validationIssues()
        } catch {
            return "Notebook validation failed: \(error.message)"
        }
        guard let first = issues.first(where: \.isError) else { return nil }
        var instance = JSONValue.object(notebook.json)
        for component in first.path.components {
            switch component {
            case .key(let key): instance = instance.objectValue?[key] ?? .null
            case .index(let i): instance = instance.arrayValue.flatMap { i < $0.count ? $0[i] : nil } ?? .null
            }
        }
        let json = PythonJSONWriter(indent: 1, sortKeys: false, asciiOnly: true).string(instance)
        return "Notebook validation failed: \(first.message) (at \(first.path)):\n\(json)"
    }
}
