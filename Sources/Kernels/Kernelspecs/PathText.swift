// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX path arithmetic with Python's `posixpath` semantics, so that paths Quire prints are the
/// strings jupyter_core would print.
enum PathText {
    /// `os.path.join`: a later absolute component replaces what came before.
    static func join(_ parts: String...) -> String { join(parts) }

    /// `os.path.join` over an array.
    static func join(_ parts: [String]) -> String {
        var result = ""
        for (index, part) in parts.enumerated() {
            if index == 0 || part.hasPrefix("/") {
                result = part
            } else if result.isEmpty || result.hasSuffix("/") {
                result += part
            } else {
                result += "/" + part
            }
        }
        return result
    }

    /// `os.path.expanduser` for `~` and `~/...` (HOME, else the password database).
    static func expandUser(_ path: String, _ environment: [String: String]) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        var home = environment["HOME"] ?? passwordHome() ?? ""
        while home.hasSuffix("/") { home.removeLast() }
        let expanded = home + path.dropFirst()
        return expanded.isEmpty ? "/" : expanded
    }

    /// `pathlib.Path.resolve()`: symlinks resolved in the part that exists, the rest kept.
    static func resolve(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let parent = directoryName(path)
        guard parent != path, !parent.isEmpty else { return normalize(path) }
        return join(resolve(parent), baseName(path))
    }

    /// `os.path.normpath`: removes `.`, empty and resolvable `..` components.
    static func normalize(_ path: String) -> String {
        if path.isEmpty { return "." }
        let leadingSlashes = path.hasPrefix("//") && !path.hasPrefix("///") ? 2 : (path.hasPrefix("/") ? 1 : 0)
        var components: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == "..", let last = components.last, last != ".." {
                components.removeLast()
            } else if component == "..", leadingSlashes > 0, components.isEmpty {
                continue
            } else {
                components.append(component)
            }
        }
        let body = components.joined(separator: "/")
        let result = String(repeating: "/", count: leadingSlashes) + body
        return result.isEmpty ? "." : result
    }

    /// `os.path.dirname`.
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var head = String(path[...slash])
        if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
        return head
    }

    /// `os.path.basename`.
    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func passwordHome() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
