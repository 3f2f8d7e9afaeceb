// SPDX-License-Identifier: Apache-2.0

/// ANSI escape sequences in tracebacks and streams: found as nbconvert finds them, and turned
/// into HTML spans for Quire's pages.
public enum ANSI {
    /// The end of the `ESC [ … final` sequence starting at `i` (nbconvert's `\x1b\[(.*?)([@-~])`:
    /// the first byte in `@`…`~` on the same line ends it), or nil when there is none.
    static func sequenceEnd(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 1 < s.count, s[i] == "\u{1B}", s[i + 1] == "[" else { return nil }
        var j = i + 2
        while j < s.count {
            if s[j] == "\n" { return nil }
            if s[j].value >= 0x40 && s[j].value <= 0x7E { return j + 1 }
            j += 1
        }
        return nil
    }

    private static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    private struct Style: Equatable {
        var foreground: String?
        var background: String?
        var bold = false
        var italic = false
        var underline = false

        var isPlain: Bool { self == Style() }

        var attributes: String {
            var classes: [String] = []
            var styles: [String] = []
            for (value, suffix) in [(foreground, "fg"), (background, "bg")] {
                guard let value else { continue }
                if value.hasPrefix("#") {
                    styles.append((suffix == "fg" ? "color:" : "background-color:") + value)
                } else {
                    classes.append("ansi-\(value)-\(suffix)")
                }
            }
            if bold { classes.append("ansi-bold") }
            if italic { classes.append("ansi-italic") }
            if underline { classes.append("ansi-underline") }
            var out = ""
            if !classes.isEmpty { out += " class=\"\(classes.joined(separator: " "))\"" }
            if !styles.isEmpty { out += " style=\"\(styles.joined(separator: ";"))\"" }
            return out
        }

        mutating func apply(_ codes: [Int]) {
            var k = 0
            let list = codes.isEmpty ? [0] : codes
            while k < list.count {
                let code = list[k]
                switch code {
                case 0: self = Style()
                case 1: bold = true
                case 3: italic = true
                case 4: underline = true
                case 22: bold = false
                case 23: italic = false
                case 24: underline = false
                case 30...37: foreground = ANSI.names[code - 30]
                case 39: foreground = nil
                case 40...47: background = ANSI.names[code - 40]
                case 49: background = nil
                case 90...97: foreground = ANSI.names[code - 90] + "-intense"
                case 100...107: background = ANSI.names[code - 100] + "-intense"
                case 38, 48:
                    let (color, used) = ANSI.extendedColor(Array(list[(k + 1)...]))
                    if code == 38 { foreground = color } else { background = color }
                    k += used
                default: break
                }
                k += 1
            }
        }
    }

    /// `38;5;n` or `38;2;r;g;b` arguments: a colour (class name or `#rrggbb`) and how many
    /// numbers it used.
    private static func extendedColor(_ rest: [Int]) -> (String?, Int) {
        if rest.first == 5, rest.count >= 2 {
            let n = rest[1]
            switch n {
            case 0..<8: return (names[n], 2)
            case 8..<16: return (names[n - 8] + "-intense", 2)
            case 16..<232:
                let levels = [0, 95, 135, 175, 215, 255]
                let v = n - 16
                return (hexColor(levels[v / 36], levels[v / 6 % 6], levels[v % 6]), 2)
            case 232..<256:
                let g = 8 + (n - 232) * 10
                return (hexColor(g, g, g), 2)
            default: return (nil, 2)
            }
        }
        if rest.first == 2, rest.count >= 4 {
            return (hexColor(rest[1], rest[2], rest[3]), 4)
        }
        return (nil, rest.count)
    }

    private static func hexColor(_ r: Int, _ g: Int, _ b: Int) -> String {
        "#" + [r, g, b].map { v in
            let h = String(min(max(v, 0), 255), radix: 16)
            return h.count == 1 ? "0" + h : h
        }.joined()
    }

    /// Text with ANSI colour codes as escaped HTML with `<span class="ansi-…">` runs; other escape
    /// sequences are dropped.
    public static func toHTML(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = ""
        var style = Style()
        var open = false
        var run = String.UnicodeScalarView()
        func flush() {
            guard !run.isEmpty else { return }
            if !open, !style.isPlain {
                out += "<span\(style.attributes)>"
                open = true
            }
            out += HTMLText.escape(String(run))
            run = String.UnicodeScalarView()
        }
        var i = 0
        while i < s.count {
            if s[i] == "\u{1B}", let end = sequenceEnd(s, at: i) {
                if s[end - 1] == "m" {
                    flush()
                    if open {
                        out += "</span>"
                        open = false
                    }
                    let body = PythonString.string(s[(i + 2)..<(end - 1)])
                    style.apply(body.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 })
                }
                i = end
                continue
            }
            run.append(s[i])
            i += 1
        }
        flush()
        if open { out += "</span>" }
        return out
    }
}
