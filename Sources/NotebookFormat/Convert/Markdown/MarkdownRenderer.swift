// SPDX-License-Identifier: Apache-2.0

/// A small CommonMark-style markdown renderer for notebook pages: ATX and setext headings,
/// paragraphs, fenced and indented code, block quotes, nested lists, GFM tables, thematic breaks,
/// `$$` math blocks (kept as text) and the inline syntax of ``MarkdownInline``. Everything is
/// escaped; raw HTML is passed through only when `allowsHTML` is set.
public struct MarkdownRenderer: Sendable {
    /// Whether raw HTML blocks and inline tags are kept (trusted notebooks only).
    public var allowsHTML: Bool
    /// `attachment:` image names with the data URIs they stand for.
    public var attachments: [String: String]

    /// A renderer; by default HTML is escaped and there are no attachments.
    public init(allowsHTML: Bool = false, attachments: [String: String] = [:]) {
        self.allowsHTML = allowsHTML
        self.attachments = attachments
    }

    /// The HTML for a markdown document.
    public func render(_ markdown: String) -> String {
        var lines = markdown.splitScalars("\n").map { line -> String in
            var l = line
            if l.unicodeScalars.last == "\r" { l = String(l.unicodeScalars.dropLast()) }
            return Self.expandLeadingTabs(l)
        }
        if lines.last == "" { lines.removeLast() }
        return MarkdownBlocks(options: self).render(lines, tight: false)
    }

    /// Renders inline markdown only (no blocks).
    public func renderInline(_ text: String) -> String { MarkdownInline(options: self).render(text) }

    /// A link target that cannot run code: `http`, `https`, `mailto`, `ftp`, fragments and
    /// relative paths are kept; other schemes (`javascript:`, `data:` …) become empty.
    public static func safeURL(_ url: String) -> String {
        let trimmed = url.trimmingSpaces()
        guard let colon = trimmed.firstIndex(of: ":") else { return trimmed }
        let scheme = trimmed[..<colon]
        if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return trimmed }
        return ["http", "https", "mailto", "ftp"].contains(scheme.lowercased()) ? trimmed : ""
    }

    /// An image source: `attachment:NAME` becomes the attachment's data URI; `data:image/…`
    /// URIs and safe links are kept.
    func imageSource(_ url: String) -> String {
        let trimmed = url.trimmingSpaces()
        if trimmed.hasPrefix("attachment:") { return attachments[String(trimmed.dropFirst(11))] ?? "" }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("data:image/") && !lower.hasPrefix("data:image/svg") || lower.hasPrefix("data:image/svg+xml") {
            return trimmed
        }
        return Self.safeURL(trimmed)
    }

    static func expandLeadingTabs(_ line: String) -> String {
        guard line.hasPrefix("\t") || line.hasPrefix(" \t") || line.hasPrefix("  \t") || line.hasPrefix("   \t") else {
            return line
        }
        var column = 0
        var rest = Substring(line)
        while let c = rest.first, c == " " || c == "\t" {
            column = c == "\t" ? (column / 4 + 1) * 4 : column + 1
            rest = rest.dropFirst()
        }
        return String(repeating: " ", count: column) + rest
    }
}
