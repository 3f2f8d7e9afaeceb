// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths the git integration needs: where this `quire` binary is, how to quote it for the shell
/// git runs filters with, and a few POSIX path helpers (no Foundation).
enum ExecutablePath {
    /// The absolute path of the running `quire`, as it was invoked (a symlink such as a package
    /// manager's `bin/quire` stays a symlink, so upgrades keep working): `argv[0]` made absolute,
    /// or found on `PATH`, falling back to the resolved executable.
    static func current() -> String {
        let invoked = CommandLine.arguments.first ?? "quire"
        if invoked.contains("/") { return absolute(invoked) }
        return onPath(invoked).map(absolute) ?? resolvedExecutable() ?? absolute(invoked)
    }

    /// The first executable regular file named `name` in the folders of `PATH`.
    static func onPath(_ name: String) -> String? {
        for folder in (environment("PATH") ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                return candidate
            }
        }
        return nil
    }

    /// The path in double quotes for `sh`, with `"`, `\`, `$` and `` ` `` escaped.
    static func shellQuoted(_ path: String) -> String {
        var out = "\""
        for character in path {
            if "\"\\$`".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }

    /// An environment variable's value, or `nil` when unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `~` or `~/rest` with the home folder (`HOME`) put in, as Python's `os.path.expanduser` does.
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = environment("HOME") else { return path }
        let rest = path.dropFirst()
        return home.hasSuffix("/") && rest.hasPrefix("/") ? home + rest.dropFirst() : home + rest
    }

    /// The folder part of a path (`os.path.dirname`): `""` for a bare name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let head = path[..<slash]
        let trimmed = head.reversed().drop { $0 == "/" }
        return trimmed.isEmpty ? String(head) : String(head.prefix(trimmed.count))
    }

    /// `path` made absolute against the working folder and normalised (`.`, `..` and repeated
    /// slashes resolved by name, as `os.path.abspath` does, without following symlinks).
    static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "."
            full = cwd + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func resolvedExecutable() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return nil
        #endif
    }
}
