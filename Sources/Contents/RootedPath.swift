// SPDX-License-Identifier: Apache-2.0

/// An API path checked against the store's root: no `..` or `.` segment, no NUL byte, and a real
/// path (symbolic links resolved, for the part that exists) inside the real root.
struct RootedPath: Sendable {
    /// The normalised API path: segments joined by `/`, no leading or trailing `/` ("" for the root).
    let api: String
    /// The file system path (root + `/` + API path).
    let os: String

    /// The last segment ("" for the root).
    var name: String { api.split(separator: "/").last.map(String.init) ?? "" }
    /// The API path of the parent directory ("" for entries of the root).
    var parent: String { api.lastIndex(of: "/").map { String(api[..<$0]) } ?? "" }
    /// The API path's segments.
    var segments: [Substring] { api.split(separator: "/") }

    /// Checks `path` against the root (whose real path is `realRoot`).
    init(_ path: String, root: String, realRoot: String) throws(ContentsError) {
        if path.utf8.contains(0) {
            throw ContentsError(.outsideRoot, "\(path) is not a valid path", path: path)
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0 == "." }) {
            throw ContentsError(.outsideRoot, "\(path) is outside root contents directory", path: path)
        }
        api = segments.joined(separator: "/")
        os = api.isEmpty ? root : root + "/" + api
        // Resolve the deepest part that exists: a link anywhere on the way may point elsewhere.
        var probe = os
        var resolved = FileSystem.realPath(probe)
        while resolved == nil, let slash = probe.lastIndex(of: "/"), probe.count > root.count {
            probe = String(probe[..<slash])
            resolved = FileSystem.realPath(probe)
        }
        // A dangling link resolves to nothing: judge it by where it points.
        if FileSystem.status(os)?.isLink == true && FileSystem.realPath(os) == nil {
            throw ContentsError(.outsideRoot, "\(api) is outside root contents directory", path: api)
        }
        guard let real = resolved, real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
            throw ContentsError(.outsideRoot, "\(api) is outside root contents directory", path: api)
        }
    }

    /// jupyter_core's `is_hidden` below the root: a segment starting with `.`, or a directory that
    /// cannot be listed and entered.
    var isHidden: Bool {
        if segments.contains(where: { $0.hasPrefix(".") }) { return true }
        guard !api.isEmpty, let st = FileSystem.status(os, follow: true), st.isDirectory else { return false }
        return !FileSystem.isListable(os)
    }
}
