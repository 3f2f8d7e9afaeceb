// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension FileContentsStore {
    /// Saves a model as jupyter_server's `save` does: a notebook is written as nbformat writes it
    /// (an invalid one too, with the validation problem in the returned model's `message`) and gets
    /// a checkpoint on its first save; a file is written from `text` or `base64` content; a
    /// directory is created when missing. A request with `chunk` is one part of an upload.
    /// Every write is atomic: on failure the previous file is left whole.
    public func save(_ request: SaveRequest, at path: String) throws(ContentsError) -> ContentsModel {
        if request.chunk != nil { return try saveChunk(request, at: path) }
        guard let type = request.type else { throw ContentsError(.invalid, "No file type provided", path: path) }
        guard request.content != nil || type == .directory else {
            throw ContentsError(.invalid, "No file content provided", path: path)
        }
        let p = try resolveVisible(path, refusal: "Cannot create file or directory")
        if p.api.isEmpty && type != .directory {
            throw ContentsError(.invalid, "Cannot save a file at the root's own path", path: p.api)
        }
        var message: String?
        switch type {
        case .notebook:
            message = try saveNotebook(request.content, p)
            if try listCheckpoints(for: p.api).isEmpty { _ = try createCheckpoint(for: p.api) }
        case .file:
            try write(try fileBytes(request.content, format: request.format, p), p)
        case .directory:
            try saveDirectory(p)
        }
        var model = try get(p.api, options: GetOptions(content: false))
        model.message = message
        return model
    }

    /// jupyter_server's `new`: an empty notebook (`.ipynb` paths) or empty text file when the
    /// request has no content, else the request as given; returns the saved model.
    public func create(_ request: SaveRequest?, at path: String) throws(ContentsError) -> ContentsModel {
        var request = request ?? SaveRequest(type: nil)
        if request.type == nil { request.type = path.hasSuffix(".ipynb") ? .notebook : .file }
        if request.content == nil && request.type != .directory {
            if request.type == .notebook {
                request.content = .object(Notebook().json)
                request.format = .json
            } else {
                request.type = .file
                request.content = .string("")
                request.format = .text
            }
        }
        return try save(request, at: path)
    }

    /// Writes `bytes` to the entry with the configured (atomic) writer, following a final symbolic
    /// link to its target as jupyter_server's `atomic_writing` does.
    func write(_ bytes: [UInt8], _ p: RootedPath) throws(ContentsError) {
        if FileSystem.status(p.os, follow: true)?.isDirectory == true {
            throw ContentsError(.invalid, "\(p.api) is a directory", path: p.api)
        }
        do {
            try configuration.writer(bytes, p.os)
        } catch let error as NotebookFormatError {
            let denied = error.message.contains("Permission denied") || error.message.contains("Read-only")
            throw ContentsError(
                denied ? .forbidden : .io,
                denied ? "Permission denied: \(p.api)" : "Unexpected error while saving file: \(p.api) \(error.message)",
                path: p.api)
        } catch {
            throw ContentsError(.io, "Unexpected error while saving file: \(p.api) \(error)", path: p.api)
        }
    }

    /// Checks and writes a notebook; returns the validation message when it does not validate.
    private func saveNotebook(_ content: JSONValue?, _ p: RootedPath) throws(ContentsError) -> String? {
        var content = content ?? .null
        let trusted = NotebookTrust.checkCells(&content)
        let notebook: Notebook
        do throws(NotebookFormatError) {
            notebook = try Notebook(checking: content)
        } catch {
            throw ContentsError(.invalid, "Unexpected error while saving file: \(p.api) \(error.message)", path: p.api)
        }
        var repaired = notebook
        repaired.repairCellIDs()
        let bytes = notebook.fileBytes()
        try write(bytes, p)
        if trusted { configuration.trust?.sign(bytes) }
        return validationMessage(repaired)
    }

    /// The bytes of a file save: UTF-8 text or decoded base64.
    func fileBytes(_ content: JSONValue?, format: ContentsFormat?, _ p: RootedPath) throws(ContentsError) -> [UInt8] {
        guard format == .text || format == .base64 else {
            throw ContentsError(.invalid, "Must specify format of file contents as 'text' or 'base64'", path: p.api)
        }
        guard case .string(let text)? = content else {
            throw ContentsError(.invalid, "Encoding error saving \(p.api): content is not a string", path: p.api)
        }
        if format == .text { return Array(text.utf8) }
        guard text.unicodeScalars.allSatisfy(\.isASCII) else {
            throw ContentsError(.invalid, "Encoding error saving \(p.api): content is not ASCII", path: p.api)
        }
        do throws(ContentsError) {
            return try ContentsEncoding.decodeBase64(text)
        } catch {
            throw ContentsError(.invalid, "Encoding error saving \(p.api): \(error.message)", path: p.api)
        }
    }

    private func saveDirectory(_ p: RootedPath) throws(ContentsError) {
        guard let st = FileSystem.status(p.os, follow: true) else {
            try FileSystem.makeDirectory(p.os, path: p.api)
            return
        }
        if !st.isDirectory { throw ContentsError(.invalid, "Not a directory: \(p.api)", path: p.api) }
    }
}
