// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
    /// Equality as JSON Schema defines it (and Python's `jsonschema` computes it): numbers compare by
    /// value across integers and floats, booleans equal only booleans, strings compare code point by
    /// code point, and NaN equals NaN (Python's parser hands out one NaN object).
    func schemaEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)):
            if case .double(let x) = a, case .double(let y) = b, x.isNaN, y.isNaN { return true }
            return a.compare(to: b) == 0
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.schemaEquals($1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            return a.entries.allSatisfy { entry in b[entry.key].map { entry.value.schemaEquals($0) } ?? false }
        default: return false
        }
    }

    /// The first element that equals an earlier one (`uniqueItems`), or nil.
    static func firstRepeated(in elements: [JSONValue]) -> JSONValue? {
        for i in elements.indices.dropFirst() {
            for j in 0..<i where elements[j].schemaEquals(elements[i]) { return elements[i] }
        }
        return nil
    }

    /// A short rendering for messages: compact JSON when it is short, else a description of its shape.
    var summary: String {
        var out = ""
        if JSONValue.render(self, into: &out, budget: 60) { return out }
        switch self {
        case .string(let s):
            var cut = ""
            cut.unicodeScalars.append(contentsOf: s.unicodeScalars.prefix(40))
            var bytes: [UInt8] = []
            PythonJSONWriter.writeString(cut, into: &bytes)
            return String(decoding: bytes.dropLast(), as: UTF8.self) + "…\""
        case .array(let a): return "an array of \(a.count) items"
        case .object(let o):
            let keys = o.keys.prefix(4).map { JSONValue.string($0).summary }.joined(separator: ", ")
            return "an object with keys \(keys)\(o.count > 4 ? ", …" : "")"
        default: return out
        }
    }

    /// Values listed for messages: `"a", "b", true`.
    static func list(_ values: [JSONValue]) -> String {
        values.map(\.summary).joined(separator: ", ")
    }

    /// Appends compact JSON; false (output unusable) when it would exceed `budget` characters.
    private static func render(_ value: JSONValue, into out: inout String, budget: Int) -> Bool {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += PythonNumberFormat.repr(n)
        case .string(let s):
            guard s.utf8.count <= budget else { return false }
            var bytes: [UInt8] = []
            PythonJSONWriter.writeString(s, into: &bytes)
            out += String(decoding: bytes, as: UTF8.self)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += ", " }
                guard out.utf8.count <= budget, render(element, into: &out, budget: budget) else { return false }
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (i, entry) in object.entries.enumerated() {
                if i > 0 { out += ", " }
                guard out.utf8.count <= budget, render(.string(entry.key), into: &out, budget: budget) else {
                    return false
                }
                out += ": "
                guard render(entry.value, into: &out, budget: budget) else { return false }
            }
            out += "}"
        }
        return out.utf8.count <= budget
    }
}

extension JSONNumber {
    /// -1, 0 or 1 as this number is below, equal to or above `other` by value; nil when either is NaN.
    func compare(to other: JSONNumber) -> Int? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bigInteger(let a), .bigInteger(let b)): return JSONNumber.compareDigits(a, b)
        case (.bigInteger(let a), .int): return a.hasPrefix("-") ? -1 : 1
        case (.int, .bigInteger(let b)): return b.hasPrefix("-") ? 1 : -1
        default:
            let a = doubleValue
            let b = other.doubleValue
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    /// Compares two canonical decimal integers.
    private static func compareDigits(_ a: String, _ b: String) -> Int {
        let negativeA = a.hasPrefix("-")
        let negativeB = b.hasPrefix("-")
        if negativeA != negativeB { return negativeA ? -1 : 1 }
        let digitsA = a.utf8.drop { $0 == UInt8(ascii: "-") }
        let digitsB = b.utf8.drop { $0 == UInt8(ascii: "-") }
        var order: Int
        if digitsA.count != digitsB.count {
            order = digitsA.count < digitsB.count ? -1 : 1
        } else if digitsA.elementsEqual(digitsB) {
            order = 0
        } else {
            order = digitsA.lexicographicallyPrecedes(digitsB) ? -1 : 1
        }
        return negativeA ? -order : order
    }
}
