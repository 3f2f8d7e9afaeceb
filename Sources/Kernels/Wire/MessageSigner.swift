// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
public import NIOCore

/// Signs and verifies messages with the connection's key (messaging spec, "The Wire Protocol":
/// HMAC-SHA256 over header, parent header, metadata and content; buffers are not signed).
///
/// An empty key means no signing: the signature frame is empty and incoming signatures are not
/// checked, as jupyter_client does. Signatures are compared in constant time.
public struct MessageSigner: Sendable {
    /// The only scheme Jupyter kernels use (`signature_scheme` in the connection file).
    public static let hmacSHA256 = "hmac-sha256"

    /// The HMAC state after absorbing the key, copied for every message (nil without a key).
    private let keyed: KeyedHMAC?

    /// A signer for a key; `scheme` must be `hmac-sha256` (anything else throws `unsupportedSignatureScheme`).
    public init(key: [UInt8], scheme: String = MessageSigner.hmacSHA256) throws(KernelsError) {
        guard scheme == MessageSigner.hmacSHA256 else {
            throw KernelsError(
                .unsupportedSignatureScheme,
                "signature scheme '\(scheme)' is not supported; Quire signs messages with hmac-sha256 only"
            )
        }
        self.keyed = key.isEmpty ? nil : KeyedHMAC(key: key)
    }

    /// A signer for a connection file's `key` (its UTF-8 bytes, not hex-decoded) and `signature_scheme`.
    public init(connectionKey: String, scheme: String = MessageSigner.hmacSHA256) throws(KernelsError) {
        try self.init(key: Array(connectionKey.utf8), scheme: scheme)
    }

    /// A signer that neither signs nor checks (empty key).
    public static let unsigned = MessageSigner(noKey: ())

    private init(noKey: Void) { keyed = nil }

    /// True when messages are signed and checked.
    public var isSigning: Bool { keyed != nil }

    /// The lowercase hex signature of four serialised parts, or "" without a key.
    public func signature(for parts: [ByteBuffer]) -> String {
        guard let keyed else { return "" }
        return String(decoding: MessageSigner.hex(keyed.authenticationCode(for: parts)), as: UTF8.self)
    }

    /// Sets the signature frame of `message` from its four JSON frames.
    public func sign(_ message: inout WireMessage) {
        guard let keyed else {
            message.signature = ByteBuffer()
            return
        }
        message.signature = ByteBuffer(bytes: MessageSigner.hex(keyed.authenticationCode(for: message.signedParts)))
    }

    /// Checks the signature of `message`. Throws `invalidSignature` when it is missing, is not
    /// 64 lowercase hex digits, or does not match; does nothing without a key.
    public func verify(_ message: WireMessage) throws(KernelsError) {
        guard let keyed else { return }
        guard message.signature.readableBytes > 0 else {
            throw KernelsError(.invalidSignature, "the message is not signed, but this connection has a key")
        }
        guard let expected = MessageSigner.decodeHex(message.signature) else {
            throw KernelsError(.invalidSignature, "the signature is not 64 lowercase hex digits")
        }
        guard keyed.authenticationCode(for: message.signedParts) == expected else {
            throw KernelsError(.invalidSignature, "the signature does not match the message (wrong key, or the message was altered)")
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase hex digits of a MAC.
    private static func hex(_ mac: HMAC<SHA256>.MAC) -> [UInt8] {
        var digits: [UInt8] = []
        digits.reserveCapacity(2 * SHA256.byteCount)
        for byte in mac {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0f)])
        }
        return digits
    }

    /// The 32 bytes of a 64-digit lowercase hex signature (what Python's `hexdigest` writes), or nil.
    private static func decodeHex(_ frame: ByteBuffer) -> [UInt8]? {
        guard frame.readableBytes == 2 * SHA256.byteCount else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(SHA256.byteCount)
        var high: UInt8?
        for character in frame.readableBytesView {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}

/// HMAC-SHA256 with the key already absorbed: computing a MAC copies this state (copy on write)
/// instead of deriving the inner and outer pads from the key for every message.
private final class KeyedHMAC: @unchecked Sendable {
    // @unchecked: `template` is never mutated after init; each use mutates its own copy.
    private let template: HMAC<SHA256>

    init(key: [UInt8]) {
        template = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    /// The MAC of the parts, in order.
    func authenticationCode(for parts: [ByteBuffer]) -> HMAC<SHA256>.MAC {
        var hmac = template
        for part in parts {
            part.withUnsafeReadableBytes { hmac.update(data: $0) }
        }
        return hmac.finalize()
    }
}
