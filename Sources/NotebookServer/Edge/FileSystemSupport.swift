// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Directory creation for the server's own state (config sections, settings, workspaces).
enum FileSystemSupport {
    /// A directory creation failure.
    struct Failure: Error, CustomStringConvertible {
        /// What failed.
        var description: String
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(Failure) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            built += "/" + part
            if mkdir(built, 0o755) != 0 && errno != EEXIST {
                throw Failure(description: "cannot create directory \(built): \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// Facts about the process the server reports.
enum ServerEnvironment {
    /// `$USER`, else "quire".
    static var userName: String {
        getenv("USER").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "quire"
    }
}
