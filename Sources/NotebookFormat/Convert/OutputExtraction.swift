// SPDX-License-Identifier: Apache-2.0

/// nbconvert's `ExtractOutputPreprocessor` and `ExtractAttachmentsPreprocessor` as the command
/// line runs them: images and PDFs in outputs become files `NAME_files/NAME_<cell>_<output>.<ext>`
/// (or the output's `metadata.filename`), attachments become `NAME_files/<file name>`, and the
/// notebook is changed to point at them.
struct OutputExtraction {
    /// The notebook name that prefixes every file (`unique_key`).
    var name: String
    /// The folder the files go in (`output_files_dir`), relative to the output folder.
    var folder: String { name + "_files" }

    /// The mime types extracted, with the extension `mimetypes.guess_extension` gives.
    static let extensions: [(mime: String, ext: String)] = [
        ("image/png", ".png"), ("image/jpeg", ".jpg"), ("image/svg+xml", ".svg"), ("application/pdf", ".pdf"),
    ]

    /// Extracts outputs then attachments, recording `metadata.filenames` on each output.
    func run(_ notebook: inout Notebook, into document: inout ConvertedDocument) throws(NotebookFormatError) {
        var cells = notebook.cells
        for index in cells.indices {
            try extractOutputs(&cells[index], cellIndex: index, into: &document)
        }
        for index in cells.indices {
            try extractAttachments(&cells[index], cellIndex: index, into: &document)
        }
        notebook.cells = cells
    }

    private func extractOutputs(_ cell: inout Cell, cellIndex: Int, into document: inout ConvertedDocument)
        throws(NotebookFormatError)
    {
        guard case .array(var outputs)? = cell.json["outputs"] else { return }
        for (outputIndex, value) in outputs.enumerated() {
            guard case .object(var output) = value else { continue }
            let type = output["output_type"]?.stringValue
            guard type == "display_data" || type == "execute_result" else { continue }
            guard case .object(var data)? = output["data"] else { continue }
            if let html = Cell.joined(data["text/html"]) { data["text/html"] = .string(TextFilters.dedent(html)) }
            var metadata = output["metadata"]?.objectValue ?? JSONObject()
            for (mime, ext) in Self.extensions {
                guard let payload = data[mime] else { continue }
                let bytes = try Self.bytes(of: payload, mime: mime, cell: cellIndex, output: outputIndex)
                var filename = "\(name)_\(cellIndex)_\(outputIndex)\(ext)"
                if let given = metadata["filename"]?.stringValue, !given.isEmpty {
                    let base = given.splitScalars("/").last ?? ""
                    if base.isEmpty { continue }
                    filename = base.endsWithScalars(ext) ? base : base + ext
                }
                let path = folder + "/" + filename
                var filenames = metadata["filenames"]?.objectValue ?? JSONObject()
                filenames[mime] = .string(path)
                metadata["filenames"] = .object(filenames)
                if document.resources.contains(where: { $0.path == path }) {
                    throw NotebookFormatError(
                        .invalidNotebook,
                        "cell \(cellIndex): the output file name \(path) is used by more than one output "
                            + "(metadata.filename must be unique in the notebook)")
                }
                document.addResource(path, bytes)
            }
            output["data"] = .object(data)
            output["metadata"] = .object(metadata)
            outputs[outputIndex] = .object(output)
        }
        cell.json["outputs"] = .array(outputs)
    }

    /// The file bytes of an output value: base64-decoded for PNG, JPEG and PDF, UTF-8 for SVG.
    static func bytes(of payload: JSONValue, mime: String, cell: Int, output: Int) throws(NotebookFormatError)
        -> [UInt8]
    {
        guard let text = Cell.joined(payload) else {
            throw NotebookFormatError(.invalidNotebook, "cell \(cell), output \(output): \(mime) is not a string")
        }
        if mime == "image/svg+xml" { return Array(text.utf8) }
        switch Base64.decode(text) {
        case .success(let bytes): return bytes
        case .failure(let error):
            throw NotebookFormatError(
                .invalidNotebook, "cell \(cell), output \(output): \(mime) is not valid base64 (\(error.reason))")
        }
    }

    private func extractAttachments(_ cell: inout Cell, cellIndex: Int, into document: inout ConvertedDocument)
        throws(NotebookFormatError)
    {
        guard let attachments = cell.json["attachments"]?.objectValue else { return }
        var source = cell.source
        for (fname, bundle) in attachments.entries {
            let base = fname.splitScalars("/").last ?? ""
            guard !base.isEmpty, let first = bundle.objectValue?.entries.first else { continue }
            guard case .string(let text) = first.value else {
                throw NotebookFormatError(
                    .invalidNotebook, "cell \(cellIndex): attachment \(fname) (\(first.key)) is not a base64 string")
            }
            switch Base64.decode(text) {
            case .success(let bytes): document.addResource(folder + "/" + base, bytes)
            case .failure(let error):
                throw NotebookFormatError(
                    .invalidNotebook, "cell \(cellIndex): attachment \(fname) is not valid base64 (\(error.reason))")
            }
            source = source.replacingAll("attachment:" + fname, with: folder + "/" + base)
        }
        cell.json["source"] = .string(source)
    }
}

extension String {
    /// Python's `str.replace(old, new)` (every non-overlapping occurrence, left to right).
    func replacingAll(_ old: String, with new: String) -> String {
        guard !old.isEmpty else { return self }
        let hay = Array(unicodeScalars)
        let needle = Array(old.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < hay.count {
            if i + needle.count <= hay.count, hay[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: new.unicodeScalars)
                i += needle.count
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        return String(out)
    }
}
