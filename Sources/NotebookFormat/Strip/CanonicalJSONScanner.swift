// SPDX-License-Identifier: Apache-2.0

/// Reads JSON text in exactly the form `nbformat.write` gives it (Python's `json.dumps` with
/// indent 1, keys sorted, `ensure_ascii=False`) and copies it with some values removed or
/// replaced. A method answers false or `nil` as soon as the text departs from that form, which
/// says nothing about whether the text is valid: the caller then takes the general path, which
/// parses, reports errors and writes the notebook anew. The text must be valid UTF-8 (checked
/// once by the caller).
struct CanonicalJSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The offset of the next byte to read.
    var i = 0
    /// The edited copy, up to `copied`.
    private var output: [UInt8] = []
    /// The offset up to which `bytes` is accounted for in `output`.
    private var copied = 0
    /// Whether the last string read by `string()` had escapes.
    private(set) var lastStringHadEscapes = false
    /// How deep values may nest before the scanner gives up (the general path reports it).
    private static let maximumDepth = 512

    /// A scanner at the start of `bytes`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        output.reserveCapacity(bytes.count)
    }

    // MARK: - Editing

    /// Puts `replacement` in place of `range` in the copy. Ranges must come in increasing order.
    mutating func replace(_ range: Range<Int>, with replacement: some Collection<UInt8>) {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<range.lowerBound]))
        output.append(contentsOf: replacement)
        copied = range.upperBound
    }

    /// The edited copy of the whole text.
    mutating func editedCopy() -> [UInt8] {
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        copied = bytes.count
        return output
    }

    // MARK: - Tokens

    /// Consumes `byte` if it comes next.
    @inline(__always)
    mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    /// Consumes a line break and the indentation of nesting level `depth` (one space a level).
    mutating func takeNewline(indent depth: Int) -> Bool {
        guard i + depth < bytes.count, bytes[i] == 0x0A else { return false }
        var k = 1
        while k <= depth {
            guard bytes[i + k] == 0x20 else { return false }
            k += 1
        }
        i += depth + 1
        return true
    }

    /// Consumes `word` (`true`, `false`, `null`) if it comes next.
    mutating func take(word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return false }
        i += n
        return true
    }

    /// True when the bytes in `range` spell `word`.
    func spells(_ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount
            && UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(
                UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            )
    }

    /// True when the bytes in `range` are `word`.
    func spells(_ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(word)
    }

    /// Consumes a string written as Python writes it and returns the range of its content.
    mutating func string() -> Range<Int>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        lastStringHadEscapes = false
        while true {
            i = JSONBytes.plainRunEnd(bytes, from: i)
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                return start..<(i - 1)
            case UInt8(ascii: "\\"):
                guard takeEscape() else { return nil }
                lastStringHadEscapes = true
            default:
                return nil  // a raw control character
            }
        }
    }

    /// Consumes one escape as Python writes it: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and
    /// `\u00XX` (lowercase hexadecimal) for the other control characters.
    private mutating func takeEscape() -> Bool {
        guard i + 1 < bytes.count else { return false }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"),
            UInt8(ascii: "b"), UInt8(ascii: "f"):
            i += 2
            return true
        case UInt8(ascii: "u"):
            guard let value = Self.controlEscapeValue(bytes, at: i) else { return false }
            switch value {
            case 0x08, 0x09, 0x0A, 0x0C, 0x0D: return false  // these have short forms
            default:
                i += 6
                return true
            }
        default:
            return false
        }
    }

    /// The character of a `\u00XX` escape at `offset` below 0x20 written in lowercase, or `nil`.
    static func controlEscapeValue(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt8? {
        guard offset + 6 <= bytes.count, bytes[offset + 2] == 0x30, bytes[offset + 3] == 0x30 else { return nil }
        let high = bytes[offset + 4]
        let low = bytes[offset + 5]
        guard high == 0x30 || high == 0x31 else { return nil }
        let lowValue: UInt8
        switch low {
        case 0x30...0x39: lowValue = low - 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): lowValue = low - UInt8(ascii: "a") + 10
        default: return nil
        }
        return (high - 0x30) << 4 | lowValue
    }

    /// Consumes a number as Python writes it: an integer of at most 18 digits, or a finite float
    /// in `repr` form (the parser's reading of it, written back, gives the same bytes).
    mutating func number() -> Bool {
        let start = i
        while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
        let token = UnsafeBufferPointer(rebasing: bytes[start..<i])
        let digits = token.first == UInt8(ascii: "-") ? UnsafeBufferPointer(rebasing: token.dropFirst()) : token
        if !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            let leadingZero = digits[0] == 0x30 && (digits.count > 1 || digits.count < token.count)
            return !leadingZero && digits.count <= 18
        }
        guard case .number(.double(let value))? = try? JSONParser.parse(token), value.isFinite else { return false }
        return PythonNumberFormat.repr(value).utf8.elementsEqual(token)
    }

    private static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    // MARK: - Values

    /// Consumes any value in canonical form, its lines indented for nesting level `depth`.
    mutating func skipValue(depth: Int) -> Bool {
        guard i < bytes.count, depth < Self.maximumDepth else { return false }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            guard var walk = beginObject(depth: depth) else { return false }
            while next(&walk) != nil {
                guard skipValue(depth: depth + 1) else { return false }
                keep(&walk)
            }
            return walk.ended
        case UInt8(ascii: "["):
            guard var walk = beginArray(depth: depth) else { return false }
            while next(&walk) {
                guard skipValue(depth: depth + 1) else { return false }
            }
            return walk.ended
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return take(word: "true")
        case UInt8(ascii: "f"): return take(word: "false")
        case UInt8(ascii: "n"): return take(word: "null")
        default: return number()
        }
    }

    /// True when the next byte is `byte` (nothing is consumed).
    func peek(_ byte: UInt8) -> Bool {
        i < bytes.count && bytes[i] == byte
    }

    // MARK: - Objects

    /// Walking the members of one object, at nesting level `depth`.
    struct ObjectWalk {
        let depth: Int
        /// Members read so far.
        var count = 0
        /// Members kept so far.
        var kept = 0
        /// Whether the object's `}` was read (rather than text out of form).
        var ended = false
        var previousKey: Range<Int>? = nil
        /// Where the member being read starts: its `,`, or for the first, the line break before it.
        var memberStart = 0
    }

    /// Consumes `{` if it comes next.
    mutating func beginObject(depth: Int) -> ObjectWalk? {
        take(UInt8(ascii: "{")) ? ObjectWalk(depth: depth) : nil
    }

    /// Consumes what leads to the next member's value (separator, indentation, key, `: `) and
    /// returns the key's range; `nil` at the end of the object (`walk.ended`) or where the text
    /// is out of form. Keys must come in Python's sorted order, without escapes. Every member's
    /// value must then be consumed and the member passed to `keep(_:)` or `drop(_:)`.
    mutating func next(_ walk: inout ObjectWalk) -> Range<Int>? {
        let start = i
        if walk.count == 0 {
            if take(UInt8(ascii: "}")) {
                walk.ended = true
                return nil
            }
        } else if !take(UInt8(ascii: ",")) {
            guard takeNewline(indent: walk.depth), take(UInt8(ascii: "}")) else { return nil }
            if walk.kept == 0 { replace(start..<(i - 1), with: EmptyCollection()) }  // every member went: `{}`
            walk.ended = true
            return nil
        }
        guard takeNewline(indent: walk.depth + 1), let key = string(), take(UInt8(ascii: ":")), take(0x20) else {
            return nil
        }
        guard !lastStringHadEscapes else { return nil }
        let keyBytes = UnsafeBufferPointer(rebasing: bytes[key])
        if let previous = walk.previousKey {
            guard UnsafeBufferPointer(rebasing: bytes[previous]).lexicographicallyPrecedes(keyBytes) else { return nil }
        }
        walk.previousKey = key
        walk.count += 1
        walk.memberStart = start
        return key
    }

    /// Keeps the member whose value was just consumed.
    mutating func keep(_ walk: inout ObjectWalk) {
        if walk.kept == 0, walk.count > 1 {
            replace(walk.memberStart..<(walk.memberStart + 1), with: EmptyCollection())
        }
        walk.kept += 1
    }

    /// Removes the member whose value was just consumed, with its separator.
    mutating func drop(_ walk: inout ObjectWalk) {
        replace(walk.memberStart..<i, with: EmptyCollection())
    }

    // MARK: - Arrays

    /// Walking the elements of one array, at nesting level `depth`.
    struct ArrayWalk {
        let depth: Int
        /// Elements read so far.
        var count = 0
        /// Whether the array's `]` was read (rather than text out of form).
        var ended = false
    }

    /// Consumes `[` if it comes next.
    mutating func beginArray(depth: Int) -> ArrayWalk? {
        take(UInt8(ascii: "[")) ? ArrayWalk(depth: depth) : nil
    }

    /// Consumes the separator and indentation before the next element and answers true; false at
    /// the end of the array (`walk.ended`) or where the text is out of form.
    mutating func next(_ walk: inout ArrayWalk) -> Bool {
        if walk.count == 0 {
            if take(UInt8(ascii: "]")) {
                walk.ended = true
                return false
            }
        } else if !take(UInt8(ascii: ",")) {
            walk.ended = takeNewline(indent: walk.depth) && take(UInt8(ascii: "]"))
            return false
        }
        guard takeNewline(indent: walk.depth + 1) else { return false }
        walk.count += 1
        return true
    }
}
