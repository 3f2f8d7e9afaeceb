// SPDX-License-Identifier: Apache-2.0

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
