// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NotebookFormat

/// The POSIX calls the file store needs, each turning `errno` into a `ContentsError` that names the
/// API path (never the OS path, so errors do not reveal where the root is).
enum FileSystem {
    /// What `lstat` says about an entry.
    struct Status {
        var kind: mode_t
        var size: Int
        var mode: mode_t
        var modified: ContentsTimestamp
        var created: ContentsTimestamp
        var accessed: timespec
        var modifiedSpec: timespec
        var isDirectory: Bool { kind == S_IFDIR }
        var isRegular: Bool { kind == S_IFREG }
        var isLink: Bool { kind == S_IFLNK }
    }

    /// `lstat` (or `stat` when `follow`), nil when nothing is there.
    static func status(_ os: String, follow: Bool = false) -> Status? {
        var st = stat()
        guard (follow ? stat(os, &st) : lstat(os, &st)) == 0 else { return nil }
        #if canImport(Darwin)
        let m = st.st_mtimespec, b = st.st_birthtimespec
        let birth = b.tv_sec > 0 ? b : st.st_ctimespec
        let a = st.st_atimespec
        #else
        let m = st.st_mtim, birth = st.st_ctim, a = st.st_atim
        #endif
        return Status(
            kind: st.st_mode & S_IFMT, size: Int(st.st_size), mode: st.st_mode & 0o7777,
            modified: ContentsTimestamp(seconds: Int(m.tv_sec), nanoseconds: Int(m.tv_nsec)),
            created: ContentsTimestamp(seconds: Int(birth.tv_sec), nanoseconds: Int(birth.tv_nsec)),
            accessed: a, modifiedSpec: m)
    }

    /// True when this process may write `os` (`os.access(W_OK)`).
    static func isWritable(_ os: String) -> Bool { access(os, W_OK) == 0 }

    /// True when a directory can be listed and entered; jupyter_core counts other directories as hidden.
    static func isListable(_ os: String) -> Bool { access(os, R_OK | X_OK) == 0 }

    /// The canonical absolute path with every symbolic link resolved, nil when it does not exist.
    static func realPath(_ os: String) -> String? {
        guard let resolved = realpath(os, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The names in a directory (without `.` and `..`), sorted by code point.
    static func names(in os: String, path: String) throws(ContentsError) -> [String] {
        guard let dir = opendir(os) else { throw error("cannot list directory", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// All bytes of a file.
    static func read(_ os: String, path: String) throws(ContentsError) -> [UInt8] {
        do throws(NotebookFormatError) {
            return try FileIO.readBytes(os)
        } catch {
            throw ContentsError(errno == EACCES || errno == EPERM ? .forbidden : .io,
                                errno == EACCES || errno == EPERM ? "Permission denied: \(path)" : "Cannot read \(path): \(error.message)",
                                path: path)
        }
    }

    /// Creates one directory (mode 777 less the umask, as `os.mkdir`).
    static func makeDirectory(_ os: String, path: String) throws(ContentsError) {
        guard mkdir(os, 0o777) == 0 else { throw error("cannot create directory", path) }
    }

    /// Renames `from` to `to` (same file system).
    static func move(_ from: String, to: String, path: String) throws(ContentsError) {
        guard rename(from, to) == 0 else { throw error("Unknown error renaming file", path) }
    }

    /// Removes a file, a symbolic link (not its target) or a whole directory tree.
    static func removeTree(_ os: String, path: String) throws(ContentsError) {
        guard let st = status(os) else { return }
        if st.isDirectory {
            for name in try names(in: os, path: path) { try removeTree(os + "/" + name, path: path + "/" + name) }
            guard rmdir(os) == 0 else { throw error("cannot remove directory", path) }
        } else {
            guard unlink(os) == 0 else { throw error("cannot remove", path) }
        }
    }

    /// Sets a file's permission bits and access and modification times (`shutil.copystat`).
    static func copyStatus(_ st: Status, to os: String) {
        _ = chmod(os, st.mode)
        let times = [st.accessed, st.modifiedSpec]
        _ = times.withUnsafeBufferPointer { utimensat(AT_FDCWD, os, $0.baseAddress, 0) }
    }

    /// An error from the current `errno`: permission problems become `forbidden`, a missing
    /// entry `notFound`, anything else `io`.
    static func error(_ what: String, _ path: String) -> ContentsError {
        let code = errno
        switch code {
        case EACCES, EPERM, EROFS: return ContentsError(.forbidden, "Permission denied: \(path)", path: path)
        case ENOENT: return ContentsError(.notFound, "No such file or directory: \(path)", path: path)
        default: return ContentsError(.io, "\(what): \(path): \(String(cString: strerror(code)))", path: path)
        }
    }
}
