// SPDX-License-Identifier: Apache-2.0

extension PythonString {
    /// True when `s` has a character that is not whitespace (Python: `any(c.strip() for c in s)`).
    static func hasNonSpace(_ s: String) -> Bool {
        s.unicodeScalars.contains { !isSpace($0) }
    }

    /// Python's `needle in haystack` for strings (code-point substring; `""` is in every string).
    public static func containsSubstring(_ haystack: String, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        if n.isEmpty { return true }
        let h = Array(haystack.utf8)
        guard h.count >= n.count else { return false }
        var i = 0
        while i <= h.count - n.count {
            if h[i] == n[0], h[i..<(i + n.count)].elementsEqual(n) { return true }
            i += 1
        }
        return false
    }
}

extension JSONValue {
    /// True when this is a string equal to `s` code point for code point (Python `==`).
    func isString(_ s: String) -> Bool {
        if case .string(let own) = self { return own.utf8.count == s.utf8.count && JSONObject.sameBytes(own, s) }
        return false
    }

    /// Python's `s in value`: a substring of a string, an element of a list, a key of a dict.
    /// `nil` where Python raises `TypeError` (numbers, booleans, `None`).
    func pythonContains(_ s: String) -> Bool? {
        switch self {
        case .string(let text): return PythonString.containsSubstring(text, s)
        case .array(let items): return items.contains { $0.isString(s) }
        case .object(let object): return object.contains(s)
        case .null, .bool, .number: return nil
        }
    }

    /// nbstripout's `get_size(value) <= limit`: the sum of `len()` of every string below `value`
    /// (dict keys excluded) and of `len(str(x))` for other scalars. Stops counting past `limit`.
    func sizeIsAtMost(_ limit: Int) -> Bool {
        var budget = limit
        return consumeSize(&budget)
    }

    private func consumeSize(_ budget: inout Int) -> Bool {
        switch self {
        case .string(let s):
            // A string has at least a quarter as many code points as UTF-8 bytes: skip counting
            // the code points of a long string that cannot fit.
            if (s.utf8.count + 3) / 4 > budget { return false }
            budget -= s.unicodeScalars.count
        case .array(let items):
            for item in items where !item.consumeSize(&budget) { return false }
        case .object(let object):
            for entry in object.entries where !entry.value.consumeSize(&budget) { return false }
        case .null, .bool(true): budget -= 4  // "None", "True"
        case .bool(false): budget -= 5  // "False"
        case .number(let number): budget -= JSONValue.strLength(number)
        }
        return budget >= 0
    }

    /// `len(str(number))` in Python.
    private static func strLength(_ number: JSONNumber) -> Int {
        if case .double(let d) = number, d.isInfinite { return d < 0 ? 4 : 3 }  // "-inf", "inf"
        return PythonNumberFormat.repr(number).utf8.count  // "nan" and "NaN" have the same length
    }
}
