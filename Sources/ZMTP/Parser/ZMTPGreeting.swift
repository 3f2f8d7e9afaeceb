// SPDX-License-Identifier: Apache-2.0

/// A ZMTP protocol version (major.minor); the session uses the lower of the two peers' versions.
public struct ZMTPVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major version (3 for every version this module speaks).
    public var major: UInt8
    /// The minor version (0 for 23/ZMTP, 1 for 37/ZMTP).
    public var minor: UInt8

    /// A version from its two numbers.
    public init(major: UInt8, minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    /// ZMTP 3.0 (rfc.zeromq.org 23/ZMTP): subscriptions travel as messages starting 0x01/0x00.
    public static let v3_0 = ZMTPVersion(major: 3, minor: 0)
    /// ZMTP 3.1 (rfc.zeromq.org 37/ZMTP): adds SUBSCRIBE/CANCEL and PING/PONG commands.
    public static let v3_1 = ZMTPVersion(major: 3, minor: 1)

    /// Orders by major, then minor.
    public static func < (lhs: ZMTPVersion, rhs: ZMTPVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    /// "3.1".
    public var description: String { "\(major).\(minor)" }
}

/// The 64-byte greeting each peer sends first (23/ZMTP §"Greeting").
///
/// ```
/// off  len  field
/// 0    1    0xFF          signature start
/// 1    8    padding       not significant (libzmq sends 00…01)
/// 9    1    0x7F          signature end
/// 10   1    major         3
/// 11   1    minor         0 or 1
/// 12   20   mechanism     "NULL", NUL-padded; chars A-Z 0-9 - _ . +
/// 32   1    as-server     0 or 1 (ignored for NULL)
/// 33   31   filler        zeros (not checked)
/// ```
public struct ZMTPGreeting: Sendable, Hashable {
    /// The greeting's length on the wire.
    public static let length = 64

    /// The version the sender speaks.
    public var version: ZMTPVersion
    /// The security mechanism name, without padding (this module supports only "NULL").
    public var mechanism: String
    /// The sender's as-server flag.
    public var asServer: Bool

    /// A greeting; the defaults are the NULL mechanism at version 3.1.
    public init(version: ZMTPVersion = .v3_1, mechanism: String = "NULL", asServer: Bool = false) {
        self.version = version
        self.mechanism = mechanism
        self.asServer = asServer
    }

    /// The 64 wire bytes (a mechanism name longer than 20 bytes is truncated).
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.length)
        out[0] = 0xFF
        out[8] = 0x01
        out[9] = 0x7F
        out[10] = version.major
        out[11] = version.minor
        for (index, byte) in mechanism.utf8.prefix(20).enumerated() {
            out[12 + index] = byte
        }
        out[32] = asServer ? 1 : 0
        return out
    }

    /// Parses a greeting at the front of `source` without consuming it.
    ///
    /// Checks each field as soon as its bytes are present, so garbage fails on its first byte.
    /// - Returns: nil if more bytes are needed.
    /// - Throws: `ZMTPError` `.invalidGreeting` or `.unsupportedVersion`.
    static func peek<Source: ZMTPByteSource>(in source: Source) throws(ZMTPError) -> ZMTPGreeting? {
        let available = source.readableByteCount
        if let first = source.peekByte(at: 0), first != 0xFF {
            throw ZMTPError(.invalidGreeting, "greeting byte 0 is \(hex(first)), expected 0xFF")
        }
        if let last = source.peekByte(at: 9), last != 0x7F {
            throw ZMTPError(.invalidGreeting, "greeting byte 9 is \(hex(last)), expected 0x7F")
        }
        if let major = source.peekByte(at: 10), major < 3 {
            throw ZMTPError(.unsupportedVersion, "peer speaks ZMTP major version \(major); 3 or later is required")
        }
        guard available >= length,
            let major = source.peekByte(at: 10),
            let minor = source.peekByte(at: 11),
            let mechanismBytes = source.peekBytes(at: 12, count: 20),
            let asServer = source.peekByte(at: 32)
        else { return nil }
        let mechanism = try parseMechanism(mechanismBytes)
        return ZMTPGreeting(version: ZMTPVersion(major: major, minor: minor), mechanism: mechanism, asServer: asServer != 0)
    }

    /// The mechanism name from its NUL-padded 20-byte field.
    private static func parseMechanism(_ field: [UInt8]) throws(ZMTPError) -> String {
        let nameBytes = field.prefix { $0 != 0 }
        guard !nameBytes.isEmpty else {
            throw ZMTPError(.invalidGreeting, "greeting names no security mechanism")
        }
        guard field.dropFirst(nameBytes.count).allSatisfy({ $0 == 0 }),
            nameBytes.allSatisfy(isMechanismCharacter)
        else {
            throw ZMTPError(.invalidGreeting, "greeting mechanism field is not a NUL-padded name")
        }
        return String(decoding: nameBytes, as: UTF8.self)
    }

    /// Whether `byte` may appear in a mechanism name: A-Z, 0-9, "-", "_", ".", "+".
    private static func isMechanismCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"): true
        default: false
        }
    }
}

/// "0x4F" for a byte, for error messages.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
