// SPDX-License-Identifier: Apache-2.0

/// `nbconvert --to script`: the notebook's code as one source file.
///
/// As nbconvert 7.17 does: when `metadata.language_info.nbconvert_exporter` is `python`, the
/// Python template is used (shebang and coding header, `# In[n]:` before each code cell, IPython
/// syntax turned into Python, markdown cells as `#` comments); otherwise the generic template
/// (code cells only, the source unchanged) with `language_info.file_extension` (default `.txt`).
/// Raw cells pass through when their `raw_mimetype` is empty or the target's mime type.
public enum ScriptExporter {
    /// Which template a notebook gets.
    public enum Template: Sendable, Equatable {
        /// nbconvert's `PythonExporter`.
        case python
        /// nbconvert's generic `script` template, with the file extension and raw mime type.
        case generic(fileExtension: String, mimeType: String)
    }

    /// The template nbconvert picks from `metadata.language_info`. An `nbconvert_exporter` other
    /// than `python` or `script` (which nbconvert would try to load) falls back to the generic one.
    public static func template(for notebook: Notebook) -> Template {
        let info = notebook.metadata["language_info"]?.objectValue ?? JSONObject()
        if let exporter = info["nbconvert_exporter"]?.stringValue, exporter.lowercased() == "python" {
            return .python
        }
        var ext = ".txt"
        if case .string(let s)? = info["file_extension"] { ext = s.startsWithScalars(".") || s.isEmpty ? s : "." + s }
        return .generic(fileExtension: ext, mimeType: info["mimetype"]?.stringValue ?? "text/plain")
    }

    /// The script text and its file extension.
    public static func export(_ notebook: Notebook) -> ConvertedDocument {
        let template = template(for: notebook)
        var out = ""
        let rawTypes: [String]
        switch template {
        case .python:
            out = "#!/usr/bin/env python\n# coding: utf-8\n"
            rawTypes = ["text/x-python", ""]
        case .generic(_, let mime):
            rawTypes = [mime, ""]
        }
        for cell in notebook.cells where !TemplateValue.removesSource(cell) {
            switch cell.cellType {
            case "code":
                guard template == .python else {
                    out += "\n" + cell.source + "\n"
                    continue
                }
                let count = cell.json["execution_count"].flatMap { $0.isTruthy ? TemplateValue.str($0) : nil } ?? " "
                out += "\n# In[\(count)]:\n\n"
                out += "\n" + IPythonTransformer.transformCell(cell.source) + "\n"
            case "markdown":
                if template == .python { out += "\n" + TextFilters.commentLines(cell.source) + "\n" }
            case "raw":
                out += TemplateValue.rawCell(cell, accepting: rawTypes)
            default:
                break
            }
        }
        let ext: String
        switch template {
        case .python: ext = ".py"
        case .generic(let e, _): ext = e
        }
        return ConvertedDocument(text: stripLeadingLineBreaks(out), fileExtension: ext)
    }

    /// `output.lstrip("\r\n")`, which nbconvert applies to every template's result.
    static func stripLeadingLineBreaks(_ text: String) -> String {
        guard let first = text.unicodeScalars.firstIndex(where: { $0 != "\r" && $0 != "\n" }) else { return "" }
        return String(text.unicodeScalars[first...])
    }
}
