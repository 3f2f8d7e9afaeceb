// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `/lab/api/workspaces`: JupyterLab's saved layouts, one `<name>.jupyterlab-workspace` JSON
/// file each; the data is opaque, the metadata gets the file's times when read.
struct LabWorkspaces: Sendable {
    /// Where the files live.
    let directory: String
    /// The file name suffix.
    static let fileExtension = ".jupyterlab-workspace"

    /// The file of a workspace; names are letters, digits, `-` and `_` (upstream's route pattern).
    func file(_ name: String) throws(NotebookServerError) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw NotebookServerError(.badRequest, "Invalid workspace name: \(name)")
        }
        return directory + "/" + name + Self.fileExtension
    }

    /// `{"workspaces": {"ids": [...], "values": [...]}}`, sorted by id.
    func list() -> JSONValue {
        var found: [(id: JSONValue, value: JSONValue)] = []
        for entry in LabFiles.directoryEntries(directory).sorted() where entry.hasSuffix(Self.fileExtension) {
            guard let value = Self.load(directory + "/" + entry), let id = value.objectValue?["metadata"]?.objectValue?["id"] else { continue }
            found.append((id, value))
        }
        return .object(
            JSONObject([("workspaces", .object(JSONObject([("ids", .array(found.map(\.id))), ("values", .array(found.map(\.value)))])))])
        )
    }

    /// The stored workspace, or an empty one whose id is `/<name>`.
    func get(_ name: String) throws(NotebookServerError) -> JSONValue {
        if let value = Self.load(try file(name)) { return value }
        return .object(JSONObject([("data", .object(JSONObject())), ("metadata", .object(JSONObject([("id", .string("/" + name))])))]))
    }

    /// Saves a workspace whose `metadata.id` is the name (a leading `/` optional).
    func put(_ name: String, _ workspace: JSONObject) throws(NotebookServerError) {
        let path = try file(name)
        guard let id = workspace["metadata"]?.objectValue?["id"]?.stringValue else {
            throw NotebookServerError(.badRequest, "Workspace metadata ID mismatch: expected '\(name)' got none")
        }
        let decoded = URLPath.decode(id) ?? id
        guard decoded == name || decoded == "/" + name else {
            throw NotebookServerError(.badRequest, "Workspace metadata ID mismatch: expected '\(name)' got '\(id)'")
        }
        try LabFiles.save(PythonJSONWriter(indent: nil, sortKeys: false).bytes(.object(workspace)), to: path)
    }

    /// Deletes a workspace; 404 when there is none.
    func delete(_ name: String) throws(NotebookServerError) {
        let path = try file(name)
        guard FileIO.exists(path) else { throw NotebookServerError(.notFound, "Workspace '\(name)' not found") }
        guard unlink(path) == 0 else {
            throw NotebookServerError(.internalError, "Could not delete workspace '\(name)': \(String(cString: strerror(errno)))")
        }
    }

    /// A workspace file with its metadata's `last_modified` and `created` set from the file.
    static func load(_ path: String) -> JSONValue? {
        guard case .object(var workspace)? = LabFiles.readJSON(path) else { return nil }
        var metadata = workspace["metadata"]?.objectValue ?? JSONObject()
        if let times = LabFiles.times(path) {
            metadata["last_modified"] = .string(times.modified)
            metadata["created"] = .string(times.created)
        }
        workspace["metadata"] = .object(metadata)
        return .object(workspace)
    }
}
