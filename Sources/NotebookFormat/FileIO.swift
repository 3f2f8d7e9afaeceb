// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File reading and crash-safe writing, so that no command ever leaves a half-written file.
public enum FileIO {
    /// All bytes of a file, or of standard input when `path` is `"-"`.
    public static func readBytes(_ path: String) throws(NotebookFormatError) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("cannot open for reading", path) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var st = stat()
        let known = fstat(fd, &st) == 0
        if known, (st.st_mode & S_IFMT) == S_IFDIR {
            throw NotebookFormatError(.io, "is a directory", file: path)
        }
        // Read straight into the result, sized for the whole file plus one byte: a regular file
        // is then read in one call, which comes back short at its end.
        let regular = known && (st.st_mode & S_IFMT) == S_IFREG
        var result = [UInt8](repeating: 0, count: max(Int(st.st_size) + 1, 1 << 12))
        var filled = 0
        while true {
            if filled == result.count { result += repeatElement(0, count: result.count) }
            let wanted = result.count - filled
            let n = result.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress.map { $0 + filled }, wanted)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot read", path)
            }
            if n == 0 { break }
            filled += n
            if regular && n < wanted { break }
        }
        result.removeSubrange(filled...)
        return result
    }

    /// Writes `bytes` to standard output.
    public static func writeStandardOutput(_ bytes: [UInt8]) throws(NotebookFormatError) {
        try writeAll(bytes, to: STDOUT_FILENO, path: "<stdout>")
    }

    /// Writes `bytes` to standard error, ignoring failures (there is nowhere left to report them).
    public static func writeStandardError(_ bytes: [UInt8]) {
        try? writeAll(bytes, to: STDERR_FILENO, path: "<stderr>")
    }

    /// Replaces `path` with `bytes` atomically: the bytes go to a new file in the same folder, which
    /// is flushed to disk (unless `durable` is false) and then renamed over `path`. On any failure
    /// the temporary file is removed and the previous contents of `path` are untouched. An existing
    /// file's permissions are kept, and a symbolic link stays a link (its target is replaced).
    ///
    /// Without `durable`, readers and crashes of this process still see either the old or the new
    /// file, never a half-written one; only a power loss right after the call may lose the change
    /// (on file systems that do not order the data before the rename, unlike ext4's default).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, durable: Bool = true) throws(NotebookFormatError) {
        try replaceThroughNamedFile(bytes, target: replacementTarget(for: path), path: path, durable: durable)
    }

    /// True when `path` names a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// Every `*.ipynb` file below `directory`, sorted, skipping hidden folders and `.ipynb_checkpoints`.
    public static func notebooks(under directory: String) -> [String] {
        var found: [String] = []
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if isDirectory(full) {
                found += notebooks(under: full)
            } else if name.hasSuffix(".ipynb") {
                found.append(full)
            }
        }
        return found.sorted()
    }

    /// Writes all of `bytes` to `fd`, retrying short and interrupted writes.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(NotebookFormatError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("cannot write", path)
            }
            offset += n
        }
    }

    /// This process's id, for temporary file names (asked once).
    static let processID = getpid()

    /// A path's folder (`.` when it has none) and last component.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    /// An I/O error for `path`, with the system's reason for the last failure.
    static func ioError(_ what: String, _ path: String) -> NotebookFormatError {
        let reason = String(cString: strerror(errno))
        return NotebookFormatError(.io, "\(what): \(reason)", file: path)
    }
}
