// SPDX-License-Identifier: Apache-2.0

/// Tables and lists, the blocks that span several lines with their own structure.
extension MarkdownBlocks {
    func table(_ lines: [String], _ start: Int, _ aligns: [String], into out: inout String) -> Int {
        func row(_ line: String, _ tag: String) -> String {
            let cells = Self.tableCells(line)
            var html = "<tr>"
            for (k, align) in aligns.enumerated() {
                let style = align.isEmpty ? "" : " style=\"text-align:\(align)\""
                html += "<\(tag)\(style)>\(inline.render(k < cells.count ? cells[k] : ""))</\(tag)>"
            }
            return html + "</tr>\n"
        }
        out += "<table>\n<thead>\n" + row(lines[start], "th") + "</thead>\n<tbody>\n"
        var i = start + 2
        while i < lines.count, !Self.isBlank(lines[i]), lines[i].contains("|") {
            out += row(lines[i], "td")
            i += 1
        }
        out += "</tbody>\n</table>\n"
        return i
    }

    func list(_ lines: [String], _ start: Int, into out: inout String) -> Int {
        guard let first = Self.listMarker(lines[start]) else { return start + 1 }
        var items: [[String]] = []
        var tight = true
        var i = start
        var sawBlank = false
        while i < lines.count {
            let line = lines[i]
            if let m = Self.listMarker(line), m.ordered == first.ordered, m.marker == first.marker,
                Self.indentation(line) < first.content
            {
                if sawBlank, !items.isEmpty { tight = false }
                sawBlank = false
                items.append([String(line.dropFirst(min(m.content, line.count)))])
                i += 1
                continue
            }
            if Self.isBlank(line) {
                sawBlank = true
                items[items.count - 1].append("")
                i += 1
                continue
            }
            let indent = Self.indentation(line)
            if indent >= first.content {
                if sawBlank { tight = false }
                sawBlank = false
                items[items.count - 1].append(String(line.dropFirst(first.content)))
                i += 1
                continue
            }
            if sawBlank || Self.listMarker(line) != nil || Self.isThematicBreak(line) || Self.fence(line) != nil
                || line.trimmingSpaces().hasPrefix("#") || line.trimmingSpaces().hasPrefix(">")
            {
                break
            }
            items[items.count - 1].append(line)
            i += 1
        }
        while i > start, Self.isBlank(lines[i - 1]) { i -= 1 }
        let tag = first.ordered ? "ol" : "ul"
        let startAttribute = first.ordered && first.start != 1 ? " start=\"\(first.start)\"" : ""
        out += "<\(tag)\(startAttribute)>\n"
        for item in items {
            var body = item
            while body.last.map(Self.isBlank) == true { body.removeLast() }
            out += "<li>" + render(body, tight: tight) + "</li>\n"
        }
        out += "</\(tag)>\n"
        return i
    }
}
