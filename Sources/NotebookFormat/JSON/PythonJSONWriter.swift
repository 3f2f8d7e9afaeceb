// SPDX-License-Identifier: Apache-2.0

/// Serialises JSON exactly as Python's `json.dumps` does. The defaults are nbformat's settings,
/// `json.dumps(value, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)`;
/// `indent: nil, sortKeys: false` is `json.dumps(value, ensure_ascii=False)`, the single-line form
/// jupyter_client's `json_packer` puts on the wire (separators `", "` and `": "`).
public struct PythonJSONWriter: Sendable {
    /// Spaces per nesting level (nbformat uses 1); `nil` writes everything on one line.
    public var indent: Int?
    /// Whether object keys are sorted by code point (nbformat: true).
    public var sortKeys: Bool
    /// Whether non-ASCII characters are written as `\uXXXX` escapes (Python's `ensure_ascii=True`).
    public var asciiOnly: Bool

    /// A writer with nbformat's settings by default.
    public init(indent: Int? = 1, sortKeys: Bool = true, asciiOnly: Bool = false) {
        self.indent = indent
        self.sortKeys = sortKeys
        self.asciiOnly = asciiOnly
    }

    /// The UTF-8 bytes of `value` serialised (no trailing newline).
    public func bytes(_ value: JSONValue) -> [UInt8] {
        let out = OutputBytes(capacity: 4096)
        write(value, level: 0, into: out)
        return out.array
    }

    /// `value` serialised as a string (no trailing newline).
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Writes what goes between two members: `", "` on one line, else a comma (added by the caller).
    private func separator(into out: OutputBytes) {
        out.append(UInt8(ascii: ","))
        if indent == nil { out.append(0x20) }
    }

    private func newline(_ level: Int, into out: OutputBytes) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(spaces: level * indent)
    }

    private func write(_ value: JSONValue, level: Int, into out: OutputBytes) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(.int(let i)) where i >= 0 && i < 10: out.append(UInt8(ascii: "0") + UInt8(i))
        case .number(let n): out.append(PythonNumberFormat.repr(n))
        case .string(let s): writeString(s, into: out)
        case .array(let elements):
            if elements.isEmpty { out.append("[]"); return }
            out.append(UInt8(ascii: "["))
            for k in elements.indices {
                if k > 0 { separator(into: out) }
                newline(level + 1, into: out)
                write(elements[k], level: level + 1, into: out)
            }
            newline(level, into: out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append("{}"); return }
            out.append(UInt8(ascii: "{"))
            if !sortKeys || object.keysAreSorted {
                for k in object.entries.indices {
                    writeMember(object.entries[k], first: k == 0, level: level, into: out)
                }
            } else {
                for (k, index) in object.sortedIndices.enumerated() {
                    writeMember(object.entries[index], first: k == 0, level: level, into: out)
                }
            }
            newline(level, into: out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes one `"key": value` member of an object at `level`, after a separator unless it is the first.
    private func writeMember(
        _ member: (key: String, value: JSONValue), first: Bool, level: Int, into out: OutputBytes
    ) {
        if !first { separator(into: out) }
        newline(level + 1, into: out)
        writeString(member.key, into: out)
        out.append(": ")
        write(member.value, level: level + 1, into: out)
    }

    private func writeString(_ s: String, into out: OutputBytes) {
        if asciiOnly {
            var bytes: [UInt8] = []
            PythonJSONWriter.writeASCIIString(s, into: &bytes)
            bytes.withUnsafeBufferPointer { out.append($0) }
        } else {
            PythonJSONWriter.writeString(s, into: out)
        }
    }

    /// Appends `s` as Python's `ensure_ascii=True` writes it: DEL and non-ASCII as `\uXXXX` (UTF-16 units, lowercase hex).
    static func writeASCIIString(_ s: String, into out: inout [UInt8]) {
        var escaped: [UInt8] = []
        writeString(s, into: &escaped)
        for unit in String(decoding: escaped, as: UTF8.self).utf16 {
            if unit < 0x7F {
                out.append(UInt8(unit))
            } else {
                out.append(contentsOf: "\\u".utf8)
                for shift: UInt16 in [12, 8, 4, 0] { out.append(hexDigits[Int((unit >> shift) & 0xF)]) }
            }
        }
    }

    /// Appends `s` as a JSON string literal, escaping only what Python escapes with `ensure_ascii=False`.
    static func writeString(_ s: String, into out: inout [UInt8]) {
        let buffer = OutputBytes(capacity: s.utf8.count + 2)
        writeString(s, into: buffer)
        out += buffer.array
    }

    /// `writeString(_:into:)` into an output buffer.
    static func writeString(_ s: String, into out: OutputBytes) {
        out.append(UInt8(ascii: "\""))
        let handled: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped($0, into: out) }
        if handled == nil {
            var copy = s
            copy.makeContiguousUTF8()
            _ = copy.utf8.withContiguousStorageIfAvailable { appendEscaped($0, into: out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ buffer: UnsafeBufferPointer<UInt8>, into out: OutputBytes) {
        var runStart = 0
        while true {
            let i = JSONBytes.plainRunEnd(buffer, from: runStart)
            out.append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            guard i < buffer.count else { return }
            let b = buffer[i]
            runStart = i + 1
            out.append(UInt8(ascii: "\\"))
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "f"))
            default:
                out.append("u00")
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
    }
}
