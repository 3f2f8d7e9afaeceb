// SPDX-License-Identifier: Apache-2.0

/// A JSON value as Python's `json` module sees it: objects keep every key (compared byte for byte),
/// numbers keep the integer/float distinction, and `NaN`/`Infinity` are accepted as Python does.
public enum JSONValue: Sendable, Equatable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer or a floating-point number.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// The string payload, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// True when this is a string.
    public var isStringValue: Bool {
        if case .string = self { return true }
        return false
    }

    /// The array payload, or `nil` when this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object payload, or `nil` when this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The boolean payload, or `nil` when this is not a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The integer payload when it fits an `Int`, or `nil`.
    public var intValue: Int? {
        if case .number(.int(let i)) = self { return i }
        return nil
    }

    /// True for JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Python truthiness: `None`, `False`, `0`, `0.0`, `""`, `[]` and `{}` are false.
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .number(let n): return !n.isZero
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        }
    }

    /// The JSON type name used in messages (`"object"`, `"array"`, `"string"`, ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(.int), .number(.bigInteger): return "integer"
        case .number(.double): return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// A JSON number: an `Int`, an integer too large for `Int` (kept as its decimal digits), or a `Double`.
public enum JSONNumber: Sendable, Equatable {
    /// An integer that fits in `Int`.
    case int(Int)
    /// An integer outside `Int`'s range, as canonical decimal digits with an optional leading `-`.
    case bigInteger(String)
    /// A floating-point number (Python `float`), including NaN and the infinities.
    case double(Double)

    /// True when the number equals zero.
    public var isZero: Bool {
        switch self {
        case .int(let i): return i == 0
        case .bigInteger: return false
        case .double(let d): return d == 0
        }
    }

    /// The number as a `Double` (big integers approximated).
    public var doubleValue: Double {
        switch self {
        case .int(let i): return Double(i)
        case .bigInteger(let s): return Double(s) ?? .nan
        case .double(let d): return d
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    /// A string value from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value from a literal.
    public init(integerLiteral value: Int) { self = .number(.int(value)) }
    /// A float value from a literal.
    public init(floatLiteral value: Double) { self = .number(.double(value)) }
    /// A boolean value from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array value from a literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `null` from the `nil` literal.
    public init(nilLiteral: ()) { self = .null }
    /// An object value from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (k, v) in elements { object[k] = v }
        self = .object(object)
    }
}
