// SPDX-License-Identifier: Apache-2.0

/// Parses JSON text the way Python's `json.loads` does: strict strings, `NaN`/`Infinity` accepted,
/// integers of any size, the last of repeated keys winning. Errors carry the line and column.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted before parsing stops with an error.
    public static let maximumDepth = 1000

    /// Parses a complete JSON document from UTF-8 bytes (a leading UTF-8 byte-order mark is skipped).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = Parser(buffer)
            return try parser.parseDocument()
        }
    }

    /// Parses a complete JSON document from a string.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// Why JSON text could not be parsed, and where (1-based line and column, 0-based byte offset).
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, e.g. "expected ',' or '}' after an object member".
    public var reason: String
    /// 1-based line of the offending character.
    public var line: Int
    /// 1-based column (in characters) of the offending character.
    public var column: Int
    /// 0-based byte offset of the offending character.
    public var offset: Int

    /// "line L, column C: reason".
    public var description: String { "line \(line), column \(column): \(reason)" }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0
    /// The elements of the arrays being parsed, innermost last: each array's elements are
    /// gathered here and moved out at their final size when the array closes.
    let elementStack = MoveStack<JSONValue>()
    /// The members of the objects being parsed, gathered the same way.
    let memberStack = MoveStack<(key: String, value: JSONValue)>()

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if let bad = JSONBytes.firstInvalidUTF8(bytes) { throw error("the file is not valid UTF-8", at: bad) }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        skipWhitespace()
        if i == bytes.count { throw error("the document is empty: expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if i != bytes.count { throw error("extra data after the end of the JSON document") }
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input: expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return .object(try parseObject())
        case UInt8(ascii: "["): return .array(try parseArray())
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "N"): try expectWord("NaN"); return .number(.double(.nan))
        case UInt8(ascii: "I"): try expectWord("Infinity"); return .number(.double(.infinity))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value (object, array, string, number, true, false or null)")
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > JSONParser.maximumDepth {
            throw error("nesting deeper than \(JSONParser.maximumDepth) levels")
        }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONObject {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return JSONObject()
        }
        let base = memberStack.count
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error("expected a property name in double quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("expected ':' after the property name \"\(key)\"")
            }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            // A repeated key keeps its first position and takes the last value, as in Python.
            if let earlier = memberIndex(of: key, from: base) {
                memberStack.address(earlier).pointee.value = value
            } else {
                memberStack.push((key, value))
            }
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input: expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw error("expected ',' or '}' after an object member")
        }
        depth -= 1
        return JSONObject(distinctMembers: memberStack.pop(from: base))
    }

    /// The position in `memberStack` (at or after `base`) of a member named `key`.
    func memberIndex(of key: String, from base: Int) -> Int? {
        let count = key.utf8.count
        for k in base..<memberStack.count where memberStack.address(k).pointee.key.utf8.count == count {
            if JSONObject.sameBytes(memberStack.address(k).pointee.key, key) { return k }
        }
        return nil
    }

    mutating func parseArray() throws(JSONParseError) -> [JSONValue] {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return []
        }
        let base = elementStack.count
        while true {
            skipWhitespace()
            elementStack.push(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input: expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw error("expected ',' or ']' after an array element")
        }
        depth -= 1
        return elementStack.pop(from: base)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let start = i
        i += 1
        let runStart = i
        i = JSONBytes.plainRunEnd(bytes, from: i)
        guard i < bytes.count else { throw error("unterminated string", at: start) }
        // The common case: no escape, so the string is its bytes as they are.
        if bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<(i - 1)]), as: UTF8.self)
        }
        return try parseEscapedString(from: start, runStart: runStart)
    }

    /// The rest of a string that has an escape (or a control character, an error) at `i`.
    mutating func parseEscapedString(from start: Int, runStart first: Int) throws(JSONParseError) -> String {
        var runStart = first
        var out: [UInt8] = []
        while true {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("invalid control character in a string (escape it as \\u00XX)") }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            i += 1
            guard i < bytes.count else { throw error("unterminated string", at: start) }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): appendUTF8(try parseUnicodeEscape(), to: &out)
            default: i -= 1; throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
            }
            runStart = i
            i = JSONBytes.plainRunEnd(bytes, from: i)
            guard i < bytes.count else { throw error("unterminated string", at: start) }
        }
    }

    mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first) {
            if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                i += 2
                let second = try readHex4()
                if (0xDC00..<0xE000).contains(second) {
                    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    if let s = Unicode.Scalar(value) { return s }
                }
            }
            throw error("unpaired surrogate \\u\(hex(first)) in a string")
        }
        guard let s = Unicode.Scalar(first) else { throw error("unpaired surrogate \\u\(hex(first)) in a string") }
        return s
    }

    func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("invalid \\uXXXX escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: throw error("invalid \\uXXXX escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        for unit in UTF8.encode(s)! { out.append(unit) }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = i
        if bytes[i] == UInt8(ascii: "-") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "I") {
                try expectWord("Infinity")
                return .double(-.infinity)
            }
        }
        guard i < bytes.count, isDigit(bytes[i]) else { throw error("invalid number", at: start) }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
        var isFloat = false
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(bytes[i + 1]) {
            isFloat = true
            i += 1
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            if j < bytes.count, isDigit(bytes[j]) {
                isFloat = true
                i = j
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if isFloat {
            guard let d = Double(text) else { throw error("invalid number", at: start) }
            return .double(d)
        }
        if let v = Int(text) { return .int(v) }
        return .bigInteger(text)
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let start = i
        guard i + n <= bytes.count else { throw error("expected a value", at: start) }
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        for k in 0..<n where bytes[i + k] != w[k] { throw error("expected a value", at: start) }
        i += n
    }

    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        let at = min(offset ?? i, bytes.count)
        var line = 1
        var lineStart = 0
        for k in 0..<at where bytes[k] == 0x0A {
            line += 1
            lineStart = k + 1
        }
        var column = 1
        for k in lineStart..<at where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return JSONParseError(reason: reason, line: line, column: column, offset: at)
    }
}
