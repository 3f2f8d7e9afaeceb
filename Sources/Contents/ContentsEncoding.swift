// SPDX-License-Identifier: Apache-2.0

/// Byte encodings the contents API uses: base64 as Python's `base64` module writes and reads it,
/// SHA-256 for `hash`, and mime types as Python's `mimetypes.guess_type` answers for common names.
enum ContentsEncoding {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `base64.encodebytes`: standard alphabet, padded, a newline after every 76 characters and at the end.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 4 / 3 + bytes.count / 57 + 4)
        var i = 0
        while i < bytes.count {
            let line = bytes[i..<min(i + 57, bytes.count)]
            var j = line.startIndex
            while j < line.endIndex {
                let b0 = line[j], b1 = j + 1 < line.endIndex ? line[j + 1] : 0, b2 = j + 2 < line.endIndex ? line[j + 2] : 0
                let n = line.endIndex - j
                out.append(alphabet[Int(b0 >> 2)])
                out.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
                out.append(n > 1 ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
                out.append(n > 2 ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
                j += 3
            }
            out.append(UInt8(ascii: "\n"))
            i += 57
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's non-strict `a2b_base64`: characters outside the alphabet are skipped, and data
    /// ends at the padding. Throws a message like Python's when the length or padding is wrong.
    static func decodeBase64(_ text: String) throws(ContentsError) -> [UInt8] {
        var values: [UInt8] = []
        var padding = 0
        for c in text.utf8 {
            if c == UInt8(ascii: "=") {
                padding += 1
                if values.count % 4 >= 2 && values.count % 4 + padding >= 4 { break }
                continue
            }
            guard let v = value(of: c) else { continue }
            if padding > 0 && values.count % 4 >= 2 { padding = 0 }
            values.append(v)
        }
        let leftover = values.count % 4
        if leftover == 1 {
            throw ContentsError(
                .invalid,
                "Invalid base64-encoded string: number of data characters (\(values.count)) cannot be 1 more than a multiple of 4")
        }
        if leftover != 0 && leftover + padding < 4 { throw ContentsError(.invalid, "Incorrect padding") }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 1 < values.count {
            let v0 = values[i], v1 = values[i + 1]
            out.append(v0 << 2 | v1 >> 4)
            if i + 2 < values.count { out.append((v1 & 15) << 4 | values[i + 2] >> 2) }
            if i + 3 < values.count { out.append((values[i + 2] & 3) << 6 | values[i + 3]) }
            i += 4
        }
        return out
    }

    private static func value(of c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    // MARK: - Mime types

    private static let mimeTypes: [String: String] = [
        "txt": "text/plain", "py": "text/x-python", "json": "application/json", "md": "text/markdown",
        "csv": "text/csv", "png": "image/png", "bin": "application/octet-stream", "html": "text/html",
        "htm": "text/html", "js": "text/javascript", "tar": "application/x-tar", "svg": "image/svg+xml",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "pdf": "application/pdf", "sh": "text/x-sh",
        "xml": "application/xml", "gif": "image/gif", "zip": "application/zip", "css": "text/css",
        "c": "text/x-csrc", "h": "text/x-chdr", "tex": "application/x-tex", "webp": "image/webp",
        "ico": "image/vnd.microsoft.icon", "wasm": "application/wasm", "mp3": "audio/mpeg", "mp4": "video/mp4",
    ]
    private static let encodings: Set<String> = ["gz", "bz2", "xz", "br", "Z"]

    /// `mimetypes.guess_type(name)[0]` for the common extensions (an encoding suffix such as `.gz`
    /// is looked through, so `a.tar.gz` is `application/x-tar`); nil when unknown.
    static func mimeType(forName name: String) -> String? {
        var parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, !(parts.count == 2 && parts[0].isEmpty) else { return nil }
        if parts.count > 2, encodings.contains(parts.last!) { parts.removeLast() }
        let ext = parts.last!
        return mimeTypes[ext] ?? mimeTypes[ext.lowercased()]
    }
}
