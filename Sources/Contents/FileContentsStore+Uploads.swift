// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// An upload in progress: chunks are appended to a hidden temporary file beside the destination.
struct Upload: Sendable {
    /// The temporary file (OS path).
    var temporary: String
    /// When the last chunk arrived.
    var lastActivity: ContinuousClock.Instant
}

extension FileContentsStore {
    /// One chunk of a large-file upload (`LargeFileManager`'s `chunk`): 1 starts (discarding any
    /// unfinished upload to the same path), 2, 3... append, -1 appends and finishes. Chunks go to a
    /// hidden temporary file in the destination's directory, flushed and renamed over the
    /// destination by the final chunk, so the destination is never partial. A chunk that fails
    /// (bad encoding, write error) discards the whole upload.
    func saveChunk(_ request: SaveRequest, at path: String) throws(ContentsError) -> ContentsModel {
        guard let type = request.type else { throw ContentsError(.invalid, "No file type provided", path: path) }
        guard type == .file else {
            throw ContentsError(.invalid, "File type \"\(type.rawValue)\" is not supported for large file transfer", path: path)
        }
        guard request.content != nil else { throw ContentsError(.invalid, "No file content provided", path: path) }
        let p = try resolveVisible(path, refusal: "Cannot create file or directory")
        guard let chunk = request.chunk, chunk >= 1 || chunk == -1 else {
            throw ContentsError(.invalid, "Invalid chunk number \(request.chunk ?? 0) for \(p.api)", path: p.api)
        }
        if chunk == 1 {
            cancelUpload(at: p.api)
            guard FileSystem.status(p.os.dropLastSegment, follow: true)?.isDirectory == true else {
                throw ContentsError(.notFound, "No such directory: \(p.parent)", path: p.parent)
            }
            if FileSystem.status(p.os, follow: true)?.isDirectory == true {
                throw ContentsError(.invalid, "\(p.api) is a directory", path: p.api)
            }
            removeOrphanedTemporaries(beside: p)
            let temporary = try createTemporary(beside: p)
            uploads.withLock { $0[p.api] = Upload(temporary: temporary, lastActivity: .now) }
        }
        guard let upload = uploads.withLock({ $0[p.api] }) else {
            throw ContentsError(.invalid, "No upload in progress for \(p.api): send chunk 1 first", path: p.api)
        }
        do throws(ContentsError) {
            let bytes = try fileBytes(request.content, format: request.format, p)
            try append(bytes, to: upload.temporary, finish: chunk == -1, path: p.api)
            if chunk == -1 {
                try FileSystem.move(upload.temporary, to: p.os, path: p.api)
                uploads.withLock { _ = $0.removeValue(forKey: p.api) }
                return try get(p.api, options: GetOptions(content: false))
            }
        } catch {
            cancelUpload(at: p.api)
            throw error
        }
        uploads.withLock { $0[p.api]?.lastActivity = .now }
        // An unfinished upload: the destination's model, sized and timed as the bytes received so far.
        var model = try baseModel(try resolve(p.api.dropLastSegmentOrRoot), type: .file)
        if let st = FileSystem.status(upload.temporary) {
            model.size = st.size
            model.created = st.created
            model.lastModified = st.modified
        }
        model.name = p.name
        model.path = p.api
        model.mimetype = ContentsEncoding.mimeType(forName: p.name)
        return model
    }

    /// Abandons the upload to `path`, if one is in progress, removing its temporary file.
    public func cancelUpload(at path: String) {
        guard let p = try? resolve(path), let upload = uploads.withLock({ $0.removeValue(forKey: p.api) }) else { return }
        unlink(upload.temporary)
    }

    /// Abandons every upload whose last chunk arrived longer than `idle` before `now`; returns
    /// their API paths. The server calls this periodically (tests pass `now` instead of waiting).
    @discardableResult
    public func discardStaleUploads(idleLongerThan idle: Duration, now: ContinuousClock.Instant = .now) -> [String] {
        let stale = uploads.withLock { all in all.filter { now - $0.value.lastActivity > idle }.map(\.key) }
        for path in stale { cancelUpload(at: path) }
        return stale.sorted()
    }

    /// The API paths of the uploads in progress.
    public var uploadsInProgress: [String] { uploads.withLock { $0.keys.sorted() } }

    /// Removes temporary files of earlier uploads to the same name that no live upload owns (left
    /// behind when a previous process stopped mid-upload).
    private func removeOrphanedTemporaries(beside p: RootedPath) {
        let dir = p.os.dropLastSegment
        let prefix = ".~" + p.name + ".quire-upload-"
        let owned = Set(uploads.withLock { $0.values.map(\.temporary) })
        for name in (try? FileSystem.names(in: dir, path: p.parent)) ?? [] where name.hasPrefix(prefix) {
            let full = dir + "/" + name
            if !owned.contains(full), FileSystem.status(full)?.isRegular == true { unlink(full) }
        }
    }

    private func createTemporary(beside p: RootedPath) throws(ContentsError) -> String {
        let dir = p.os.dropLastSegment
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let candidate = dir + "/.~" + p.name + ".quire-upload-" + String(generator.next() as UInt32, radix: 16)
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                close(fd)
                return candidate
            }
            if errno != EEXIST { break }
        }
        throw FileSystem.error("cannot create a temporary upload file", p.api)
    }

    private func append(_ bytes: [UInt8], to os: String, finish: Bool, path: String) throws(ContentsError) {
        let fd = open(os, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error("cannot open the upload's temporary file", path) }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSystem.error("cannot write the upload", path)
            }
            offset += n
        }
        if finish && fsync(fd) != 0 { throw FileSystem.error("cannot flush the upload", path) }
    }
}

extension String {
    /// The parent API path ("" at the top).
    var dropLastSegmentOrRoot: String { dropLastSegment }
}

/// The POSIX `write`, which the store's own `write(_:_:)` hides inside its methods.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
