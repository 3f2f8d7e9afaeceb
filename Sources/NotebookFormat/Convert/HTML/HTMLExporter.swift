// SPDX-License-Identifier: Apache-2.0

/// Quire's HTML page for a notebook: one self-contained file (inline CSS, images as data URIs,
/// no network) with markdown rendered, code cells with `In [n]:` prompts and every output type.
///
/// By default the page is safe for untrusted notebooks: a Content-Security-Policy allows no
/// scripts, fonts or network loads (only inline styles and `data:` images), notebook HTML is
/// escaped or sandboxed, and no `<script>` comes from the notebook. With `trusted`, HTML in
/// markdown and outputs is inlined, SVG is inline and JavaScript outputs run.
public enum HTMLExporter {
    /// The policy of untrusted pages (sandboxed `srcdoc` frames inherit it).
    public static let contentSecurityPolicy =
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-src 'self'; base-uri 'none'; form-action 'none'"

    /// The page for a notebook named `title` (the file name without extension).
    public static func export(_ notebook: Notebook, title: String, trusted: Bool) -> ConvertedDocument {
        let meta = notebook.metadata
        let kernel = meta["kernelspec"]?.objectValue?["display_name"]?.stringValue ?? notebook.languageName ?? ""
        let language = (notebook.languageName ?? "").lowercased()
        let pageTitle = meta["title"]?.stringValue ?? firstHeading(notebook) ?? title
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if !trusted {
            html += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
        }
        html += "<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"generator\" content=\"quire convert\">\n"
        html += "<title>\(HTMLText.escape(pageTitle))</title>\n<style>\n\(HTMLStyle.page)\n</style>\n</head>\n<body>\n"
        html += "<main class=\"notebook\">\n<header class=\"nb-header\"><span class=\"nb-name\">\(HTMLText.escape(title))</span>"
        if !kernel.isEmpty { html += "<span class=\"nb-kernel\">\(HTMLText.escape(kernel))</span>" }
        html += "<span class=\"nb-notice\">"
            + (trusted ? "trusted: HTML and scripts from the notebook are live" : "HTML outputs are sandboxed; scripts do not run")
            + "</span></header>\n"
        let outputs = HTMLOutputs(trusted: trusted)
        for cell in notebook.cells {
            html += renderCell(cell, language: language, outputs: outputs, trusted: trusted)
        }
        html += "</main>\n</body>\n</html>\n"
        return ConvertedDocument(text: html, fileExtension: ".html")
    }

    static func renderCell(_ cell: Cell, language: String, outputs: HTMLOutputs, trusted: Bool) -> String {
        switch cell.cellType {
        case "markdown":
            let renderer = MarkdownRenderer(allowsHTML: trusted, attachments: attachmentURIs(cell))
            return "<section class=\"cell markdown-cell\"><div class=\"row\"><div class=\"prompt\"></div>"
                + "<div class=\"md\">\n\(renderer.render(cell.source))</div></div></section>\n"
        case "code":
            let count = cell.executionCount.map(String.init) ?? " "
            let cls = language.isEmpty ? "" : " class=\"language-\(HTMLText.escape(language))\""
            var html = "<section class=\"cell code-cell\">\n<div class=\"row input\"><div class=\"prompt in\">In&nbsp;[\(count)]:</div>"
                + "<pre><code\(cls)>\(HTMLText.escape(cell.source))</code></pre></div>\n"
            for output in cell.outputs {
                let prompt = output.outputType == "execute_result"
                    ? "Out[\(output.json["execution_count"]?.intValue.map(String.init) ?? count)]:" : ""
                html += "<div class=\"row output\"><div class=\"prompt out\">\(prompt)</div>\(outputs.render(output))</div>\n"
            }
            return html + "</section>\n"
        case "raw":
            let mime = cell.metadata["raw_mimetype"]?.stringValue?.lowercased() ?? ""
            let body = trusted && mime == "text/html" ? cell.source : "<pre>\(HTMLText.escape(cell.source))</pre>"
            return "<section class=\"cell raw-cell\"><div class=\"row\"><div class=\"prompt\"></div><div class=\"raw\">\(body)</div></div></section>\n"
        default:
            return ""
        }
    }

    /// A markdown cell's attachments as data URIs, by name (the first mime type of each).
    static func attachmentURIs(_ cell: Cell) -> [String: String] {
        var uris: [String: String] = [:]
        for (name, bundle) in cell.attachments?.entries ?? [] {
            guard let (mime, value) = bundle.objectValue?.entries.first, let data = Cell.joined(value) else { continue }
            let clean = String(data.unicodeScalars.filter { !PythonString.isSpace($0) })
            uris[name] = "data:\(mime);base64,\(clean)"
        }
        return uris
    }

    /// The text of the first `# ` heading in a markdown cell, for the page title.
    static func firstHeading(_ notebook: Notebook) -> String? {
        for cell in notebook.cells where cell.cellType == "markdown" {
            for line in PythonText.splitLines(cell.source) where line.hasPrefix("# ") {
                return line.dropFirst(2).trimmingSpaces()
            }
        }
        return nil
    }
}
