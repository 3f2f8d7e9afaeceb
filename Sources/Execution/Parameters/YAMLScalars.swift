// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// PyYAML's YAML 1.1 scalar typing as papermill loads parameters (`SafeLoader` without the
/// timestamp resolver): which plain scalars are null, booleans, integers or floats, and how the
/// `int`, `float` and `bool` constructors turn text into values, including explicit `!!int`,
/// `!!float` and `!!bool` tags. Yams' own resolver follows YAML 1.2 (`0o17` and `1e3` are numbers
/// there, `yes` is not), so Quire resolves plain scalars itself.
enum YAMLScalars {
    /// The type PyYAML's implicit resolver gives a plain scalar.
    enum ImplicitType {
        case null, bool, int, float, string
        /// `<<`: a merge key (an error anywhere but a mapping key).
        case merge
        /// `=`: the YAML 1.1 value key (a string as a mapping key, an error elsewhere).
        case value
    }

    /// The implicit type of a plain scalar, checked in PyYAML's resolver order.
    static func implicitType(of text: String) -> ImplicitType {
        if boolWords.contains(text) { return .bool }
        if (try? floatPattern.wholeMatch(in: text)) != nil { return .float }
        if (try? intPattern.wholeMatch(in: text)) != nil { return .int }
        if text == "<<" { return .merge }
        if nullWords.contains(text) { return .null }
        if text == "=" { return .value }
        return .string
    }

    /// PyYAML's `construct_yaml_bool`: `yes`/`no`/`true`/`false`/`on`/`off` in any case.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on": return true
        case "no", "false", "off": return false
        default: return nil
        }
    }

    /// PyYAML's `construct_yaml_int`: underscores dropped, a sign, then `0b`, `0x`, a leading `0`
    /// (octal), `:` (base 60) or decimal, each read by Python's `int()`. `nil` where it raises.
    static func int(_ text: String) -> JSONNumber? {
        var value = text.replacingScalar("_", with: "")
        guard let first = value.unicodeScalars.first else { return nil }  // IndexError in PyYAML
        let negative = first == "-"
        if first == "-" || first == "+" { value = String(value.unicodeScalars.dropFirst()) }
        let signed: (JSONNumber?) -> JSONNumber? = { number in
            guard let number else { return nil }
            return negative ? negated(number) : number
        }
        if value == "0" { return .int(0) }
        if value.hasPrefix("0b") { return signed(PythonNumberSyntax.int(String(value.dropFirst(2)), base: 2)) }
        if value.hasPrefix("0x") { return signed(PythonNumberSyntax.int(String(value.dropFirst(2)), base: 16)) }
        if value.hasPrefix("0") { return signed(PythonNumberSyntax.int(value, base: 8)) }
        if value.contains(":") {
            var total = UnboundedInteger()
            for part in value.split(separator: ":", omittingEmptySubsequences: false) {
                guard let digit = PythonNumberSyntax.int(String(part)) else { return nil }
                guard let magnitude = unsignedMagnitude(digit) else { return nil }
                total.multiply(by: 60, adding: magnitude)
            }
            return signed(total.number(negative: false))
        }
        return signed(PythonNumberSyntax.int(value))
    }

    /// PyYAML's `construct_yaml_float`: underscores dropped, lower-cased, a sign, then `.inf`,
    /// `.nan`, `:` (base 60) or Python's `float()`. `nil` where it raises.
    static func float(_ text: String) -> Double? {
        var value = text.replacingScalar("_", with: "").lowercased()
        guard let first = value.unicodeScalars.first else { return nil }
        let sign: Double = first == "-" ? -1 : 1
        if first == "-" || first == "+" { value = String(value.unicodeScalars.dropFirst()) }
        if value == ".inf" { return sign * .infinity }
        if value == ".nan" { return .nan }
        if value.contains(":") {
            var total = 0.0
            var base = 1.0
            for part in value.split(separator: ":", omittingEmptySubsequences: false).reversed() {
                guard let digit = PythonNumberSyntax.float(String(part)) else { return nil }
                total += digit * base
                base *= 60
            }
            return sign * total
        }
        return PythonNumberSyntax.float(value).map { sign * $0 }
    }

    // MARK: - Private

    private static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    private static let nullWords: Set<String> = ["~", "null", "Null", "NULL", ""]

    // PyYAML's resolver patterns (resolver.py), with the (?x) layout removed.
    nonisolated(unsafe) private static let floatPattern =
        #/[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/#
    nonisolated(unsafe) private static let intPattern =
        #/[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/#

    private static func negated(_ number: JSONNumber) -> JSONNumber {
        switch number {
        case .int(let i): return i == Int.min ? .bigInteger("9223372036854775808") : .int(-i)
        case .bigInteger(let digits):
            if digits.hasPrefix("-") {
                let positive = String(digits.dropFirst())
                return Int(positive).map { .int($0) } ?? .bigInteger(positive)
            }
            return Int("-" + digits).map { .int($0) } ?? .bigInteger("-" + digits)
        case .double(let d): return .double(-d)
        }
    }

    /// A non-negative integer as an `UnboundedInteger`, or `nil` for a negative one (a sign inside a
    /// base-60 part, which PyYAML's resolver never lets through).
    private static func unsignedMagnitude(_ number: JSONNumber) -> UnboundedInteger? {
        let digits: String
        switch number {
        case .int(let i) where i >= 0: digits = String(i)
        case .bigInteger(let d) where !d.hasPrefix("-"): digits = d
        default: return nil
        }
        var value = UnboundedInteger()
        for byte in digits.utf8 { value.multiply(by: 10, adding: UInt32(byte - UInt8(ascii: "0"))) }
        return value
    }
}
