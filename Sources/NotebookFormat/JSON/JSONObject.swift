// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON object that keeps its members in insertion order and compares keys byte for byte,
/// as Python's `dict` does (two keys that differ only in Unicode normalisation stay distinct).
public struct JSONObject: Sendable, Equatable {
    /// The members in insertion order.
    public private(set) var entries: [(key: String, value: JSONValue)]

    /// An empty object.
    public init() { entries = [] }

    /// An object with these members; a repeated key keeps its first position and its last value.
    public init(_ members: [(String, JSONValue)]) {
        entries = []
        entries.reserveCapacity(members.count)
        for (k, v) in members { self[k] = v }
    }

    /// The number of members.
    public var count: Int { entries.count }

    /// True when the object has no members.
    public var isEmpty: Bool { entries.isEmpty }

    /// The keys in insertion order.
    public var keys: [String] { entries.map(\.key) }

    /// The value for a key, or `nil`; setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    /// Removes a key and returns its value, like Python's `dict.pop(key, None)`.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = index(of: key) else { return nil }
        return entries.remove(at: i).value
    }

    /// True when the key is present.
    public func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// The positions of the members in code-point order of their keys (no copying of the members).
    public var sortedIndices: [Int] {
        let keys = entries.map(\.key)
        var inOrder = true
        for i in keys.indices.dropFirst() where !JSONObject.precedes(keys[i - 1], keys[i]) {
            inOrder = false
            break
        }
        if inOrder { return Array(keys.indices) }
        return keys.indices.sorted { JSONObject.precedes(keys[$0], keys[$1]) }
    }

    /// Code-point (UTF-8 byte) order of two keys, as Python compares `str`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                if n > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
    }

    /// Changes the value stored under `key` in place, if present.
    public mutating func modify(_ key: String, _ body: (inout JSONValue) throws -> Void) rethrows {
        guard let i = index(of: key) else { return }
        try body(&entries[i].value)
    }

    /// Changes every value in place.
    public mutating func modifyValues(_ body: (String, inout JSONValue) throws -> Void) rethrows {
        for i in entries.indices { try body(entries[i].key, &entries[i].value) }
    }

    private func index(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { wanted in
            entries.firstIndex { entry in
                var candidate = entry.key
                return candidate.withUTF8 { have in
                    have.count == wanted.count
                        && (have.count == 0 || memcmp(have.baseAddress!, wanted.baseAddress!, have.count) == 0)
                }
            }
        }
    }

    /// Objects are equal when they hold the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs.entries where rhs[k] != v { return false }
        return true
    }
}
