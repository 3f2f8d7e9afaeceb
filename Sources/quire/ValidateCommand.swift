// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import NotebookFormat

/// `quire validate`: check notebooks against the nbformat schema, as `nbformat.validate` does.
struct ValidateCommand: TakesFileList {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check notebooks against the nbformat v4 JSON schema of their version (as nbformat.validate does).",
        discussion: """
            Prints one line per problem to standard output, as FILE: PATH: message (rule: KEYWORD at SCHEMA-LOCATION), \
            and a summary to standard error. Exits 1 when any file is invalid or cannot be read. A directory argument \
            is searched for *.ipynb files; '-' reads standard input.
            """
    )

    @Flag(name: .shortAndLong, help: "Also print 'FILE: valid' for each valid file.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print errors only: no warnings and no summary.")
    var quiet = false

    @Option(help: .hidden)
    var dumpSchema: String?

    @Argument(help: "Notebook files or directories ('-' for standard input).")
    var files: [String] = []
    @OptionGroup var fileList: FileListOption

    func validate() throws {
        if dumpSchema == nil && files.isEmpty { throw ValidationError("Missing expected argument '<files> ...'") }
    }

    func run() throws {
        if let dumpSchema { return try dump(dumpSchema) }
        var checked = 0
        var invalid = 0
        var warned = 0
        for path in CommandSupport.expand(fileList.files(after: files)) {
            checked += 1
            let name = path == "-" ? "<stdin>" : path
            let issues: [ValidationIssue]
            do throws(NotebookFormatError) {
                let document = try Notebook.parseDocument(try FileIO.readBytes(path))
                issues = try NotebookValidator().validate(document)
            } catch {
                print(error.inFile(name))
                invalid += 1
                continue
            }
            let errors = issues.filter(\.isError)
            for issue in issues where issue.isError || !quiet { print("\(name): \(issue)") }
            if !errors.isEmpty {
                invalid += 1
            } else {
                if issues.count > errors.count { warned += 1 }
                if verbose { print("\(name): valid") }
            }
        }
        if !quiet { CommandSupport.printError(summary(checked: checked, invalid: invalid, warned: warned)) }
        if invalid > 0 { throw ExitCode(1) }
    }

    private func summary(checked: Int, invalid: Int, warned: Int) -> String {
        var text = "\(checked) \(checked == 1 ? "file" : "files") checked, "
        text += invalid == 0 ? "all valid" : "\(invalid) invalid"
        if warned > 0 { text += ", \(warned) with warnings" }
        return text
    }

    /// Prints Quire's schema for a version ("4.5" or "5") as JSON, for comparing with nbformat's files.
    private func dump(_ version: String) throws {
        let minorText = version.hasPrefix("4.") ? String(version.dropFirst(2)) : version
        guard let minor = Int(minorText), let document = NotebookValidator.schemaJSON(minor: minor) else {
            throw ValidationError("no schema for version '\(version)'")
        }
        try FileIO.writeStandardOutput(Array((document + "\n").utf8))
    }
}
