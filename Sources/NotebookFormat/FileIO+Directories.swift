// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIO {
    /// Creates `path` and any missing parent folders (mode 755, as nbconvert's writer does).
    public static func makeDirectories(_ path: String) throws(NotebookFormatError) {
        guard !path.isEmpty, !isDirectory(path) else { return }
        if exists(path) { throw NotebookFormatError(.io, "exists but is not a directory", file: path) }
        if let slash = path.dropLast().lastIndex(of: "/"), slash > path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw NotebookFormatError(.io, "cannot create directory: \(String(cString: strerror(errno)))", file: path)
        }
    }
}
