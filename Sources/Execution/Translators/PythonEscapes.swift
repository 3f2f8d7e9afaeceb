// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// The Python string functions papermill's translators are built from.
enum PythonEscapes {
    /// `s.encode('unicode_escape').decode('utf-8')`: backslash, tab, newline and carriage return as
    /// `\\`, `\t`, `\n`, `\r`; other control characters and U+007F to U+00FF as `\xhh`; the rest of
    /// the BMP above U+00FF as `\uhhhh`; beyond it `\Uhhhhhhhh`. Quotes are left alone.
    static func unicodeEscape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default:
                let v = c.value
                if v < 0x20 || (v >= 0x7F && v < 0x100) {
                    out.append(contentsOf: ("\\x" + hex(v, width: 2)).unicodeScalars)
                } else if v >= 0x100 && v < 0x10000 {
                    out.append(contentsOf: ("\\u" + hex(v, width: 4)).unicodeScalars)
                } else if v >= 0x10000 {
                    out.append(contentsOf: ("\\U" + hex(v, width: 8)).unicodeScalars)
                } else {
                    out.append(c)
                }
            }
        }
        return String(out)
    }

    /// Python's `ascii()` of a repr: every non-ASCII character as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
    static func asciiOnly(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c.value {
            case 0..<0x80: out.unicodeScalars.append(c)
            case 0x80..<0x100: out += "\\x" + hex(c.value, width: 2)
            case 0x100..<0x10000: out += "\\u" + hex(c.value, width: 4)
            default: out += "\\U" + hex(c.value, width: 8)
            }
        }
        return out
    }

    /// `str(float)`: `nan`, `inf` and `-inf` for the non-finite values, else `repr`.
    static func str(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return PythonNumberFormat.repr(d)
    }

    /// `shlex.quote(s)`: `''` for the empty string, the text itself when every character is an
    /// ASCII letter, digit or one of `_@%+=:,./-`, else single-quoted with `'` as `'"'"'`.
    static func shellQuote(_ s: String) -> String {
        if s.isEmpty { return "''" }
        let safe = s.unicodeScalars.allSatisfy { c in
            c.isASCII
                && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "_@%+=:,./-".unicodeScalars.contains(c))
        }
        if safe { return s }
        return "'" + s.replacingScalar("'", with: "'\"'\"'") + "'"
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    /// Every `scalar` replaced by `replacement`, by Unicode scalars (Python's `str.replace`).
    func replacingScalar(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for c in unicodeScalars {
            if c == scalar { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(c) }
        }
        return String(out)
    }
}
