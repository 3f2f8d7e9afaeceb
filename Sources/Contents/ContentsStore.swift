// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// Storage for the Jupyter contents API: what jupyter_server's `ContentsManager` does, without HTTP.
/// Paths are API paths (`/`-separated, relative to the store's root; leading and trailing `/` ignored).
/// Every failure is a `ContentsError`.
///
///     let store = try FileContentsStore(root: "/home/me/notebooks")
///     let model = try await store.newUntitled(in: "", type: .notebook)   // Untitled.ipynb
public protocol ContentsStore: Sendable {
    /// The model of a file, notebook or directory (`GET /api/contents/{path}`).
    func get(_ path: String, options: GetOptions) async throws(ContentsError) -> ContentsModel
    /// Saves a notebook, file or directory, or one chunk of an upload; returns the model without content.
    func save(_ request: SaveRequest, at path: String) async throws(ContentsError) -> ContentsModel
    /// jupyter_server's `new`: saves `request`, or an empty notebook or text file when it has no content.
    func create(_ request: SaveRequest?, at path: String) async throws(ContentsError) -> ContentsModel
    /// Creates `Untitled.ipynb`, `untitled.txt` or `Untitled Folder` (numbered when taken) in a directory.
    func newUntitled(in directory: String, type: ContentsType?, ext: String) async throws(ContentsError) -> ContentsModel
    /// Renames or moves a file or directory and its checkpoints; returns the new model without content.
    func rename(_ path: String, to newPath: String) async throws(ContentsError) -> ContentsModel
    /// Copies a file (or directory) into a directory (`name-Copy1.ext`) or to a file path.
    func copy(_ path: String, to destination: String?) async throws(ContentsError) -> ContentsModel
    /// Deletes a file or directory and its checkpoints.
    func delete(_ path: String) async throws(ContentsError)
    /// True when `path` names a regular file.
    func fileExists(_ path: String) async -> Bool
    /// True when `path` names a directory.
    func directoryExists(_ path: String) async -> Bool
    /// True when `path` is hidden (a segment starts with `.`, or an unlistable directory).
    func isHidden(_ path: String) async -> Bool
    /// Takes the file's checkpoint (replacing the previous one).
    func createCheckpoint(for path: String) async throws(ContentsError) -> Checkpoint
    /// The file's checkpoints (none or one).
    func listCheckpoints(for path: String) async throws(ContentsError) -> [Checkpoint]
    /// Puts the checkpoint's bytes back into the file.
    func restoreCheckpoint(_ id: String, for path: String) async throws(ContentsError)
    /// Deletes a checkpoint.
    func deleteCheckpoint(_ id: String, for path: String) async throws(ContentsError)
}

/// The query parameters of a contents `GET`.
public struct GetOptions: Sendable, Equatable {
    /// Include the content (`content=1`, the default).
    public var content: Bool
    /// The type to read the entry as (`type=`); nil lets the store choose from the name.
    public var type: ContentsType?
    /// `text` or `base64` for files (`format=`); nil tries text, then base64.
    public var format: ContentsFormat?
    /// Include `hash` and `hash_algorithm` (`hash=1`).
    public var hash: Bool

    /// Options with jupyter_server's defaults.
    public init(content: Bool = true, type: ContentsType? = nil, format: ContentsFormat? = nil, hash: Bool = false) {
        self.content = content
        self.type = type
        self.format = format
        self.hash = hash
    }
}

/// The body of a contents `PUT` (a model to save), decoded but not yet checked.
public struct SaveRequest: Sendable, Equatable {
    /// `type`; nil when absent (saving then fails with "No file type provided").
    public var type: ContentsType?
    /// `format` of a file's content; nil when absent or not `text`/`base64`.
    public var format: ContentsFormat?
    /// `content`: a notebook object, or a string for files; nil when absent.
    public var content: JSONValue?
    /// `chunk` of an upload: 1 starts, 2... continue, -1 finishes; nil for a whole save.
    public var chunk: Int?

    /// A request with every field given.
    public init(type: ContentsType?, format: ContentsFormat? = nil, content: JSONValue? = nil, chunk: Int? = nil) {
        self.type = type
        self.format = format
        self.content = content
        self.chunk = chunk
    }

    /// Decodes a request body; an unknown `type` counts as `file`, as jupyter_server's handler does.
    public init(json: JSONObject) {
        let typeName = json["type"]?.stringValue
        type = typeName.map { ContentsType(rawValue: $0) ?? .file }
        format = json["format"]?.stringValue.flatMap(ContentsFormat.init(rawValue:))
        content = json["content"].flatMap { $0.isNull ? nil : $0 }
        chunk = json["chunk"]?.intValue
    }
}
