// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// A JSON5 reader for JupyterLab's `.jupyterlab-settings` files: JSON plus `//` and `/* */`
/// comments, trailing commas, single-quoted strings, unquoted (identifier) keys, hexadecimal
/// numbers, leading `+` and bare `.` in numbers, `Infinity` and `NaN`.
struct JSON5Reader {
    /// A syntax error at a 1-based line and column.
    struct Failure: Error, Equatable, CustomStringConvertible {
        /// What was wrong.
        var reason: String
        /// The line of the offending character.
        var line: Int
        /// The column of the offending character.
        var column: Int
        /// `reason at line L, column C`.
        var description: String { "\(reason) at line \(line), column \(column)" }
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0

    /// Parses one JSON5 value filling the whole text.
    static func parse(_ text: String) throws(Failure) -> JSONValue {
        var reader = JSON5Reader(scalars: Array(text.unicodeScalars))
        try reader.skipSpace()
        let value = try reader.value()
        try reader.skipSpace()
        if reader.index < reader.scalars.count { throw reader.failure("Unexpected character '\(reader.scalars[reader.index])'") }
        return value
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// The error for the current position.
    private func failure(_ reason: String) -> Failure {
        var line = 1
        var column = 1
        for scalar in scalars[..<min(index, scalars.count)] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Failure(reason: reason, line: line, column: column)
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    /// Skips white space and comments.
    private mutating func skipSpace() throws(Failure) {
        while let c = current {
            if c.properties.isWhitespace || c == "\u{FEFF}" {
                index += 1
            } else if c == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while let d = current, d != "\n", d != "\r" { index += 1 }
            } else if c == "/", index + 1 < scalars.count, scalars[index + 1] == "*" {
                let start = index
                index += 2
                while index + 1 < scalars.count, !(scalars[index] == "*" && scalars[index + 1] == "/") { index += 1 }
                guard index + 1 < scalars.count else {
                    index = start
                    throw failure("Unterminated comment")
                }
                index += 2
            } else {
                return
            }
        }
    }

    /// Any value at the current position (white space already skipped).
    private mutating func value() throws(Failure) -> JSONValue {
        guard let c = current else { throw failure("Unexpected end of input") }
        switch c {
        case "{": return try object()
        case "[": return try array()
        case "\"", "'": return .string(try string())
        case "-", "+", ".", "0"..."9": return try number()
        default:
            let word = identifier()
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            case "Infinity": return .number(.double(.infinity))
            case "NaN": return .number(.double(.nan))
            default:
                index -= word.unicodeScalars.count
                throw failure("Unexpected character '\(c)'")
            }
        }
    }

    /// `{ key: value, … }` with an optional trailing comma.
    private mutating func object() throws(Failure) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONParser.maximumDepth else { throw failure("Too deeply nested") }
        index += 1
        var object = JSONObject()
        while true {
            try skipSpace()
            guard let c = current else { throw failure("Unterminated object") }
            if c == "}" { break }
            let key: String
            if c == "\"" || c == "'" {
                key = try string()
            } else {
                key = identifier()
                if key.isEmpty { throw failure("Expected a property name") }
            }
            try skipSpace()
            guard current == ":" else { throw failure("Expected ':' after property name") }
            index += 1
            try skipSpace()
            object[key] = try value()
            try skipSpace()
            if current == "," {
                index += 1
            } else if current != "}" {
                throw failure("Expected ',' or '}' in object")
            }
        }
        index += 1
        return .object(object)
    }

    /// `[ value, … ]` with an optional trailing comma.
    private mutating func array() throws(Failure) -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONParser.maximumDepth else { throw failure("Too deeply nested") }
        index += 1
        var items: [JSONValue] = []
        while true {
            try skipSpace()
            guard let c = current else { throw failure("Unterminated array") }
            if c == "]" { break }
            items.append(try value())
            try skipSpace()
            if current == "," {
                index += 1
            } else if current != "]" {
                throw failure("Expected ',' or ']' in array")
            }
        }
        index += 1
        return .array(items)
    }

    /// An identifier: letters, digits, `_` and `$` (what unquoted keys and literals are made of).
    private mutating func identifier() -> String {
        var word = String.UnicodeScalarView()
        while let c = current, c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "$" {
            word.append(c)
            index += 1
        }
        return String(word)
    }

    /// A string in double or single quotes, with JSON's escapes plus `\'`, `\0`, `\xHH` and line continuations.
    private mutating func string() throws(Failure) -> String {
        let quote = scalars[index]
        index += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw failure("Unterminated string") }
            if c == quote {
                index += 1
                return String(out)
            }
            if c == "\n" || c == "\r" { throw failure("Unescaped line break in string") }
            index += 1
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let e = current else { throw failure("Unterminated string") }
            index += 1
            switch e {
            case "b": out.append("\u{8}")
            case "f": out.append("\u{C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{B}")
            case "0": out.append("\0")
            case "\n", "\u{2028}", "\u{2029}": break
            case "\r": if current == "\n" { index += 1 }
            case "x": out.append(try hexScalar(digits: 2))
            case "u":
                var code = try hexValue(digits: 4)
                if (0xD800..<0xDC00).contains(code), current == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" {
                    index += 2
                    let low = try hexValue(digits: 4)
                    if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                }
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: out.append(e)
            }
        }
    }

    /// `digits` hexadecimal digits as a number.
    private mutating func hexValue(digits: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let c = current, c.isASCII, let digit = Int(String(c), radix: 16) else {
                throw failure("Invalid escape sequence")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    /// `digits` hexadecimal digits as a scalar.
    private mutating func hexScalar(digits: Int) throws(Failure) -> Unicode.Scalar {
        Unicode.Scalar(try hexValue(digits: digits)) ?? "\u{FFFD}"
    }

    /// A number: decimal (with optional sign, leading or trailing dot, exponent), hexadecimal,
    /// or a signed `Infinity`/`NaN`.
    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        var negative = false
        if current == "+" || current == "-" {
            negative = current == "-"
            index += 1
        }
        if let c = current, c.properties.isAlphabetic, c != "e", c != "E" {
            let word = identifier()
            if word == "Infinity" { return .number(.double(negative ? -.infinity : .infinity)) }
            if word == "NaN" { return .number(.double(.nan)) }
            index = start
            throw failure("Invalid number")
        }
        if current == "0", index + 1 < scalars.count, scalars[index + 1] == "x" || scalars[index + 1] == "X" {
            index += 2
            let digitsStart = index
            while let c = current, c.isASCII, c.properties.isASCIIHexDigit { index += 1 }
            guard index > digitsStart, let value = Int(String(String.UnicodeScalarView(scalars[digitsStart..<index])), radix: 16) else {
                throw failure("Invalid hexadecimal number")
            }
            return .number(.int(negative ? -value : value))
        }
        while let c = current, ("0"..."9").contains(c) || c == "." || c == "e" || c == "E" || c == "+" || c == "-" {
            index += 1
        }
        var text = String(String.UnicodeScalarView(scalars[start..<index]))
        if text.hasPrefix("+") { text.removeFirst() }
        let isInteger = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        if isInteger, let int = Int(text) { return .number(.int(int)) }
        if isInteger, text.drop(while: { $0 == "-" }).allSatisfy(\.isNumber), !text.isEmpty {
            return .number(.bigInteger(text))
        }
        guard let double = Double(text), !text.hasSuffix("e"), !text.hasSuffix("E") else {
            index = start
            throw failure("Invalid number")
        }
        return .number(.double(double))
    }
}
