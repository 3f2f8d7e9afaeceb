// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// Python's `int(text, base)` and `float(text)` on strings (CPython 3.11), which papermill's `-p`
/// typing and PyYAML's number constructors call: surrounding whitespace, one `_` between digits,
/// any Unicode decimal digit, `inf`/`infinity`/`nan` in any case, and the 4,300-digit limit on
/// decimal integers (beyond it `int()` raises, so `-p` falls through to `float`).
public enum PythonNumberSyntax {
    /// CPython's default `sys.get_int_max_str_digits()`.
    public static let maximumDecimalDigits = 4300

    /// `int(text, base)` for base 2, 8, 10 or 16, or `nil` where Python raises `ValueError`.
    /// Bases other than 10 accept their prefix (`0b`, `0o`, `0x`) as Python does.
    public static func int(_ text: String, base: Int = 10) -> JSONNumber? {
        guard var bytes = asciiForm(text) else { return nil }
        bytes = trimmed(bytes)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        var underscoreAllowed = false
        if base != 10, bytes.count >= 2, bytes[0] == UInt8(ascii: "0"),
            let letter = prefixLetter[base], bytes[1] | 0x20 == letter
        {
            bytes.removeFirst(2)
            underscoreAllowed = true  // int('0x_1f', 16) is 31
        }
        guard let digits = digitValues(bytes, base: base, underscoreFirst: underscoreAllowed) else { return nil }
        if base == 10, digits.count > maximumDecimalDigits { return nil }
        var magnitude = UnboundedInteger()
        for digit in digits { magnitude.multiply(by: UInt32(base), adding: UInt32(digit)) }
        return magnitude.number(negative: negative)
    }

    /// `float(text)`, or `nil` where Python raises `ValueError`. Overflow gives an infinity and
    /// underflow zero, as in Python.
    public static func float(_ text: String) -> Double? {
        guard var bytes = asciiForm(text) else { return nil }
        bytes = trimmed(bytes)
        var sign = ""
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            if first == UInt8(ascii: "-") { sign = "-" }
            bytes.removeFirst()
        }
        let lower = String(decoding: bytes.map { $0 | 0x20 }, as: UTF8.self)
        if lower == "inf" || lower == "infinity" { return sign.isEmpty ? .infinity : -.infinity }
        if lower == "nan" { return .nan }
        guard let cleaned = decimalFloatDigits(bytes) else { return nil }
        return Double(sign + cleaned)
    }

    // MARK: - Private helpers

    private static let prefixLetter: [Int: UInt8] = [2: UInt8(ascii: "b"), 8: UInt8(ascii: "o"), 16: UInt8(ascii: "x")]

    /// The text as CPython's number parsers see it: non-ASCII whitespace becomes a space and
    /// non-ASCII decimal digits their ASCII digit; any other non-ASCII character makes it invalid.
    private static func asciiForm(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x7F {
                out.append(UInt8(scalar.value))
            } else if PythonString.isSpace(scalar) {
                out.append(UInt8(ascii: " "))
            } else if scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue {
                out.append(UInt8(ascii: "0") + UInt8(value))
            } else {
                return nil
            }
        }
        return out
    }

    /// Without leading and trailing ASCII whitespace (C's `isspace`).
    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || (0x09...0x0D).contains($0) }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }) else { return [] }
        let end = bytes.lastIndex(where: { !isSpace($0) })!
        return Array(bytes[start...end])
    }

    /// The digit values of `bytes`, which must be digits of `base` with single underscores between
    /// them (and, when `underscoreFirst`, one before the first); `nil` otherwise.
    private static func digitValues(_ bytes: [UInt8], base: Int, underscoreFirst: Bool) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(bytes.count)
        var previousWasDigit = underscoreFirst
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
                continue
            }
            guard let value = hexValue(byte), Int(value) < base else { return nil }
            values.append(value)
            previousWasDigit = true
        }
        guard !values.isEmpty, previousWasDigit else { return nil }
        return values
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// A decimal float literal without sign (`1_0.5`, `.5`, `5.`, `1e-3`) with its underscores
    /// removed, or `nil` when Python's grammar rejects it.
    private static func decimalFloatDigits(_ bytes: [UInt8]) -> String? {
        var i = 0
        var out: [UInt8] = []
        /// Reads digits with single underscores between them; returns how many digits were read.
        func digitRun() -> Int? {
            var count = 0
            while i < bytes.count {
                let byte = bytes[i]
                if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                    out.append(byte)
                    count += 1
                    i += 1
                } else if byte == UInt8(ascii: "_"), count > 0, i + 1 < bytes.count,
                    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i + 1])
                {
                    i += 1
                } else {
                    break
                }
            }
            return count
        }
        let integerDigits = digitRun() ?? 0
        var fractionDigits = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            out.append(UInt8(ascii: "."))
            i += 1
            fractionDigits = digitRun() ?? 0
        }
        guard integerDigits + fractionDigits > 0 else { return nil }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            out.append(UInt8(ascii: "e"))
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                out.append(bytes[i])
                i += 1
            }
            guard let exponentDigits = digitRun(), exponentDigits > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
