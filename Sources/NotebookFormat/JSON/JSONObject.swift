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
        for (k, v) in members { set(k, v) }
    }

    /// An object over members whose keys are known to be distinct (the parser checks as it goes).
    init(distinctMembers: [(key: String, value: JSONValue)]) { entries = distinctMembers }

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
            if let newValue {
                set(key, newValue)
            } else if let i = index(of: key) {
                entries.remove(at: i)
            }
        }
    }

    /// Stores `value` under `key`: in place if the key is present, else appended.
    mutating func set(_ key: String, _ value: JSONValue) {
        if let i = index(of: key) { entries[i].value = value } else { entries.append((key, value)) }
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
        if keysAreSorted { return Array(entries.indices) }
        return entries.indices.sorted { JSONObject.precedes(entries[$0].key, entries[$1].key) }
    }

    /// True when the keys are already in code-point order (as in every file nbformat wrote).
    var keysAreSorted: Bool {
        entries.withUnsafeBufferPointer { members in
            for i in members.indices.dropFirst() where !JSONObject.precedes(members[i - 1].key, members[i].key) {
                return false
            }
            return true
        }
    }

    /// Code-point (UTF-8 byte) order of two keys, as Python compares `str`.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let ordered = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let n = min(x.count, y.count)
                if n > 0 {
                    let c = memcmp(x.baseAddress!, y.baseAddress!, n)
                    if c != 0 { return c < 0 }
                }
                return x.count < y.count
            }
        }
        if let ordered, let ordered { return ordered }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
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

    /// The position of `key`. Keys are compared byte for byte. The same key is usually the same
    /// small string (a key of up to 15 bytes is stored inside the `String` itself), found by its
    /// 16 bytes alone; otherwise most candidates are ruled out by their UTF-8 length, which a
    /// `String` stores, without touching their bytes.
    private func index(of key: String) -> Int? {
        entries.withUnsafeBufferPointer { members in
            let bits = JSONObject.representation(key)
            for i in members.indices where JSONObject.representation(members[i].key) == bits { return i }
            let count = key.utf8.count
            for i in members.indices where members[i].key.utf8.count == count {
                if JSONObject.sameBytes(members[i].key, key) { return i }
            }
            return nil
        }
    }

    /// A string's 16 bytes: equal for the same small string or the same storage, and then the
    /// strings hold the same bytes (different representations may hold the same bytes too).
    @inline(__always)
    static func representation(_ s: String) -> SIMD2<UInt64> {
        unsafeBitCast(s, to: SIMD2<UInt64>.self)
    }

    /// True when two strings hold the same UTF-8 bytes (Python's `str` equality).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        if representation(a) == representation(b) { return true }
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// Objects are equal when they hold the same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs.entries where rhs[k] != v { return false }
        return true
    }
}
