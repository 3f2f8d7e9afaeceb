// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension FileContentsStore {
    /// Creates an untitled entry in `directory` as jupyter_server's `new_untitled`: `Untitled.ipynb`,
    /// `Untitled1.ipynb`...; `untitled` + `ext`, `untitled1` + `ext`...; `Untitled Folder`,
    /// `Untitled Folder 1`... The type defaults to notebook when `ext` is `.ipynb`, else file.
    public func newUntitled(in directory: String, type: ContentsType? = nil, ext: String = "") throws(ContentsError)
        -> ContentsModel
    {
        let dir = try resolve(directory)
        guard directoryExists(dir.api) else { throw ContentsError(.notFound, "No such directory: \(dir.api)", path: dir.api) }
        let type = type ?? (ext == ".ipynb" ? .notebook : .file)
        let name: String
        switch type {
        case .directory: name = uniqueName("Untitled Folder", in: dir.api, insert: " ")
        case .notebook: name = uniqueName("Untitled.ipynb", in: dir.api, insert: "")
        case .file: name = uniqueName("untitled" + ext, in: dir.api, insert: "")
        }
        return try create(SaveRequest(type: type), at: dir.api + "/" + name)
    }

    /// jupyter_server's `increment_filename`: the first of `name`, `base{insert}1.ext`,
    /// `base{insert}2.ext`... that does not exist in `directory`. The extension starts at the last
    /// dot for `.ipynb` names and at the first dot otherwise (`a.tar.gz` → `a-Copy1.tar.gz`).
    func uniqueName(_ name: String, in directory: String, insert: String) -> String {
        var base = name
        var suffix = ""
        if name.hasSuffix(".ipynb") {
            base = String(name.dropLast(6))
            suffix = ".ipynb"
        } else if let dot = name.firstIndex(of: ".") {
            base = String(name[..<dot])
            suffix = String(name[dot...])
        }
        var i = 0
        while true {
            let candidate = base + (i == 0 ? "" : insert + String(i)) + suffix
            if !exists(directory + "/" + candidate) { return candidate }
            i += 1
        }
    }

    /// `name` with every `-Copy<digits>.` turned back into `.` (jupyter_server's `copy_pat`).
    func originalName(_ name: String) -> String {
        let chars = Array(name)
        let marker = Array("-Copy")
        var out = ""
        var i = 0
        while i < chars.count {
            if i + marker.count <= chars.count, Array(chars[i..<i + marker.count]) == marker {
                var j = i + marker.count
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if j < chars.count, chars[j] == "." {
                    out.append(".")
                    i = j + 1
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// Copies a file as jupyter_server's `copy`: read as `get` reads it and saved again (a notebook
    /// is rewritten as nbformat writes it). Into a directory (the source's own when `destination` is
    /// nil) the copy is named `name-Copy1.ext` when `name.ext` is taken; to a file path it replaces
    /// what is there. A directory is copied recursively into a directory.
    public func copy(_ path: String, to destination: String? = nil) throws(ContentsError) -> ContentsModel {
        let from = try resolveVisible(path, refusal: "Cannot copy file or directory")
        let model = try get(from.api)
        let target = try destination.map { (d) throws(ContentsError) in try resolveVisible(d, refusal: "Cannot copy file or directory") }
        let toDirectory = target?.api ?? from.parent
        if model.type == .directory {
            guard directoryExists(toDirectory) else { throw ContentsError(.notFound, "No such directory: \(toDirectory)", path: toDirectory) }
            let name = uniqueName(originalName(from.name), in: toDirectory, insert: "-Copy")
            let to = try resolve(toDirectory + "/" + name)
            if to.api.hasPrefix(from.api + "/") {
                throw ContentsError(.invalid, "Can't copy '\(from.api)' into Folder '\(to.api)'", path: from.api)
            }
            try copyTree(from, to)
            return try get(to.api, options: GetOptions(content: false))
        }
        var toPath = toDirectory
        if directoryExists(toDirectory) {
            toPath = toDirectory + "/" + uniqueName(originalName(from.name), in: toDirectory, insert: "-Copy")
        } else if let target {
            if target.api.contains("/") && !directoryExists(target.parent) {
                throw ContentsError(.notFound, "No such parent directory: \(target.parent) to copy file in", path: target.parent)
            }
        } else {
            throw ContentsError(.notFound, "No such directory: \(toDirectory)", path: toDirectory)
        }
        let content: JSONValue
        switch model.content {
        case .notebook(let object)?: content = .object(object)
        case .text(let text)?, .base64(let text)?: content = .string(text)
        case .directory?, nil: content = .null
        }
        return try save(SaveRequest(type: model.type, format: model.format, content: content), at: toPath)
    }

    private func copyTree(_ from: RootedPath, _ to: RootedPath) throws(ContentsError) {
        guard let st = FileSystem.status(from.os, follow: true) else { return }
        if st.isDirectory {
            try FileSystem.makeDirectory(to.os, path: to.api)
            for name in try FileSystem.names(in: from.os, path: from.api) {
                // Links that lead outside the root are not followed.
                guard let child = try? resolve(from.api + "/" + name) else { continue }
                try copyTree(child, try resolve(to.api + "/" + name))
            }
            FileSystem.copyStatus(st, to: to.os)
        } else if st.isRegular {
            try write(try FileSystem.read(from.os, path: from.api), to)
            FileSystem.copyStatus(st, to: to.os)
        }
    }

    /// Renames or moves an entry and its checkpoint, as jupyter_server's `rename` and `update`;
    /// the destination's parent must exist and the destination must not.
    public func rename(_ path: String, to newPath: String) throws(ContentsError) -> ContentsModel {
        let old = try resolve(path)
        let new = try resolve(newPath)
        if old.api != new.api {
            if !configuration.allowHidden && (old.isHidden || new.isHidden) {
                throw ContentsError(.hidden, "Cannot rename file or directory \(pythonRepr(old.api))", path: old.api)
            }
            guard FileSystem.status(old.os) != nil else {
                throw ContentsError(.notFound, "File or directory does not exist: \(old.api)", path: old.api)
            }
            if FileSystem.status(new.os) != nil && FileSystem.realPath(new.os) != FileSystem.realPath(old.os) {
                throw ContentsError(.alreadyExists, "File already exists: \(new.api)", path: new.api)
            }
            if new.api.hasPrefix(old.api + "/") {
                throw ContentsError(.invalid, "Cannot move \(old.api) into itself", path: old.api)
            }
            guard FileSystem.status(new.os.dropLastSegment, follow: true)?.isDirectory == true else {
                throw ContentsError(.notFound, "File or directory does not exist: \(new.parent)", path: new.parent)
            }
            try FileSystem.move(old.os, to: new.os, path: old.api)
            try renameCheckpoint(from: old, to: new)
        }
        return try get(new.api, options: GetOptions(content: false))
    }

    /// Deletes a file, link or directory (to the trash with `deleteToTrash`, else permanently),
    /// then its checkpoint. Without the trash, a directory holding
    /// more than `.ipynb_checkpoints` is refused unless `alwaysDeleteDirectories` (jupyter_server
    /// with `delete_to_trash = False`); the root cannot be deleted.
    public func delete(_ path: String) throws(ContentsError) {
        let p = try resolve(path)
        if p.api.isEmpty { throw ContentsError(.invalid, "Can't delete root", path: p.api) }
        if !configuration.allowHidden && p.isHidden {
            throw ContentsError(.hidden, "Cannot delete file or directory \(pythonRepr(p.api))", path: p.api)
        }
        guard let st = FileSystem.status(p.os) else { throw ContentsError.doesNotExist(p.api) }
        if configuration.deleteToTrash {
            guard FileSystem.isWritable(p.os) else { throw ContentsError(.forbidden, "Permission denied: \(p.api)", path: p.api) }
            // When trashing fails, jupyter_server logs "Skipping trash" and deletes as without it.
            if (try? Trash(environment: configuration.environment).move(p.os)) != nil {
                try deleteAllCheckpoints(p)
                return
            }
        }
        if st.isDirectory {
            let names = try FileSystem.names(in: p.os, path: p.api)
            if !configuration.alwaysDeleteDirectories && names.contains(where: { $0 != Self.checkpointDirectory }) {
                throw ContentsError(.invalid, "Directory \(p.api) not empty", path: p.api)
            }
        }
        try FileSystem.removeTree(p.os, path: p.api)
        try deleteAllCheckpoints(p)
    }
}

extension String {
    /// The path without its last `/` segment.
    var dropLastSegment: String { lastIndex(of: "/").map { String(self[..<$0]) } ?? "" }
}
