// SPDX-License-Identifier: Apache-2.0

/// Python `str` semantics that nbconvert's output depends on: whitespace, `\w`, `\d`, `strip`,
/// `split()` and `repr`, over Unicode scalars as Python indexes strings.
public enum PythonString {
    // MARK: - Character classes

    /// Python's `str.isspace()` for one character (also what `\s` matches in `re`).
    public static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default: return false
        }
    }

    /// Python's `re` `\w` for one character: `str.isalnum()` or `_`.
    public static func isWord(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 {
            return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_"
        }
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return c.properties.numericType != nil
        }
    }

    /// Python's `re` `\d`: a Unicode decimal digit.
    public static func isDecimalDigit(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 ? (c >= "0" && c <= "9") : c.properties.generalCategory == .decimalNumber
    }

    /// Python's `str.isidentifier()` for a first character.
    public static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isXIDStart
    }

    /// Python's `str.isprintable()` for one character (what `repr` leaves unescaped).
    public static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c.value >= 0x20 && c.value < 0x7F }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default: return true
        }
    }

    // MARK: - String operations

    /// `s.strip()`.
    public static func strip(_ s: some StringProtocol) -> String {
        let scalars = Array(s.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, isSpace(scalars[start]) { start += 1 }
        while end > start, isSpace(scalars[end - 1]) { end -= 1 }
        return string(scalars[start..<end])
    }

    /// `s.rstrip()`.
    public static func rstrip(_ s: some StringProtocol) -> String {
        var scalars = Array(s.unicodeScalars)
        while let last = scalars.last, isSpace(last) { scalars.removeLast() }
        return string(scalars[...])
    }

    /// `s.isspace()`: non-empty and all whitespace.
    public static func isAllSpace(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy(isSpace)
    }

    /// `s.split()`: runs of whitespace separate the words; no empty words.
    public static func splitWords(_ s: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if isSpace(c) {
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `s.partition(" ")` as (head, tail), the separator dropped; `tail` is empty without one.
    public static func partitionAtSpace(_ s: String) -> (String, String) {
        let scalars = s.unicodeScalars
        guard let space = scalars.firstIndex(of: " ") else { return (s, "") }
        return (String(scalars[..<space]), String(scalars[scalars.index(after: space)...]))
    }

    /// A string from a slice of scalars.
    public static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars { appendUTF8(scalar, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A string from lines of scalars, concatenated (Python's `"".join(lines)`).
    public static func string(lines: [[Unicode.Scalar]]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines {
            for scalar in line { appendUTF8(scalar, to: &bytes) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 encoding of one scalar (kept in this module so it is specialised and inlined).
    @inline(__always)
    static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Python's `repr(s)` for a `str`: single quotes unless the text has `'` and no `"`.
    public static func repr(_ s: String) -> String {
        let quote: Unicode.Scalar =
            s.unicodeScalars.contains("'") && !s.unicodeScalars.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for c in s.unicodeScalars {
            switch c {
            case quote, "\\":
                out.append("\\")
                out.append(c)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default:
                if isPrintable(c) {
                    out.append(c)
                } else if c.value <= 0xFF {
                    out.append(contentsOf: ("\\x" + hex(c.value, width: 2)).unicodeScalars)
                } else if c.value <= 0xFFFF {
                    out.append(contentsOf: ("\\u" + hex(c.value, width: 4)).unicodeScalars)
                } else {
                    out.append(contentsOf: ("\\U" + hex(c.value, width: 8)).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

// MARK: - Scalar-wise comparisons (Python compares code points, Swift's String graphemes)

extension StringProtocol {
    /// `str.startswith` by code points.
    func startsWithScalars(_ prefix: String) -> Bool { unicodeScalars.starts(with: prefix.unicodeScalars) }

    /// `str.endswith` by code points.
    func endsWithScalars(_ suffix: String) -> Bool {
        unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
    }

    /// `str.split(sep)` for a one-character separator, by code points.
    func splitScalars(_ separator: Unicode.Scalar) -> [String] {
        unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map { PythonString.string($0) }
    }
}
