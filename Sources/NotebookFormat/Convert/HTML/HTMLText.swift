// SPDX-License-Identifier: Apache-2.0

/// HTML escaping for text and attribute values.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities, so the text can go in element content or a quoted
    /// attribute.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
