// SPDX-License-Identifier: Apache-2.0

/// The block structure of markdown, rendered line by line (containers recurse).
struct MarkdownBlocks {
    let options: MarkdownRenderer

    var inline: MarkdownInline { MarkdownInline(options: options) }

    static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    /// The list marker at the start of a line: whether it is ordered, its start number, the
    /// marker character, and the column where the item's content starts.
    static func listMarker(_ line: String) -> (ordered: Bool, start: Int, marker: Character, content: Int)? {
        let indent = indentation(line)
        guard indent < 4 else { return nil }
        let rest = Array(line.dropFirst(indent))
        guard let first = rest.first else { return nil }
        var markerEnd = 0
        var ordered = false
        var start = 1
        var marker = first
        if first == "-" || first == "*" || first == "+" {
            markerEnd = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), digits.count < rest.count else { return nil }
            marker = rest[digits.count]
            guard marker == "." || marker == ")" else { return nil }
            ordered = true
            start = Int(String(digits)) ?? 1
            markerEnd = digits.count + 1
        }
        guard markerEnd == rest.count || rest[markerEnd] == " " else { return nil }
        var spaces = 0
        while markerEnd + spaces < rest.count, rest[markerEnd + spaces] == " ", spaces < 4 { spaces += 1 }
        if markerEnd + spaces == rest.count || spaces == 4 { spaces = 1 }
        return (ordered, start, marker, indent + markerEnd + spaces)
    }

    static func isThematicBreak(_ line: String) -> Bool {
        let t = line.trimmingSpaces()
        guard let c = t.first, c == "-" || c == "*" || c == "_", indentation(line) < 4 else { return false }
        return t.allSatisfy { $0 == c || $0 == " " } && t.filter { $0 == c }.count >= 3
    }

    static func fence(_ line: String) -> (char: Character, count: Int, info: String)? {
        guard indentation(line) < 4 else { return nil }
        let t = line.drop { $0 == " " }
        guard let c = t.first, c == "`" || c == "~" else { return nil }
        let count = t.prefix { $0 == c }.count
        guard count >= 3 else { return nil }
        let info = t.dropFirst(count).trimmingSpaces()
        if c == "`" && info.contains("`") { return nil }
        return (c, count, info)
    }

    static func tableCells(_ line: String) -> [String] {
        var t = line.trimmingSpaces()
        if t.hasPrefix("|") { t.removeFirst() }
        if t.hasSuffix("|") && !t.hasSuffix("\\|") { t.removeLast() }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for c in t {
            if c == "|" && !escaped {
                cells.append(current.trimmingSpaces())
                current = ""
            } else {
                current.append(c)
            }
            escaped = c == "\\" && !escaped
        }
        cells.append(current.trimmingSpaces())
        return cells
    }

    static func tableAlignments(_ line: String) -> [String]? {
        guard line.contains("-"), line.contains("|") || line.trimmingSpaces().hasPrefix(":") else { return nil }
        var result: [String] = []
        for cell in tableCells(line) {
            guard !cell.isEmpty, cell.allSatisfy({ $0 == "-" || $0 == ":" }), cell.contains("-") else { return nil }
            let left = cell.hasPrefix(":")
            let right = cell.hasSuffix(":")
            result.append(left && right ? "center" : right ? "right" : left ? "left" : "")
        }
        return result
    }

    static func headingID(_ text: String) -> String {
        var id = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber || c == "-" || c == "_" {
                id.append(c)
            } else if c == " " {
                id.append("-")
            }
        }
        return id
    }

    // MARK: - Rendering

    func render(_ lines: [String], tight: Bool) -> String {
        var out = ""
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            let body = inline.render(paragraph.map { $0.drop { $0 == " " } }.joined(separator: "\n").trimmingSpaces())
            out += tight ? body + "\n" : "<p>\(body)</p>\n"
            paragraph = []
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if Self.isBlank(line) {
                flush()
                i += 1
                continue
            }
            let indent = Self.indentation(line)
            let trimmed = line.trimmingSpaces()
            if indent >= 4 && paragraph.isEmpty {
                var code: [String] = []
                while i < lines.count, Self.isBlank(lines[i]) || Self.indentation(lines[i]) >= 4 {
                    code.append(String(lines[i].dropFirst(min(4, Self.indentation(lines[i])))))
                    i += 1
                }
                while code.last.map(Self.isBlank) == true { code.removeLast() }
                out += "<pre><code>\(HTMLText.escape(code.joined(separator: "\n") + "\n"))</code></pre>\n"
                continue
            }
            if !paragraph.isEmpty, indent < 4, !trimmed.isEmpty,
                trimmed.allSatisfy({ $0 == "=" }) || trimmed.allSatisfy({ $0 == "-" })
            {
                let level = trimmed.first == "=" ? 1 : 2
                let text = paragraph.map { $0.trimmingSpaces() }.joined(separator: "\n")
                paragraph = []
                out += heading(level, text)
                i += 1
                continue
            }
            if let f = Self.fence(line) {
                flush()
                var code: [String] = []
                i += 1
                while i < lines.count {
                    if let close = Self.fence(lines[i]), close.char == f.char, close.count >= f.count, close.info.isEmpty {
                        i += 1
                        break
                    }
                    code.append(String(lines[i].dropFirst(min(indent, Self.indentation(lines[i])))))
                    i += 1
                }
                let language = f.info.split(separator: " ").first.map(String.init) ?? ""
                let cls = language.isEmpty ? "" : " class=\"language-\(HTMLText.escape(language))\""
                let text = code.isEmpty ? "" : code.joined(separator: "\n") + "\n"
                out += "<pre><code\(cls)>\(HTMLText.escape(text))</code></pre>\n"
                continue
            }
            if indent < 4, trimmed.hasPrefix("#") {
                let hashes = trimmed.prefix { $0 == "#" }.count
                let rest = trimmed.dropFirst(hashes)
                if hashes <= 6, rest.isEmpty || rest.first == " " {
                    flush()
                    var text = rest.trimmingSpaces()
                    let closing = text.reversed().prefix { $0 == "#" }.count
                    if closing > 0, closing == text.count || text.dropLast(closing).last == " " {
                        text = String(text.dropLast(closing)).trimmingSpaces()
                    }
                    out += heading(hashes, text)
                    i += 1
                    continue
                }
            }
            if Self.isThematicBreak(line) {
                flush()
                out += "<hr>\n"
                i += 1
                continue
            }
            if indent < 4, trimmed.hasPrefix(">") {
                flush()
                var inner: [String] = []
                while i < lines.count, !Self.isBlank(lines[i]) {
                    let t = lines[i].trimmingSpaces()
                    guard t.hasPrefix(">") else {
                        if inner.isEmpty || Self.listMarker(lines[i]) != nil || Self.fence(lines[i]) != nil { break }
                        inner.append(lines[i])
                        i += 1
                        continue
                    }
                    var rest = t.dropFirst()
                    if rest.first == " " { rest = rest.dropFirst() }
                    inner.append(String(rest))
                    i += 1
                }
                out += "<blockquote>\n\(render(inner, tight: false))</blockquote>\n"
                continue
            }
            if indent < 4, trimmed.hasPrefix("$$") {
                flush()
                var math: [String] = [line]
                var closed = trimmed.count > 2 && trimmed.hasSuffix("$$")
                i += 1
                while !closed, i < lines.count {
                    math.append(lines[i])
                    closed = lines[i].trimmingSpaces().hasSuffix("$$")
                    i += 1
                }
                out += "<div class=\"math\">\(HTMLText.escape(math.joined(separator: "\n")))</div>\n"
                continue
            }
            if paragraph.isEmpty, i + 1 < lines.count, line.contains("|"),
                let aligns = Self.tableAlignments(lines[i + 1]), aligns.count == Self.tableCells(line).count
            {
                i = table(lines, i, aligns, into: &out)
                continue
            }
            if let marker = Self.listMarker(line), paragraph.isEmpty || !(marker.ordered && marker.start != 1) {
                flush()
                i = list(lines, i, into: &out)
                continue
            }
            if indent < 4, trimmed.hasPrefix("<"), let next = trimmed.dropFirst().first,
                next.isLetter || next == "/" || next == "!",
                !trimmed.prefix(while: { $0 != " " && $0 != ">" }).contains(where: { $0 == ":" || $0 == "@" })
            {
                flush()
                var block: [String] = []
                while i < lines.count, !Self.isBlank(lines[i]) {
                    block.append(lines[i])
                    i += 1
                }
                let raw = block.joined(separator: "\n")
                out += options.allowsHTML ? raw + "\n" : "<p class=\"md-html\">\(HTMLText.escape(raw))</p>\n"
                continue
            }
            paragraph.append(line)
            i += 1
        }
        flush()
        return out
    }

    private func heading(_ level: Int, _ text: String) -> String {
        "<h\(level) id=\"\(HTMLText.escape(Self.headingID(text)))\">\(inline.render(text))</h\(level)>\n"
    }
}
