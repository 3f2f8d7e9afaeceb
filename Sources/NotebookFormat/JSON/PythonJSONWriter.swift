// SPDX-License-Identifier: Apache-2.0

/// Serialises JSON exactly as Python's `json.dumps` does. The defaults are nbformat's settings,
/// `json.dumps(value, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)`;
/// `indent: nil, sortKeys: false` is `json.dumps(value, ensure_ascii=False)`, the single-line form
/// jupyter_client's `json_packer` puts on the wire (separators `", "` and `": "`).
public struct PythonJSONWriter: Sendable {
    /// Spaces per nesting level (nbformat uses 1); `nil` writes everything on one line.
    public var indent: Int?
    /// Whether object keys are sorted by code point (nbformat: true).
    public var sortKeys: Bool
    /// Whether non-ASCII characters are written as `\uXXXX` escapes (Python's `ensure_ascii=True`).
    public var asciiOnly: Bool

    /// A writer with nbformat's settings by default.
    public init(indent: Int? = 1, sortKeys: Bool = true, asciiOnly: Bool = false) {
        self.indent = indent
        self.sortKeys = sortKeys
        self.asciiOnly = asciiOnly
    }

    /// The UTF-8 bytes of `value` serialised (no trailing newline).
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, level: 0, into: &out)
        return out
    }

    /// `value` serialised as a string (no trailing newline).
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Writes what goes between two members: `", "` on one line, else a comma (added by the caller).
    private func separator(into out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        if indent == nil { out.append(0x20) }
    }

    private func newline(_ level: Int, into out: inout [UInt8]) {
        guard let indent else { return }
        out.append(0x0A)
        for _ in 0..<(level * indent) { out.append(0x20) }
    }

    private func write(_ value: JSONValue, level: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: PythonNumberFormat.repr(n).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { separator(into: &out) }
                newline(level + 1, into: &out)
                write(element, level: level + 1, into: &out)
            }
            newline(level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            let order = sortKeys ? object.sortedIndices : Array(object.entries.indices)
            for (k, index) in order.enumerated() {
                let member = object.entries[index]
                if k > 0 { separator(into: &out) }
                newline(level + 1, into: &out)
                writeString(member.key, into: &out)
                out.append(contentsOf: ": ".utf8)
                write(member.value, level: level + 1, into: &out)
            }
            newline(level, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func writeString(_ s: String, into out: inout [UInt8]) {
        if asciiOnly { PythonJSONWriter.writeASCIIString(s, into: &out) } else { PythonJSONWriter.writeString(s, into: &out) }
    }

    /// Appends `s` as Python's `ensure_ascii=True` writes it: DEL and non-ASCII as `\uXXXX` (UTF-16 units, lowercase hex).
    static func writeASCIIString(_ s: String, into out: inout [UInt8]) {
        var escaped: [UInt8] = []
        writeString(s, into: &escaped)
        for unit in String(decoding: escaped, as: UTF8.self).utf16 {
            if unit < 0x7F {
                out.append(UInt8(unit))
            } else {
                out.append(contentsOf: "\\u".utf8)
                for shift: UInt16 in [12, 8, 4, 0] { out.append(hexDigits[Int((unit >> shift) & 0xF)]) }
            }
        }
    }

    /// Appends `s` as a JSON string literal, escaping only what Python escapes with `ensure_ascii=False`.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = s.utf8
        let handled: Void? = utf8.withContiguousStorageIfAvailable { buffer in
            appendEscaped(buffer, into: &out)
        }
        if handled == nil {
            var copy = s
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            _ = utf8.withContiguousStorageIfAvailable { appendEscaped($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        for (i, b) in buffer.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append(contentsOf: "u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<buffer.count]))
    }
}

/// Formats numbers as Python's `repr` does (`1.0`, `1e-05`, `1e+16`, `NaN`, `Infinity`).
public enum PythonNumberFormat {
    /// The text Python's `json` module writes for this number.
    public static func repr(_ number: JSONNumber) -> String {
        switch number {
        case .int(let i): return String(i)
        case .bigInteger(let s): return s
        case .double(let d): return repr(d)
        }
    }

    /// Python's `float.__repr__` (shortest round-trip digits; exponent form below 1e-4 and from 1e16),
    /// with JSON's spellings of the non-finite values.
    public static func repr(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, exponent) = shortestDigits(d)
        // `exponent` is the power of ten of the first digit: d = 0.d1d2... * 10^(exponent+1)
        var out = negative ? "-" : ""
        if exponent < -4 || exponent >= 16 {
            out.append(digits.first!)
            if digits.count > 1 {
                out.append(".")
                out.append(contentsOf: digits.dropFirst())
            }
            out.append("e")
            out.append(exponent < 0 ? "-" : "+")
            let e = String(abs(exponent))
            if e.count < 2 { out.append("0") }
            out.append(e)
        } else if exponent < 0 {
            out.append("0.")
            out.append(String(repeating: "0", count: -exponent - 1))
            out.append(contentsOf: digits)
        } else if digits.count > exponent + 1 {
            out.append(contentsOf: digits.prefix(exponent + 1))
            out.append(".")
            out.append(contentsOf: digits.dropFirst(exponent + 1))
        } else {
            out.append(contentsOf: digits)
            out.append(String(repeating: "0", count: exponent + 1 - digits.count))
            out.append(".0")
        }
        return out
    }

    /// Sign, shortest significant digits and decimal exponent of a finite non-zero double,
    /// taken from Swift's shortest round-trip `description`.
    private static func shortestDigits(_ d: Double) -> (Bool, [Character], Int) {
        var text = Substring(d.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let intPart: Substring
        let fracPart: Substring
        if let dot = text.firstIndex(of: ".") {
            intPart = text[..<dot]
            fracPart = text[text.index(after: dot)...]
        } else {
            intPart = text
            fracPart = ""
        }
        var all = Array(intPart) + Array(fracPart)
        var pointExponent = intPart.count - 1 + exponent
        while let first = all.first, first == "0", all.count > 1 {
            all.removeFirst()
            pointExponent -= 1
        }
        while let last = all.last, last == "0", all.count > 1 { all.removeLast() }
        return (negative, all, pointExponent)
    }
}
