// SPDX-License-Identifier: Apache-2.0

import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Message and session ids as jupyter_client makes them (`jupyter_client/session.py`).
public enum MessageID {
    private static let counter = Atomic<Int>(0)

    /// A new `msg_id`: `<session>_<pid>_<n>`, `n` counting the messages this process has made.
    public static func make(session: String) -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return "\(session)_\(getpid())_\(n)"
    }

    /// A new random id like jupyter_client's `new_id()`: 16 random bytes as hex, split 4/12 by `-`
    /// (`26f01f5b-d4075b52b2893662e885ffe6`). Used for session ids and connection keys.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hex = bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return hex[0..<4].joined() + "-" + hex[4...].joined()
    }

    /// A random (version 4) UUID in lowercase, as Python's `str(uuid.uuid4())` writes it: the
    /// form of jupyter_server's kernel ids.
    public static func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
