// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's new contents, ready to be put in place (`FileIO.prepareReplacement`, then `commit()`):
/// the work that needs no change on disk (where the file really is, which permissions it keeps) is
/// done ahead, on any thread, so that committing in the caller's order is only the replacement.
public struct PreparedReplacement: Sendable {
    /// The path as given (for messages).
    public let path: String
    let target: ReplacementTarget
    let bytes: [UInt8]
    let durable: Bool

    /// Replaces the file atomically, as `FileIO.writeAtomically` does. On failure the file is as it was.
    public func commit() throws(NotebookFormatError) {
        try FileIO.replaceThroughNamedFile(bytes, target: target, path: path, durable: durable)
    }
}

/// Where a replacement goes: the file itself (a symbolic link's target), its folder and name, and
/// the permissions to give the new file (the old file's, or 0644 for a new one).
struct ReplacementTarget: Sendable {
    let directory: String
    let name: String
    let mode: mode_t

    /// The full path of the file replaced.
    var file: String { directory + "/" + name }
}

extension FileIO {
    /// Prepares replacing `path` with `bytes` (see `PreparedReplacement`); changes nothing on disk.
    public static func prepareReplacement(_ bytes: [UInt8], for path: String, durable: Bool = true) -> PreparedReplacement {
        PreparedReplacement(path: path, target: replacementTarget(for: path), bytes: bytes, durable: durable)
    }

    /// The file a replacement of `path` goes to: one `lstat` says whether `path` is a link and,
    /// when it is not, the mode to keep.
    static func replacementTarget(for path: String) -> ReplacementTarget {
        var mode: mode_t = 0o644
        var st = stat()
        var file = path
        if lstat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFLNK {
                if let resolved = realpath(path, nil) {
                    file = String(cString: resolved)
                    free(resolved)
                }
                if stat(path, &st) == 0 { mode = st.st_mode & 0o7777 }
            } else {
                mode = st.st_mode & 0o7777
            }
        }
        let (directory, name) = split(file)
        return ReplacementTarget(directory: directory, name: name, mode: mode)
    }

    /// Writes `bytes` to a new file beside the target, then renames it over the target; on any
    /// failure the new file is removed and the target left as it was.
    static func replaceThroughNamedFile(
        _ bytes: [UInt8], target: ReplacementTarget, path: String, durable: Bool
    ) throws(NotebookFormatError) {
        var temporary = ""
        var fd: Int32 = -1
        for attempt in 0..<100 {
            temporary = temporaryName(in: target, attempt: attempt)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, target.mode)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw ioError("cannot create a temporary file beside it", path) }
        do throws(NotebookFormatError) {
            try writeAll(bytes, to: fd, path: path)
            guard !durable || fsync(fd) == 0 else { throw ioError("cannot flush to disk", path) }
            keepMode(fd, target.mode)
            guard close(fd) == 0 else { fd = -1; throw ioError("cannot close", path) }
            fd = -1
            guard rename(temporary, target.file) == 0 else { throw ioError("cannot replace", path) }
        } catch {
            if fd >= 0 { close(fd) }
            unlink(temporary)
            throw error
        }
        if durable { syncDirectory(target.directory) }
    }

    /// A hidden temporary name beside the target, unique to this process and attempt.
    private static func temporaryName(in target: ReplacementTarget, attempt: Int) -> String {
        target.directory + "/." + target.name + ".quire-\(processID)-\(attempt).tmp"
    }

    /// Gives the new file exactly `mode`, when creating it under the umask did not.
    private static func keepMode(_ fd: Int32, _ mode: mode_t) {
        if let umask = processUmask, mode & ~0o777 == 0, mode & umask == 0 { return }
        _ = fchmod(fd, mode)
    }

    /// Flushes a folder's entries to disk (after a rename in it).
    static func syncDirectory(_ directory: String) {
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        guard dirFD >= 0 else { return }
        _ = fsync(dirFD)
        close(dirFD)
    }

    /// The process's file mode creation mask, from /proc/self/status (read once; `nil` where that
    /// is unavailable, and then the mode is always set explicitly). Quire never changes its umask.
    private static let processUmask: mode_t? = {
        guard let status = try? readBytes("/proc/self/status") else { return nil }
        let text = String(decoding: status, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }) else { return nil }
        return mode_t(String(line.dropFirst("Umask:".count).filter { $0 != " " && $0 != "\t" }), radix: 8)
    }()
}
