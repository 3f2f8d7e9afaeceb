// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import NotebookFormat

/// `quire convert`: notebooks to scripts, markdown or a self-contained HTML page.
struct ConvertCommand: TakesFileList {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert notebooks to a script, markdown (as nbconvert does) or a self-contained HTML page.",
        discussion: """
            NAME.ipynb becomes NAME.py (or the language's extension), NAME.md (images in NAME_files/) \
            or NAME.html, next to the notebook unless --output-dir is given. A directory argument is \
            searched for *.ipynb files; '-' reads a notebook from standard input (named 'notebook').
            """
    )

    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case script, markdown, html
    }

    @Option(name: .long, help: "The output format: script, markdown or html.")
    var to: Format

    @Option(name: .long, help: "Write the outputs into this directory (created if missing).")
    var outputDir: String?

    @Flag(help: "Write the converted text to standard output instead of files (support files are not written).")
    var stdout = false

    @Flag(help: "HTML only: inline text/html outputs and let scripts run (only for notebooks you trust).")
    var trusted = false

    @Flag(name: .shortAndLong, help: "Do not report the files written.")
    var quiet = false

    @Argument(help: "Notebook files or directories ('-' for standard input).")
    var files: [String]
    @OptionGroup var fileList: FileListOption

    func run() throws {
        var failed = false
        for path in CommandSupport.expand(fileList.files(after: files)) {
            do throws(NotebookFormatError) {
                try convert(path)
            } catch {
                CommandSupport.report(error)
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func convert(_ path: String) throws(NotebookFormatError) {
        let notebook = try Notebook.read(contentsOf: path)
        let name = Self.notebookName(path)
        var document: ConvertedDocument
        do throws(NotebookFormatError) {
            switch to {
            case .script: document = ScriptExporter.export(notebook)
            case .markdown: document = try MarkdownExporter.export(notebook, name: name)
            case .html: document = HTMLExporter.export(notebook, title: name, trusted: trusted)
            }
        } catch {
            throw error.inFile(path)
        }
        if stdout {
            try FileIO.writeStandardOutput(Array(document.text.utf8))
            if !document.resources.isEmpty && !quiet {
                CommandSupport.printError(
                    "quire: \(path): \(document.resources.count) support file(s) under \(name)_files/ "
                        + "referenced by the output were not written (--stdout)")
            }
            return
        }
        let directory = outputDir ?? (path == "-" ? "." : Self.directory(of: path))
        let target = directory + "/" + name + document.fileExtension
        guard target != path, Self.directory(of: target) + "/" + name + document.fileExtension != path else {
            throw NotebookFormatError(.invalidOption, "the output would replace the notebook itself", file: path)
        }
        try FileIO.makeDirectories(directory)
        for (relative, bytes) in document.resources {
            let full = directory + "/" + relative
            try FileIO.makeDirectories(Self.directory(of: full))
            try FileIO.writeAtomically(bytes, to: full, durable: false)
        }
        let bytes = Array(document.text.utf8)
        try FileIO.writeAtomically(bytes, to: target, durable: false)
        if !quiet {
            let extra = document.resources.isEmpty ? "" : " and \(document.resources.count) file(s) in \(name)_files/"
            CommandSupport.printError("quire: wrote \(target) (\(bytes.count) bytes)\(extra)")
        }
    }

    /// The notebook's base name without its extension (`notebook` for standard input).
    static func notebookName(_ path: String) -> String {
        guard path != "-" else { return "notebook" }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot > base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// The folder part of a path ("." when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
