// SPDX-License-Identifier: Apache-2.0

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

    /// The members sorted by key in code-point order, as Python's `sort_keys=True` sorts them.
    public var sortedEntries: [(key: String, value: JSONValue)] {
        entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
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
        let length = key.utf8.count
        return entries.firstIndex { $0.key.utf8.count == length && $0.key.utf8.elementsEqual(key.utf8) }
    }

    /// Objects are equal when they hold the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs.entries where rhs[k] != v { return false }
        return true
    }
}
