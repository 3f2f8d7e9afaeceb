// SPDX-License-Identifier: Apache-2.0

/// How each kind of output appears on Quire's page. Untrusted notebooks never get live HTML:
/// `text/html` goes into a sandboxed `<iframe srcdoc>` without `allow-scripts` (script elements
/// removed as well), SVG is shown through `<img>`, and JavaScript is shown as code.
struct HTMLOutputs {
    var trusted: Bool

    /// The representations chosen for a mime bundle, best first.
    static let priority = [
        "application/vnd.jupyter.widget-view+json", "text/html", "text/markdown", "image/svg+xml", "image/png",
        "image/jpeg", "image/gif", "image/webp", "text/latex", "application/json", "application/javascript",
        "application/pdf", "text/plain",
    ]

    func render(_ output: Output) -> String {
        switch output.outputType {
        case "stream":
            let name = output.name == "stderr" ? "stderr" : "stdout"
            return "<div class=\"body stream \(name)\"><pre>\(ANSI.toHTML(Self.applyCarriageReturns(output.text ?? "")))</pre></div>"
        case "error":
            var text = output.traceback.joined(separator: "\n")
            if text.isEmpty { text = (output.errorName ?? "Error") + ": " + (output.errorValue ?? "") }
            return "<div class=\"body error\"><pre>\(ANSI.toHTML(text))</pre></div>"
        case "execute_result", "display_data":
            return "<div class=\"body\">\(renderData(output))</div>"
        default:
            return "<div class=\"body\"><div class=\"note\">Output of type \(HTMLText.escape(output.outputType)) is not shown.</div></div>"
        }
    }

    /// Progress-bar text: within each line only what follows the last carriage return stays.
    static func applyCarriageReturns(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        return text.replacingAll("\r\n", with: "\n").splitScalars("\n").map { line in
            line.splitScalars("\r").last(where: { !$0.isEmpty }) ?? ""
        }.joined(separator: "\n")
    }

    func renderData(_ output: Output) -> String {
        let data = output.data
        guard let mime = Self.priority.first(where: { data[$0] != nil }) else {
            let kinds = data.keys.map(HTMLText.escape).joined(separator: ", ")
            return "<div class=\"note\">Output of type \(kinds.isEmpty ? "(empty)" : kinds) is not shown.</div>"
        }
        let text = Cell.joined(data[mime]) ?? ""
        switch mime {
        case "application/vnd.jupyter.widget-view+json":
            let model = data[mime]?.objectValue?["model_id"]?.stringValue ?? "?"
            var html = "<div class=\"note\">Interactive widget (model <code>\(HTMLText.escape(model))</code>): "
                + "widgets need a running kernel and are not shown in a static page.</div>"
            if let plain = Cell.joined(data["text/plain"]) { html += "<pre>\(ANSI.toHTML(plain))</pre>" }
            return html
        case "text/html":
            return trusted ? "<div class=\"html\">\(text)</div>" : Self.sandboxed(text)
        case "text/markdown":
            return "<div class=\"md\">\(MarkdownRenderer(allowsHTML: trusted).render(text))</div>"
        case "image/svg+xml":
            if trusted { return "<div class=\"svg\">\(text)</div>" }
            return image("image/svg+xml", Base64.encode(Array(text.utf8)), output)
        case "image/png", "image/jpeg", "image/gif", "image/webp":
            return image(mime, String(text.unicodeScalars.filter { !PythonString.isSpace($0) }), output)
        case "text/latex":
            return "<div class=\"latex\">\(HTMLText.escape(text))</div>"
        case "application/json":
            let json = data[mime].map { PythonJSONWriter(indent: 2, sortKeys: false).string($0) } ?? ""
            return "<pre class=\"json\">\(HTMLText.escape(json))</pre>"
        case "application/javascript":
            if trusted { return "<script>\(text.replacingAll("</script", with: "<\\/script"))</script>" }
            return "<div class=\"note\">JavaScript output, not run (convert with --trusted to run it):</div>"
                + "<pre>\(HTMLText.escape(text))</pre>"
        case "application/pdf":
            return "<div class=\"note\">PDF output (not shown in the page).</div>"
        default:
            return "<pre>\(ANSI.toHTML(text))</pre>"
        }
    }

    private func image(_ mime: String, _ base64: String, _ output: Output) -> String {
        var attributes = ""
        if let size = output.json["metadata"]?.objectValue?[mime]?.objectValue {
            for key in ["width", "height"] {
                if let value = size[key], case .number(let n) = value {
                    attributes += " \(key)=\"\(HTMLText.escape(PythonNumberFormat.repr(n)))\""
                }
            }
        }
        let alt = Cell.joined(output.data["text/plain"]) ?? "output image"
        return "<img src=\"data:\(mime);base64,\(HTMLText.escape(base64))\" alt=\"\(HTMLText.escape(alt))\"\(attributes)>"
    }

    /// Untrusted HTML in a sandboxed frame: no scripts, no same-origin access, no forms or
    /// popups; its height is estimated from the content and can be resized.
    static func sandboxed(_ html: String) -> String {
        let cleaned = removingScripts(html)
        let document = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\(HTMLStyle.frame)</style></head><body>"
            + cleaned + "</body></html>"
        let height = estimatedHeight(cleaned)
        return "<iframe class=\"html\" sandbox=\"\" referrerpolicy=\"no-referrer\" loading=\"lazy\" "
            + "title=\"HTML output (sandboxed)\" style=\"height:\(height)px\" srcdoc=\"\(HTMLText.escape(document))\"></iframe>"
    }

    /// `<script>…</script>` elements removed (the sandbox would not run them anyway).
    static func removingScripts(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            guard matches(s, i, "<script") else {
                out.append(s[i])
                i += 1
                continue
            }
            var j = i + 7
            while j < s.count, !matches(s, j, "</script") { j += 1 }
            j += 8
            while j < s.count, s[j] != ">" { j += 1 }
            i = j + 1
        }
        return String(out)
    }

    /// Whether `word` (lowercase ASCII) occurs at `i`, ignoring ASCII case.
    static func matches(_ s: [Unicode.Scalar], _ i: Int, _ word: String) -> Bool {
        var k = i
        for w in word.unicodeScalars {
            guard k < s.count else { return false }
            let c = s[k]
            let lower = c >= "A" && c <= "Z" ? Unicode.Scalar(c.value + 32) ?? c : c
            guard lower == w else { return false }
            k += 1
        }
        return true
    }

    static func estimatedHeight(_ html: String) -> Int {
        let s = Array(html.unicodeScalars)
        func count(_ word: String) -> Int { s.indices.reduce(0) { $0 + (matches(s, $1, word) ? 1 : 0) } }
        let newlines = s.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        let blocks = ["<tr", "<br", "<p", "<li", "<h1", "<h2", "<h3", "<div"].reduce(0) { $0 + count($1) }
        let rows = max(1 + newlines, blocks + 1)
        let images = count("<img") + count("<svg")
        return min(max(rows * 24 + 20 + images * 200, 44), 720)
    }
}
