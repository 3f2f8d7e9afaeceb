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
                let c = b[i]
                var end = -1
                switch c {
                case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E: end = i + 1
                case 0x0D: end = (i + 1 < n && b[i + 1] == 0x0A) ? i + 2 : i + 1
                case 0xC2 where i + 1 < n && b[i + 1] == 0x85: end = i + 2
                case 0xE2 where i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9): end = i + 3
                default: break
                }
                if end >= 0 {
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
