// SPDX-License-Identifier: Apache-2.0

/// What `PythonText.isCanonicalLineList` looks at in one line, read from the content of its JSON
/// string (escapes as Python writes them): the line breaks Python's `splitlines` knows.
struct LineShape {
    private(set) var startsWithLF = false
    private(set) var endsWithBreak = false
    private(set) var endsWithCR = false

    /// The shape of the string content at `content`; `nil` when it is empty or has a line break
    /// before its end.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ content: Range<Int>) {
        guard !content.isEmpty else { return nil }
        var k = content.lowerBound
        var afterBreak = false
        var afterCR = false
        while k < content.upperBound {
            if bytes[k] != UInt8(ascii: "\\"), bytes[k] < 0xC2 {
                // A run of characters that are no line breaks (the usual case, done byte by byte).
                if afterBreak { return nil }  // a line break inside the line
                k += 1
                while k < content.upperBound, bytes[k] != UInt8(ascii: "\\"), bytes[k] < 0xC2 { k += 1 }
                afterCR = false
                continue
            }
            var isBreak = false
            var isCR = false
            var isLF = false
            let character = k
            switch bytes[k] {
            case UInt8(ascii: "\\"):
                switch bytes[k + 1] {
                case UInt8(ascii: "n"): (isBreak, isLF) = (true, true)
                case UInt8(ascii: "r"): (isBreak, isCR) = (true, true)
                case UInt8(ascii: "f"): isBreak = true
                case UInt8(ascii: "u"):
                    let value = CanonicalJSONScanner.controlEscapeValue(bytes, at: k) ?? 0
                    isBreak = value == 0x0B || (0x1C...0x1E).contains(value)
                    k += 4
                default: break
                }
                k += 2
            case 0xC2 where bytes[k + 1] == 0x85:  // U+0085 (valid UTF-8: the next byte exists)
                isBreak = true
                k += 2
            case 0xE2 where bytes[k + 1] == 0x80 && (bytes[k + 2] == 0xA8 || bytes[k + 2] == 0xA9):  // U+2028, U+2029
                isBreak = true
                k += 3
            default:
                k += 1
            }
            if afterBreak, !(afterCR && isLF) { return nil }  // a line break inside the line
            if character == content.lowerBound { startsWithLF = isLF }
            afterBreak = isBreak
            afterCR = isCR
        }
        endsWithBreak = afterBreak
        endsWithCR = afterCR
    }
}
