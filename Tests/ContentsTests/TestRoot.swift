// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contents
import NotebookFormat

/// A fresh temporary directory for one test, removed when the test drops it.
final class TestRoot {
    /// The directory's absolute path.
    let path: String

    /// Creates `/tmp/quire-contents-XXXXXX`.
    init() {
        var template = Array("/tmp/quire-contents-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: made!)
    }

    deinit { remove(path) }

    /// A store over the directory.
    func store(_ configuration: FileContentsStore.Configuration = .init()) throws -> FileContentsStore {
        try FileContentsStore(root: path, configuration: configuration)
    }

    /// Writes a file (creating parent folders).
    func write(_ relative: String, _ text: String) {
        writeBytes(relative, Array(text.utf8))
    }

    /// Writes raw bytes (creating parent folders).
    func writeBytes(_ relative: String, _ bytes: [UInt8]) {
        let full = path + "/" + relative
        if let slash = full.lastIndex(of: "/") { try? FileIO.makeDirectories(String(full[..<slash])) }
        try! FileIO.writeAtomically(bytes, to: full, durable: false)
    }

    /// Creates a directory (and parents).
    func mkdir(_ relative: String) { try! FileIO.makeDirectories(path + "/" + relative) }

    /// A file's text, or nil when it does not exist.
    func read(_ relative: String) -> String? {
        guard let bytes = try? FileIO.readBytes(path + "/" + relative) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when something (even a dangling link) is at `relative`.
    func exists(_ relative: String) -> Bool {
        var st = stat()
        return lstat(path + "/" + relative, &st) == 0
    }

    /// The sorted names in a directory, hidden ones included.
    func names(_ relative: String = "") -> [String] {
        guard let dir = opendir(relative.isEmpty ? path : path + "/" + relative) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Makes a symbolic link at `relative` pointing to `target`.
    func symlink(_ target: String, at relative: String) {
        makeSymlink(target, path + "/" + relative)
    }

    private func remove(_ full: String) {
        var st = stat()
        guard lstat(full, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            _ = chmod(full, 0o755)
            if let dir = opendir(full) {
                var names: [String] = []
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(dir)
                for name in names { remove(full + "/" + name) }
            }
            rmdir(full)
        } else {
            unlink(full)
        }
    }
}

private func makeSymlink(_ target: String, _ path: String) { _ = symlink(target, path) }
