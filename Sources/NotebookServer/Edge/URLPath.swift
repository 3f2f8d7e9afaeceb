// SPDX-License-Identifier: Apache-2.0

import Contents

/// Percent-encoding of URL paths, as tornado's `url_escape(path, plus=False)` and `url_unescape`.
enum URLPath {
    /// Escapes everything but unreserved characters and `/`.
    static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if Self.isUnreserved(byte) || byte == UInt8(ascii: "/") {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }

    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes are not UTF-8.
    static func decode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let high = nibble(utf8.popFirst()!), let low = nibble(utf8.popFirst()!) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private static func hex(_ value: UInt8) -> String { String(value, radix: 16, uppercase: true) }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// HTTP dates (`Sun, 22 Nov 2026 10:00:00 GMT`) for `Last-Modified`.
enum HTTPDate {
    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate of a Unix time.
    static func format(seconds: Int) -> String {
        let day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let second = seconds - day * 86400
        let (y, m, d) = ContentsTimestamp.civil(fromDays: day)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let weekday = days[((day % 7) + 7) % 7]
        return "\(weekday), \(two(d)) \(months[m - 1]) \(y) \(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) GMT"
    }
}

/// Random hex strings for tokens, XSRF values and cookie-name suffixes.
public enum RandomHex {
    /// `bytes` bytes from the system's random source, as lowercase hex (two digits a byte).
    public static func string(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}
