// SPDX-License-Identifier: Apache-2.0

/// Inline markdown to HTML: code spans, `$math$` (kept as text), emphasis, strong, strikethrough,
/// links, images, autolinks, backslash escapes and hard breaks. Raw inline HTML is kept only when
/// `allowsHTML`; otherwise it is shown escaped.
struct MarkdownInline {
    let options: MarkdownRenderer

    private enum Node {
        case html(String)
        case delimiter(Delimiter)
    }

    private struct Delimiter {
        var char: Character
        var count: Int
        var canOpen: Bool
        var canClose: Bool
        var openTags: [String] = []
        var closeTags: [String] = []
    }

    func render(_ text: String) -> String {
        let chars = Array(text)
        var nodes: [Node] = []
        var plain = ""
        func flush() {
            if !plain.isEmpty { nodes.append(.html(HTMLText.escape(plain))) }
            plain = ""
        }
        var i = 0
        /// Takes a parsed span: flushes the text before it and moves past it.
        func take(_ span: (html: String, end: Int)?) -> Bool {
            guard let span else { return false }
            flush()
            nodes.append(.html(span.html))
            i = span.end
            return true
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\" where i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isPunctuationOrSymbol:
                plain.append(chars[i + 1])
                i += 2
                continue
            case "\\" where i + 1 < chars.count && chars[i + 1] == "\n":
                flush()
                nodes.append(.html("<br>\n"))
                i += 2
                continue
            case "`":
                if take(codeSpan(chars, i)) { continue }
                var j = i
                while j < chars.count, chars[j] == "`" { j += 1 }
                plain += String(chars[i..<j])
                i = j
                continue
            case "$":
                if take(mathSpan(chars, i)) { continue }
            case "!" where i + 1 < chars.count && chars[i + 1] == "[":
                if take(link(chars, i + 1, image: true)) { continue }
            case "[":
                if take(link(chars, i, image: false)) { continue }
            case "<":
                if take(angle(chars, i)) { continue }
            case "*", "_", "~":
                var j = i
                while j < chars.count, chars[j] == c { j += 1 }
                let before: Character = i > 0 ? chars[i - 1] : " "
                let after: Character = j < chars.count ? chars[j] : " "
                let left = !after.isWhitespace && (!after.isPunctuationOrSymbol || before.isWhitespace || before.isPunctuationOrSymbol)
                let right = !before.isWhitespace && (!before.isPunctuationOrSymbol || after.isWhitespace || after.isPunctuationOrSymbol)
                var open = left
                var close = right
                if c == "_" {
                    open = left && (!right || before.isPunctuationOrSymbol)
                    close = right && (!left || after.isPunctuationOrSymbol)
                }
                if c == "~" && j - i != 2 {
                    plain += String(chars[i..<j])
                    i = j
                    continue
                }
                flush()
                nodes.append(.delimiter(Delimiter(char: c, count: j - i, canOpen: open, canClose: close)))
                i = j
                continue
            case "\n":
                var k = plain.endIndex
                while k > plain.startIndex, plain[plain.index(before: k)] == " " { k = plain.index(before: k) }
                let hard = plain.distance(from: k, to: plain.endIndex) >= 2
                plain = String(plain[..<k])
                flush()
                nodes.append(.html(hard ? "<br>\n" : "\n"))
                i += 1
                continue
            default: break
            }
            plain.append(c)
            i += 1
        }
        flush()
        return emphasize(nodes)
    }

    // MARK: - Emphasis (CommonMark's delimiter algorithm, simplified)

    private func emphasize(_ input: [Node]) -> String {
        var nodes = input
        for closer in nodes.indices {
            while case .delimiter(var close) = nodes[closer], close.canClose, close.count > 0 {
                var found: Int?
                for opener in stride(from: closer - 1, through: 0, by: -1) {
                    guard case .delimiter(let open) = nodes[opener], open.char == close.char, open.canOpen,
                        open.count > 0
                    else { continue }
                    let oddMatch = (open.canClose || close.canOpen) && (open.count + close.count) % 3 == 0
                        && !(open.count % 3 == 0 && close.count % 3 == 0)
                    if oddMatch && close.char != "~" { continue }
                    found = opener
                    break
                }
                guard let opener = found, case .delimiter(var open) = nodes[opener] else { break }
                let use = close.char == "~" ? 2 : (open.count >= 2 && close.count >= 2 ? 2 : 1)
                if close.char == "~" && (open.count < 2 || close.count < 2) { break }
                let tag = close.char == "~" ? "del" : use == 2 ? "strong" : "em"
                open.count -= use
                close.count -= use
                open.openTags.append("<\(tag)>")
                close.closeTags.append("</\(tag)>")
                nodes[opener] = .delimiter(open)
                nodes[closer] = .delimiter(close)
                for k in (opener + 1)..<closer {
                    if case .delimiter(var d) = nodes[k] {
                        d.canOpen = false
                        d.canClose = false
                        nodes[k] = .delimiter(d)
                    }
                }
            }
        }
        var out = ""
        for node in nodes {
            switch node {
            case .html(let h): out += h
            case .delimiter(let d):
                out += d.closeTags.joined()
                out += String(repeating: d.char, count: d.count)
                out += d.openTags.reversed().joined()
            }
        }
        return out
    }

    // MARK: - Spans

    private func codeSpan(_ c: [Character], _ i: Int) -> (String, Int)? {
        var n = i
        while n < c.count, c[n] == "`" { n += 1 }
        let ticks = n - i
        var j = n
        while j < c.count {
            guard c[j] == "`" else {
                j += 1
                continue
            }
            var k = j
            while k < c.count, c[k] == "`" { k += 1 }
            if k - j == ticks {
                var body = String(c[n..<j].map { $0 == "\n" ? " " : $0 })
                if body.count >= 2, body.first == " ", body.last == " ", body.contains(where: { $0 != " " }) {
                    body = String(body.dropFirst().dropLast())
                }
                return ("<code>\(HTMLText.escape(body))</code>", k)
            }
            j = k
        }
        return nil
    }

    /// `$…$` or `$$…$$` kept as text in a `math` span, so `_` and `*` inside are not emphasis.
    private func mathSpan(_ c: [Character], _ i: Int) -> (String, Int)? {
        let display = i + 1 < c.count && c[i + 1] == "$"
        let open = display ? 2 : 1
        let start = i + open
        guard start < c.count, !c[start].isWhitespace || display else { return nil }
        var j = start
        while j < c.count {
            if c[j] == "\\" {
                j += 2
                continue
            }
            if c[j] == "$" {
                if display {
                    if j + 1 < c.count, c[j + 1] == "$", j > start { return (math(c[i..<(j + 2)]), j + 2) }
                } else if j > start, !c[j - 1].isWhitespace {
                    return (math(c[i..<(j + 1)]), j + 1)
                }
                if !display { return nil }
            }
            j += 1
        }
        return nil
    }

    private func math(_ text: ArraySlice<Character>) -> String {
        "<span class=\"math\">\(HTMLText.escape(String(text)))</span>"
    }

    /// `[text](url "title")` or `![alt](src)` starting at the `[` at `i`.
    private func link(_ c: [Character], _ i: Int, image: Bool) -> (String, Int)? {
        var depth = 0
        var j = i
        var close: Int?
        while j < c.count {
            switch c[j] {
            case "\\": j += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { close = j }
            case "`":
                if let (_, end) = codeSpan(c, j) { j = end - 1 }
            default: break
            }
            if close != nil { break }
            j += 1
        }
        guard let close, close + 1 < c.count, c[close + 1] == "(" else { return nil }
        var k = close + 2
        var parens = 0
        while k < c.count {
            if c[k] == "\\" {
                k += 2
                continue
            }
            if c[k] == "(" { parens += 1 }
            if c[k] == ")" {
                if parens == 0 { break }
                parens -= 1
            }
            k += 1
        }
        guard k < c.count else { return nil }
        let inside = String(c[(close + 2)..<k]).trimmingSpaces()
        var destination = inside
        var title: String?
        if let space = inside.firstIndex(where: { $0 == " " || $0 == "\n" }) {
            let rest = inside[space...].trimmingSpaces()
            if let q = rest.first, q == "\"" || q == "'", rest.count >= 2, rest.last == q {
                destination = String(inside[..<space])
                title = String(rest.dropFirst().dropLast())
            }
        }
        if destination.hasPrefix("<"), destination.hasSuffix(">") { destination = String(destination.dropFirst().dropLast()) }
        let label = String(c[(i + 1)..<close])
        let titleAttribute = title.map { " title=\"\(HTMLText.escape($0))\"" } ?? ""
        let end = k + 1
        if image {
            let src = options.imageSource(destination)
            return ("<img src=\"\(HTMLText.escape(src))\" alt=\"\(HTMLText.escape(MarkdownInline.plainText(label)))\"\(titleAttribute)>", end)
        }
        let href = MarkdownRenderer.safeURL(destination)
        return ("<a href=\"\(HTMLText.escape(href))\"\(titleAttribute)>\(render(label))</a>", end)
    }

    /// Autolinks `<https://…>` and inline HTML tags (kept only when HTML is allowed).
    private func angle(_ c: [Character], _ i: Int) -> (String, Int)? {
        guard let close = c[(i + 1)...].firstIndex(of: ">") else { return nil }
        let body = String(c[(i + 1)..<close])
        if !body.contains(" "), !body.contains("<"),
            ["http://", "https://", "mailto:", "ftp://"].contains(where: { body.lowercased().hasPrefix($0) })
        {
            let href = HTMLText.escape(MarkdownRenderer.safeURL(body))
            return ("<a href=\"\(href)\">\(HTMLText.escape(body))</a>", close + 1)
        }
        guard let first = body.first, first.isLetter || first == "/" || first == "!" || first == "?" else { return nil }
        let raw = String(c[i...close])
        return (options.allowsHTML ? raw : HTMLText.escape(raw), close + 1)
    }

    /// The text of markdown with its markup removed (for `alt` text).
    static func plainText(_ markdown: String) -> String {
        String(markdown.filter { !"*_`[]".contains($0) })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" }),
            let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\n" })
        else { return "" }
        return PythonString.string(scalars[start...end])
    }
}

extension Character {
    /// ASCII or Unicode punctuation and symbols (CommonMark's "punctuation character").
    var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
}
