// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Python's `format(value, spec)` for the values a path template reaches: a time formats with
/// `strftime`; strings, integers and floats follow the format-spec mini-language
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]` with types `s`; `b d o x X`;
/// `e E f F g G %`. What Quire does not implement (`c`, `n`, `z`, a float spec with a precision
/// but no type, grouping with zero padding) is an error rather than a different path.
enum PythonFormatSpec {
    /// Why a spec cannot be applied, in Python's words where Python raises.
    struct Failure: Error {
        let message: String
    }

    /// `format(value, spec)`.
    static func format(_ value: TemplateValue, spec: String) throws(Failure) -> String {
        if spec.isEmpty { return value.str }
        switch value {
        case .time(let time): return time.strftime(spec)
        case .json(.string(let text)): return try formatString(text, try Spec(spec))
        case .json(.bool(let b)): return try formatInteger(b ? "1" : "0", negative: false, try Spec(spec))
        case .json(.number(.double(let d))): return try formatFloat(d, try Spec(spec))
        case .json(.number(let n)):
            let text = TemplateValue.json(.number(n)).str
            let negative = text.hasPrefix("-")
            return try formatInteger(negative ? String(text.dropFirst()) : text, negative: negative, try Spec(spec))
        default:
            throw Failure(message: "unsupported format string passed to \(value.typeName).__format__")
        }
    }

    // MARK: - The parsed spec

    private struct Spec {
        var fill: Unicode.Scalar = " "
        var align: Unicode.Scalar?
        var sign: Unicode.Scalar = "-"
        var alternate = false
        var width = 0
        var grouping: Unicode.Scalar?
        var precision: Int?
        var type: Unicode.Scalar?

        init(_ text: String) throws(Failure) {
            let s = Array(text.unicodeScalars)
            var i = 0
            let aligns: Set<Unicode.Scalar> = ["<", ">", "=", "^"]
            if s.count >= 2, aligns.contains(s[1]) {
                (fill, align, i) = (s[0], s[1], 2)
            } else if let first = s.first, aligns.contains(first) {
                (align, i) = (first, 1)
            }
            if i < s.count, s[i] == "+" || s[i] == "-" || s[i] == " " { sign = s[i]; i += 1 }
            if i < s.count, s[i] == "z" { throw Failure(message: "the 'z' option is not supported in path templates") }
            if i < s.count, s[i] == "#" { alternate = true; i += 1 }
            if i < s.count, s[i] == "0" {
                if align == nil { (fill, align) = ("0", "=") }
                i += 1
            }
            width = Spec.number(s, &i) ?? 0
            if i < s.count, s[i] == "," || s[i] == "_" { grouping = s[i]; i += 1 }
            if grouping != nil, fill == "0", align == "=" {
                throw Failure(message: "zero padding with a thousands separator is not supported in path templates")
            }
            if i < s.count, s[i] == "." {
                i += 1
                guard let digits = Spec.number(s, &i) else {
                    throw Failure(message: "Format specifier missing precision")
                }
                precision = digits
            }
            if i < s.count { type = s[i]; i += 1 }
            guard i == s.count else { throw Failure(message: "Invalid format specifier '\(text)'") }
        }

        private static func number(_ s: [Unicode.Scalar], _ i: inout Int) -> Int? {
            let start = i
            while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
            return i > start ? Int(String(String.UnicodeScalarView(s[start..<i]))) : nil
        }

        /// `body` (sign and prefix already split off) padded to the width.
        func padded(_ body: String, sign signText: String = "", prefix: String = "", defaultAlign: Unicode.Scalar)
            -> String
        {
            let content = signText + prefix + body
            let missing = width - content.unicodeScalars.count
            guard missing > 0 else { return content }
            let fillText = { (n: Int) in String(repeating: String(fill), count: n) }
            switch align ?? defaultAlign {
            case "<": return content + fillText(missing)
            case "^": return fillText(missing / 2) + content + fillText(missing - missing / 2)
            case "=": return signText + prefix + fillText(missing) + body
            default: return fillText(missing) + content
            }
        }

        /// The sign text Python writes for a number.
        func signText(negative: Bool) -> String {
            negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : ""
        }
    }

    // MARK: - Formatting by type

    private static func formatString(_ text: String, _ spec: Spec) throws(Failure) -> String {
        guard spec.type == nil || spec.type == "s" else {
            throw Failure(message: "Unknown format code '\(spec.type!)' for object of type 'str'")
        }
        if spec.sign != "-" { throw Failure(message: "Sign not allowed in string format specifier") }
        if spec.alternate { throw Failure(message: "Alternate form (#) not allowed in string format specifier") }
        if spec.align == "=" { throw Failure(message: "'=' alignment not allowed in string format specifier") }
        if let grouping = spec.grouping { throw Failure(message: "Cannot specify '\(grouping)' with 's'.") }
        var body = text
        if let precision = spec.precision {
            body = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
        }
        return spec.padded(body, defaultAlign: "<")
    }

    /// An integer given as its decimal magnitude and sign.
    private static func formatInteger(_ magnitude: String, negative: Bool, _ spec: Spec) throws(Failure) -> String {
        if let type = spec.type, "eEfFgG%".unicodeScalars.contains(type),
            let d = Double((negative ? "-" : "") + magnitude)
        {
            return try formatFloat(d, spec)
        }
        if spec.precision != nil { throw Failure(message: "Precision not allowed in integer format specifier") }
        let radix: Int
        var prefix = ""
        switch spec.type {
        case nil, "d": radix = 10
        case "b": (radix, prefix) = (2, "0b")
        case "o": (radix, prefix) = (8, "0o")
        case "x": (radix, prefix) = (16, "0x")
        case "X": (radix, prefix) = (16, "0X")
        case let type?: throw Failure(message: "format code '\(type)' for integers is not supported in path templates")
        }
        var digits = magnitude
        if radix != 10 {
            guard let value = UInt(magnitude) else {
                throw Failure(message: "integers this large only format in decimal")
            }
            digits = String(value, radix: radix, uppercase: spec.type == "X")
        }
        if let grouping = spec.grouping {
            guard grouping == "_" || radix == 10 else {
                throw Failure(message: "Cannot specify ',' with '\(spec.type!)'.")
            }
            digits = grouped(digits, by: radix == 10 ? 3 : 4, with: grouping)
        }
        return spec.padded(
            digits,
            sign: spec.signText(negative: negative),
            prefix: spec.alternate ? prefix : "",
            defaultAlign: ">"
        )
    }

    private static func formatFloat(_ d: Double, _ spec: Spec) throws(Failure) -> String {
        let negative = d.sign == .minus && !d.isNaN
        var type = spec.type
        if type == nil {
            guard spec.precision == nil else {
                throw Failure(message: "float formats with a precision need a type (e, f, g or %) in path templates")
            }
            if d.isFinite {
                let text = PythonEscapes.str(abs(d))
                return spec.padded(grouped(text, spec), sign: spec.signText(negative: negative), defaultAlign: ">")
            }
            type = "g"
        }
        guard let type, "eEfFgG%".unicodeScalars.contains(type) else {
            throw Failure(message: "Unknown format code '\(spec.type!)' for object of type 'float'")
        }
        let upper = type == "E" || type == "F" || type == "G"
        var body: String
        if d.isNaN || d.isInfinite {
            body = d.isNaN ? "nan" : "inf"
            if upper { body = body.uppercased() }
            if type == "%" { body += "%" }
        } else {
            let precision = spec.precision ?? 6
            let conversion = type == "%" ? "f" : String(type)
            var buffer = [CChar](repeating: 0, count: 512)
            let value = type == "%" ? abs(d) * 100 : abs(d)
            let count = cFormat(
                &buffer,
                "%" + (spec.alternate ? "#" : "") + ".*" + conversion,
                Int32(min(precision, 300)),
                value
            )
            body = String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if type == "%" { body += "%" }
        }
        return spec.padded(grouped(body, spec), sign: spec.signText(negative: negative), defaultAlign: ">")
    }

    // MARK: - Helpers

    /// The leading digit run of `text` grouped as the spec asks.
    private static func grouped(_ text: String, _ spec: Spec) -> String {
        guard let grouping = spec.grouping else { return text }
        let digits = String(text.prefix { $0.isASCII && $0.isNumber })
        return grouped(digits, by: 3, with: grouping) + text.dropFirst(digits.count)
    }

    private static func grouped(_ digits: String, by size: Int, with separator: Unicode.Scalar) -> String {
        var out: [Character] = []
        for (count, c) in digits.reversed().enumerated() {
            if count > 0, count % size == 0 { out.append(Character(separator)) }
            out.append(c)
        }
        return String(out.reversed())
    }
}

/// C's `snprintf` with one precision and one double.
private func cFormat(_ buffer: inout [CChar], _ format: String, _ precision: Int32, _ value: Double) -> Int {
    Int(withVaList([precision, value]) { vsnprintf(&buffer, buffer.count, format, $0) })
}
