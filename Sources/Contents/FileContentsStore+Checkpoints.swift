// SPDX-License-Identifier: Apache-2.0

extension FileContentsStore {
    /// The folder, beside each file, that holds checkpoints (FileCheckpoints' `checkpoint_dir`).
    public static let checkpointDirectory = ".ipynb_checkpoints"
    /// The id of a file's one checkpoint.
    public static let checkpointID = "checkpoint"

    /// `dir/.ipynb_checkpoints/<base>-checkpoint<ext>` for `dir/<base><ext>` (the extension from
    /// the last dot, as `os.path.splitext`). Like FileCheckpoints, this creates the checkpoint
    /// folder when it is missing (quietly doing without when it cannot).
    func checkpointPath(_ id: String, for p: RootedPath) -> String {
        let name = p.name
        var base = name
        var ext = ""
        if let dot = name.lastIndex(of: "."), name[..<dot].contains(where: { $0 != "." }) {
            base = String(name[..<dot])
            ext = String(name[dot...])
        }
        let dir = p.os.dropLastSegment + "/" + Self.checkpointDirectory
        if FileSystem.status(dir, follow: true) == nil { try? FileSystem.makeDirectory(dir, path: "") }
        return dir + "/" + base + "-" + id + ext
    }

    private func checkpointModel(_ os: String) -> Checkpoint? {
        guard let st = FileSystem.status(os, follow: true), st.isRegular else { return nil }
        return Checkpoint(id: Self.checkpointID, lastModified: st.modified)
    }

    /// Copies the file to its checkpoint (bytes, permissions and times, as `shutil.copy2`).
    public func createCheckpoint(for path: String) throws(ContentsError) -> Checkpoint {
        let p = try resolveVisible(path, refusal: "Cannot checkpoint file or directory")
        guard let st = FileSystem.status(p.os, follow: true) else { throw ContentsError.doesNotExist(p.api) }
        guard st.isRegular else { throw ContentsError(.invalid, "Cannot checkpoint non-file \(p.api)", path: p.api) }
        let destination = checkpointPath(Self.checkpointID, for: p)
        try writeCopy(of: p.os, status: st, to: destination, path: p.api)
        guard let model = checkpointModel(destination) else { throw FileSystem.error("cannot read checkpoint", p.api) }
        return model
    }

    /// The file's checkpoint, when it has one.
    public func listCheckpoints(for path: String) throws(ContentsError) -> [Checkpoint] {
        let p = try resolve(path)
        return checkpointModel(checkpointPath(Self.checkpointID, for: p)).map { [$0] } ?? []
    }

    /// Replaces the file (atomically) with its checkpoint's bytes, permissions and times.
    public func restoreCheckpoint(_ id: String, for path: String) throws(ContentsError) {
        let p = try resolveVisible(path, refusal: "Cannot restore file or directory")
        let source = checkpointPath(id, for: p)
        guard id == Self.checkpointID, let st = FileSystem.status(source, follow: true), st.isRegular else {
            throw ContentsError(.notFound, "Checkpoint does not exist: \(p.api)@\(id)", path: p.api)
        }
        try writeCopy(of: source, status: st, to: p.os, path: p.api)
    }

    /// Deletes a checkpoint; `notFound` when there is none with that id.
    public func deleteCheckpoint(_ id: String, for path: String) throws(ContentsError) {
        let p = try resolve(path)
        let os = checkpointPath(id, for: p)
        guard id == Self.checkpointID, FileSystem.status(os)?.isRegular == true else {
            throw ContentsError(.notFound, "Checkpoint does not exist: \(p.api)@\(id)", path: p.api)
        }
        try FileSystem.removeTree(os, path: p.api)
    }

    /// Moves the checkpoint of `old` to be the checkpoint of `new` (after a rename).
    func renameCheckpoint(from old: RootedPath, to new: RootedPath) throws(ContentsError) {
        let source = checkpointPath(Self.checkpointID, for: old)
        guard FileSystem.status(source)?.isRegular == true else { return }
        try FileSystem.move(source, to: checkpointPath(Self.checkpointID, for: new), path: new.api)
    }

    /// Deletes the checkpoint of a deleted entry.
    func deleteAllCheckpoints(_ p: RootedPath) throws(ContentsError) {
        let os = checkpointPath(Self.checkpointID, for: p)
        if FileSystem.status(os)?.isRegular == true { try FileSystem.removeTree(os, path: p.api) }
    }

    private func writeCopy(of source: String, status: FileSystem.Status, to destination: String, path: String)
        throws(ContentsError)
    {
        let bytes = try FileSystem.read(source, path: path)
        do {
            try configuration.writer(bytes, destination)
        } catch {
            throw ContentsError(.io, "Unexpected error while copying \(path): \(error)", path: path)
        }
        FileSystem.copyStatus(status, to: destination)
    }
}
