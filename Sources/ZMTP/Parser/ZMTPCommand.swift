// SPDX-License-Identifier: Apache-2.0

/// A ZMTP command frame: a name and the command's data (23/ZMTP §"Commands").
///
/// ```
/// command body = name-size (1 byte, 1…255) name data
/// ```
/// Commands are rare and small, so their bytes are held in arrays; typed views of the commands
/// this module understands are in ``ZMTPCommand/Kind``.
public struct ZMTPCommand: Sendable, Hashable {
    /// The command name, e.g. "READY" (ASCII on the wire).
    public var name: String
    /// The bytes after the name.
    public var data: [UInt8]

    /// A command from its name and data.
    public init(name: String, data: [UInt8] = []) {
        self.name = name
        self.data = data
    }

    /// Parses a command body (the frame body of a command frame).
    /// - Throws: `ZMTPError.malformedCommand` if the name size is zero or runs past the body.
    init(body: [UInt8]) throws(ZMTPError) {
        guard let nameSize = body.first, nameSize > 0 else {
            throw ZMTPError(.malformedCommand, "command has an empty name")
        }
        guard Int(nameSize) <= body.count - 1 else {
            throw ZMTPError(.malformedCommand, "command name size \(nameSize) exceeds the \(body.count)-byte body")
        }
        name = String(decoding: body[1..<(1 + Int(nameSize))], as: UTF8.self)
        data = Array(body[(Int(nameSize) + 1)...])
    }

    /// The command body as sent on the wire: name size, name, data (the name is cut to 255 bytes).
    public var body: [UInt8] {
        let nameBytes = Array(name.utf8.prefix(255))
        var out: [UInt8] = []
        out.reserveCapacity(1 + nameBytes.count + data.count)
        out.append(UInt8(nameBytes.count))
        out.append(contentsOf: nameBytes)
        out.append(contentsOf: data)
        return out
    }
}

/// READY metadata: an ordered list of name/value properties; names compare case-insensitively.
///
/// ```
/// property = name-size (1 byte) name value-size (4 bytes, big-endian) value
/// ```
public struct ZMTPMetadata: Sendable, Hashable {
    /// The properties in wire order.
    public var properties: [(name: String, value: [UInt8])] {
        storage.map { ($0.name, $0.value) }
    }

    private var storage: [Property]

    private struct Property: Sendable, Hashable {
        var name: String
        var value: [UInt8]
    }

    /// Metadata with the given properties, in order.
    public init(_ properties: [(name: String, value: [UInt8])] = []) {
        storage = properties.map { Property(name: $0.name, value: $0.value) }
    }

    /// The value of the first property named `name` (ASCII case-insensitive), if any.
    public subscript(name: String) -> [UInt8]? {
        let wanted = Self.folded(name)
        return storage.first { Self.folded($0.name) == wanted }?.value
    }

    /// Appends a property.
    public mutating func append(name: String, value: [UInt8]) {
        storage.append(Property(name: name, value: value))
    }

    /// Parses properties filling all of `bytes`.
    /// - Throws: `ZMTPError.malformedCommand` if a size runs past the end or a name is empty.
    init(parsing bytes: [UInt8]) throws(ZMTPError) {
        storage = []
        var offset = 0
        while offset < bytes.count {
            let nameSize = Int(bytes[offset])
            offset += 1
            guard nameSize > 0 else {
                throw ZMTPError(.malformedCommand, "metadata property has an empty name")
            }
            guard nameSize + 4 <= bytes.count - offset else {
                throw ZMTPError(.malformedCommand, "metadata property name is truncated")
            }
            let name = String(decoding: bytes[offset..<(offset + nameSize)], as: UTF8.self)
            offset += nameSize
            var valueSize = 0
            for byte in bytes[offset..<(offset + 4)] {
                valueSize = valueSize << 8 | Int(byte)
            }
            offset += 4
            guard valueSize <= bytes.count - offset else {
                throw ZMTPError(.malformedCommand, "metadata property \(name) claims \(valueSize) bytes, \(bytes.count - offset) remain")
            }
            storage.append(Property(name: name, value: Array(bytes[offset..<(offset + valueSize)])))
            offset += valueSize
        }
    }

    /// The wire bytes of all properties (names cut to 255 bytes).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for property in storage {
            let nameBytes = Array(property.name.utf8.prefix(255))
            out.append(UInt8(nameBytes.count))
            out.append(contentsOf: nameBytes)
            let size = UInt32(truncatingIfNeeded: property.value.count)
            out.append(contentsOf: [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)])
            out.append(contentsOf: property.value)
        }
        return out
    }

    /// `name` with ASCII letters lowercased.
    private static func folded(_ name: String) -> [UInt8] {
        name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }
}
