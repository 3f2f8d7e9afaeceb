// SPDX-License-Identifier: Apache-2.0

/// The text filters nbconvert's templates apply, with the exact Python behaviour.
public enum TextFilters {
    /// Python's `textwrap.dedent`: whitespace-only lines become empty and the longest run of
    /// spaces and tabs common to the other lines is removed from each.
    public static func dedent(_ text: String) -> String {
        var segments = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var margin: [Unicode.Scalar]?
        for i in segments.indices {
            let segment = segments[i]
            if !segment.isEmpty, segment.allSatisfy({ $0 == " " || $0 == "\t" }) {
                segments[i] = []
                continue
            }
            let indent = Array(segment.prefix { $0 == " " || $0 == "\t" })
            guard indent.count < segment.count else { continue }
            guard let current = margin else {
                margin = indent
                continue
            }
            if indent.starts(with: current) { continue }
            if current.starts(with: indent) {
                margin = indent
                continue
            }
            var common = 0
            while common < min(current.count, indent.count), current[common] == indent[common] { common += 1 }
            margin = Array(current[..<common])
        }
        if let margin, !margin.isEmpty {
            for i in segments.indices where segments[i].starts(with: margin) {
                segments[i].removeFirst(margin.count)
            }
        }
        return segments.map { PythonString.string($0) }.joined(separator: "\n")
    }

    /// nbconvert's `indent` filter: four spaces before every line (also after a final newline,
    /// unless that is the very end of the text).
    public static func indent(_ text: String, by prefix: String = "    ") -> String {
        var out = prefix
        for c in text.unicodeScalars {
            out.unicodeScalars.append(c)
            if c == "\n" { out += prefix }
        }
        if out.endsWithScalars("\n" + prefix) { out.unicodeScalars.removeLast(prefix.unicodeScalars.count) }
        return out
    }

    /// nbconvert's `comment_lines`: `# ` before each `\n`-separated line.
    public static func commentLines(_ text: String, prefix: String = "# ") -> String {
        prefix + text.splitScalars("\n").joined(separator: "\n" + prefix)
    }

    /// nbconvert's `strip_ansi`: removes every `ESC [ … final-byte` sequence on one line.
    public static func stripANSI(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", let end = ANSI.sequenceEnd(scalars, at: i) {
                i = end
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// nbconvert's `path2url`: each `/`-separated part percent-encoded as `urllib.parse.quote` does.
    public static func pathToURL(_ path: String) -> String {
        path.splitScalars("/").map { percentEncode($0) }
            .joined(separator: "/")
    }

    /// `urllib.parse.quote(part, safe="")` for one path part (letters, digits and `_.-~` stay).
    public static func percentEncode(_ part: String) -> String {
        var out = ""
        for byte in part.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// Base64 decoding as Python's `binascii.a2b_base64` (non-strict): characters outside the
/// alphabet are skipped and decoding stops at the padding that completes a quad.
public enum Base64 {
    /// The decoded bytes, or the reason Python would raise `binascii.Error`.
    public static func decode(_ text: String) -> Result<[UInt8], Base64Error> {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var quad = 0
        var left: UInt32 = 0
        var pads = 0
        for byte in text.utf8 {
            if byte >= 0x80 { return .failure(Base64Error(reason: "string argument should contain only ASCII characters")) }
            if byte == UInt8(ascii: "=") {
                if quad >= 2 {
                    pads += 1
                    if quad + pads >= 4 { return .success(out) }
                }
                continue
            }
            guard let value = sextet(byte) else { continue }
            pads = 0
            switch quad {
            case 0: left = value
            case 1: out.append(UInt8((left << 2 | value >> 4) & 0xFF)); left = value & 0x0F
            case 2: out.append(UInt8((left << 4 | value >> 2) & 0xFF)); left = value & 0x03
            default: out.append(UInt8((left << 6 | value) & 0xFF)); left = 0
            }
            quad = (quad + 1) % 4
        }
        if quad == 1 {
            let count = out.count / 3 * 4 + 1
            return .failure(
                Base64Error(
                    reason: "Invalid base64-encoded string: number of data characters (\(count)) cannot be 1 more than a multiple of 4"))
        }
        if quad != 0 { return .failure(Base64Error(reason: "Incorrect padding")) }
        return .success(out)
    }

    /// Standard base64 with padding, as `base64.b64encode`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let n = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(i + 1 < bytes.count ? alphabet[Int(n >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(n & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func sextet(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(byte - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

/// Why base64 text could not be decoded (Python's `binascii.Error` message).
public struct Base64Error: Error, Sendable {
    /// Python's message.
    public var reason: String
}
