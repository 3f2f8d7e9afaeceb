// SPDX-License-Identifier: Apache-2.0

/// Text helpers that match Python's `str` semantics where nbformat depends on them.
public enum PythonText {
    /// Python's `s.splitlines(keepends=True)`: breaks after `\n`, `\r`, `\r\n`, `\v`, `\f`, `\x1c`,
    /// `\x1d`, `\x1e`, U+0085, U+2028 and U+2029, keeping the line ends. `""` gives `[]`.
    public static func splitLinesKeepingEnds(_ s: String) -> [String] {
        var lines: [String] = []
        var copy = s
        copy.makeContiguousUTF8()
        copy.utf8.withContiguousStorageIfAvailable { b in
            var start = 0
            var i = 0
            let n = b.count
            while i < n {
                if let end = lineBreakEnd(b, at: i) {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
                    start = end
                    i = end
                } else {
                    i += 1
                }
            }
            if start < n { lines.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<n]), as: UTF8.self)) }
        }
        return lines
    }

    /// Where the line break starting at `i` ends (`\r\n` counts as one), or `nil` when none starts there.
    @inline(__always)
    private static func lineBreakEnd(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = b.count
        switch b[i] {
        case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E: return i + 1
        case 0x0D: return (i + 1 < n && b[i + 1] == 0x0A) ? i + 2 : i + 1
        case 0xC2 where i + 1 < n && b[i + 1] == 0x85: return i + 2
        case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): return i + 3
        default: return nil
        }
    }

    /// True when `items` are strings that `splitLinesKeepingEnds` of their concatenation gives back
    /// unchanged, so that joining and splitting them again (as nbformat's reader and writer do)
    /// can be skipped: no empty item, a line break at the end of every item but perhaps the last
    /// and nowhere else, and no `\r` ending one item before a `\n` starting the next.
    static func isCanonicalLineList(_ items: [JSONValue]) -> Bool {
        var previousEndsWithCR = false
        for (k, item) in items.enumerated() {
            guard case .string(let line) = item else { return false }
            let canonical = line.utf8.withContiguousStorageIfAvailable { b -> Bool in
                guard !b.isEmpty, !(previousEndsWithCR && b[0] == 0x0A) else { return false }
                previousEndsWithCR = b[b.count - 1] == 0x0D
                for i in b.indices {
                    if let end = lineBreakEnd(b, at: i) { return end == b.count }
                }
                return k == items.count - 1
            }
            guard canonical == true else { return false }
        }
        return true
    }

    /// Python's `s.splitlines()` without the line ends.
    public static func splitLines(_ s: String) -> [String] {
        splitLinesKeepingEnds(s).map(stripLineEnd)
    }

    /// The line without its trailing line break (any of the breaks `splitlines` knows).
    public static func stripLineEnd(_ line: String) -> String {
        var scalars = line.unicodeScalars[...]
        if scalars.last == "\n" {
            scalars = scalars.dropLast()
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            return String(String.UnicodeScalarView(scalars))
        }
        if let last = scalars.last, isLineBreak(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// True for the scalars Python's `splitlines` treats as line boundaries.
    public static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
