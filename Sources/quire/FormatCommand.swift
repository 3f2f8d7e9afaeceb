// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import NotebookFormat

/// `quire format`: rewrite notebooks exactly as nbformat writes them.
struct FormatCommand: TakesFileList {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Rewrite notebooks exactly as nbformat writes them (canonical JSON, split lines).",
        discussion: "A directory argument is searched for *.ipynb files. '-' reads standard input and writes standard output."
    )

    @Flag(help: "Upgrade nbformat 4.0-4.4 notebooks to 4.5, giving every cell a new id (as nbformat.v4.upgrade does).")
    var upgrade = false

    @Flag(help: "Only report which files would change; exit 1 if any would.")
    var check = false

    @Argument(help: "Notebook files or directories ('-' for standard input).")
    var files: [String]
    @OptionGroup var fileList: FileListOption

    func run() throws {
        var failed = false
        var wouldChange = false
        for path in CommandSupport.expand(fileList.files(after: files)) {
            do throws(NotebookFormatError) {
                let original = try FileIO.readBytes(path)
                var notebook: Notebook
                do throws(NotebookFormatError) { notebook = try Notebook.read(from: original) } catch {
                    throw error.inFile(path)
                }
                if upgrade { notebook.upgradeToCurrentMinor() }
                let bytes = notebook.fileBytes()
                if path == "-" {
                    try FileIO.writeStandardOutput(bytes)
                } else if bytes != original {
                    wouldChange = true
                    if check { print("would reformat \(path)") } else { try FileIO.writeAtomically(bytes, to: path) }
                }
            } catch {
                CommandSupport.report(error)
                failed = true
            }
        }
        if failed || (check && wouldChange) { throw ExitCode(1) }
    }
}
