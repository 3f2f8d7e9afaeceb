// SPDX-License-Identifier: Apache-2.0

/// A location inside a JSON document, written as a reader would: `cells[3].outputs[0].output_type`;
/// keys that are not plain identifiers are quoted (`data["image/png"]`), and the document itself is
/// `(top level)`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: an object key or an array index.
    public enum Component: Sendable, Hashable {
        /// A member of an object.
        case key(String)
        /// An element of an array.
        case index(Int)
    }

    /// The steps from the top of the document.
    public var components: [Component]

    /// A path from its steps (empty: the whole document).
    public init(_ components: [Component] = []) { self.components = components }

    /// True for the whole document.
    public var isRoot: Bool { components.isEmpty }

    /// This path with one more step.
    public func appending(_ component: Component) -> JSONPath { JSONPath(components + [component]) }

    /// This path followed by another.
    public func appending(_ other: JSONPath) -> JSONPath { JSONPath(components + other.components) }

    /// The readable form: `cells[3].metadata.tags[0]`, `data["image/png"]`, or `(top level)`.
    public var description: String {
        if components.isEmpty { return "(top level)" }
        var out = ""
        for component in components {
            switch component {
            case .index(let i): out += "[\(i)]"
            case .key(let key) where JSONPath.isIdentifier(key): out += out.isEmpty ? key : "." + key
            case .key(let key):
                var quoted: [UInt8] = []
                PythonJSONWriter.writeString(key, into: &quoted)
                out += "[" + String(decoding: quoted, as: UTF8.self) + "]"
            }
        }
        return out
    }

    /// True for keys written bare: ASCII letters, digits and `_`, not starting with a digit.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return key.utf8.allSatisfy { b in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
        }
    }
}
