// SPDX-License-Identifier: Apache-2.0

/// `nbconvert --to markdown`, byte for byte: markdown cells verbatim, code in fences named after
/// the language (or the `%%bash`-style cell magic), stream and plain-text outputs indented four
/// spaces, HTML, LaTeX and markdown outputs inline, images extracted to `NAME_files/` and linked,
/// tracebacks without their ANSI codes.
public enum MarkdownExporter {
    /// nbconvert's markdown `display_data_priority`: the first of these an output has is shown.
    public static let displayPriority = [
        "text/html", "text/markdown", "image/svg+xml", "text/latex", "image/png", "image/jpeg", "text/plain",
    ]

    /// Raw cells with these `raw_mimetype`s are copied through.
    static let rawMimeTypes = ["text/markdown", "text/html", ""]

    /// The cell magics nbconvert's `HighlightMagicsPreprocessor` knows, with their fence language.
    static let magicLanguages: [(String, String)] = [
        ("%%R", "r"), ("%%bash", "bash"), ("%%cython", "cython"), ("%%javascript", "javascript"),
        ("%%julia", "julia"), ("%%latex", "latex"), ("%%octave", "octave"), ("%%perl", "perl"),
        ("%%ruby", "ruby"), ("%%sh", "sh"), ("%%sql", "sql"),
    ]

    /// Converts a notebook; `name` is the output's base name, which also names the support files.
    public static func export(_ notebook: Notebook, name: String) throws(NotebookFormatError) -> ConvertedDocument {
        var nb = notebook
        var document = ConvertedDocument(text: "", fileExtension: ".md")
        try OutputExtraction(name: name).run(&nb, into: &document)
        let language: String? = nb.metadata["language_info"]?.objectValue?["name"].map(TemplateValue.str)
        var out = ""
        for cell in nb.cells {
            let hidden = TemplateValue.removesSource(cell)
            switch cell.cellType {
            case "code":
                if !hidden {
                    let fence = magicLanguage(cell.source)
                        ?? cell.metadata["magics_language"].map(TemplateValue.str) ?? language ?? ""
                    out += "\n\n```" + fence + "\n" + cell.source + "\n```\n"
                }
                if cell.json["outputs"]?.isTruthy == true {
                    for output in cell.outputs { out += render(output) }
                }
            case "markdown":
                if !hidden { out += "\n" + cell.source + "\n" }
            case "raw":
                if !hidden { out += TemplateValue.rawCell(cell, accepting: rawMimeTypes) }
            default:
                if !hidden { out += "\nunknown type  " + (cell.json["type"].map(TemplateValue.str) ?? "") + "\n" }
            }
        }
        document.text = ScriptExporter.stripLeadingLineBreaks(out)
        return document
    }

    /// The language of a `%%magic` cell (`^\s*(%%R|%%bash|…)\s+`).
    static func magicLanguage(_ source: String) -> String? {
        let scalars = Array(source.unicodeScalars)
        var i = 0
        while i < scalars.count, PythonString.isSpace(scalars[i]) { i += 1 }
        for (magic, language) in magicLanguages {
            let m = Array(magic.unicodeScalars)
            let end = i + m.count
            if end < scalars.count, scalars[i..<end].elementsEqual(m), PythonString.isSpace(scalars[end]) {
                return language
            }
        }
        return nil
    }

    static func render(_ output: Output) -> String {
        switch output.outputType {
        case "execute_result": return "\n\n\n" + renderData(output) + "\n\n"
        case "display_data": return "\n" + renderData(output) + "\n"
        case "stream": return "\n" + TextFilters.indent(output.text ?? "") + "\n"
        case "error":
            let lines = output.traceback.map { "\n" + TextFilters.stripANSI(TextFilters.indent($0)) + "\n" }
            return "\n" + lines.joined() + "\n"
        default: return ""
        }
    }

    /// The `data_priority` block: the preferred representation of a mime bundle.
    static func renderData(_ output: Output) -> String {
        let data = output.data
        guard let mime = displayPriority.first(where: { data[$0] != nil }) else { return "" }
        let text = Cell.joined(data[mime]).map { $0 } ?? data[mime].map(TemplateValue.str) ?? ""
        switch mime {
        case "image/svg+xml", "image/png", "image/jpeg":
            let label = mime == "image/svg+xml" ? "svg" : mime == "image/png" ? "png" : "jpeg"
            let target: String
            if let filenames = output.json["metadata"]?.objectValue?["filenames"]?.objectValue {
                target = TextFilters.pathToURL(filenames[mime].map(TemplateValue.str) ?? "")
            } else {
                target = "data:image/\(label == "svg" ? "svg" : label);base64," + text
            }
            return "\n    \n![\(label)](\(target))\n    \n"
        case "text/plain": return "\n" + TextFilters.indent(text) + "\n"
        default: return "\n" + text + "\n"
        }
    }
}
