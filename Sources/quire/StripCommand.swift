// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import NotebookFormat

/// `quire strip`: nbstripout 0.9.1, byte for byte: strip outputs, execution counts and noisy
/// metadata in place, to standard output, or as a git clean filter.
struct StripCommand: TakesFileList {
    static let configuration = CommandConfiguration(
        commandName: "strip",
        abstract: "Strip outputs, execution counts and noisy metadata from notebooks, exactly as nbstripout 0.9.1 does.",
        discussion: """
            Files are changed in place, and only when stripping changes them. Without files, a notebook \
            is read from standard input and written to standard output (a git clean filter). A directory \
            argument is searched for *.ipynb files; other files are skipped unless -f is given. \
            'quire strip --install' sets up the git filter as 'nbstripout --install' does.
            """
    )

    @Flag(help: "Print which notebooks would have been stripped; change nothing.")
    var dryRun = false
    @Flag(help: "Set up the git filter and attributes (local repository unless --global/--system).")
    var install = false
    @Flag(help: "Remove the git filter and attributes.")
    var uninstall = false
    @Flag(help: "Exit 0 if the git filter is installed, 1 otherwise.")
    var isInstalled = false
    @Flag(help: "Print the git filter's installation status and settings (exit 0 if installed).")
    var status = false
    @Flag(help: "Exit 1 if any notebook would be stripped; implies --dry-run.")
    var verify = false

    @Flag(help: "Keep the execution counts (cells' execution_count and prompt_number, outputs' execution_count).")
    var keepCount = false
    @Flag(help: "Keep all outputs (the notebook's metadata.keep_output does the same).")
    var keepOutput = false
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Output types to drop even where outputs are kept: TYPE or TYPE:NAME.", valueName: "type"))
    var dropOutputType: [String] = []
    @Option(parsing: .upToNextOption, help: ArgumentHelp("Output types to keep even where outputs are stripped: TYPE or TYPE:NAME.", valueName: "type"))
    var keepOutputType: [String] = []
    @Flag(name: .customLong("keep-id"), help: "Keep cell ids instead of renumbering them 0, 1, 2, ...")
    var keepID = false
    @Option(help: ArgumentHelp("Space-separated extra keys to remove, e.g. 'metadata.foo cell.metadata.bar'.", valueName: "keys"))
    var extraKeys = ""
    @Option(help: ArgumentHelp("Space-separated keys to keep from the list of keys removed by default.", valueName: "keys"))
    var keepMetadataKeys = ""
    @Flag(help: "Remove cells whose source is empty or only whitespace.")
    var dropEmptyCells = false
    @Option(help: ArgumentHelp("Space-separated cell tags; cells with the tag are removed (as in nbstripout 0.9.1, only the last tag counts).", valueName: "tags"))
    var dropTaggedCells = ""
    @Flag(help: "Strip the outputs of cells marked init_cell: true too.")
    var stripInitCells = false
    @Option(help: ArgumentHelp("The attributes file for --install/--uninstall (default: .git/info/attributes).", valueName: "file"))
    var attributes: String?
    @Flag(name: .customLong("global"), help: "Use the global git config (~/.gitconfig).")
    var globalConfig = false
    @Flag(name: .customLong("system"), help: "Use the system git config.")
    var systemConfig = false
    @Flag(name: .shortAndLong, help: "Also strip files that do not end in .ipynb.")
    var force = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Keep outputs whose text is at most this many characters (suffix k, M or G).", valueName: "size"))
    var maxSize = "0"
    @Option(name: .shortAndLong, help: ArgumentHelp("Notebook kind: only 'jupyter' (zeppelin is not supported).", valueName: "mode"))
    var mode = "jupyter"
    @Flag(name: [.customShort("t"), .long], help: "Write the stripped notebooks to standard output (for git diff's textconv).")
    var textconv = false
    @Flag(help: "Write \\n line ends (quire always does; accepted for compatibility).")
    var unixNewlines = false

    @Argument(help: "Notebook files or directories; none reads standard input and writes standard output.")
    var files: [String] = []
    @OptionGroup var fileList: FileListOption

    func validate() throws {
        if [dryRun, install, uninstall, isInstalled, status].filter({ $0 }).count > 1 {
            throw ValidationError("--dry-run, --install, --uninstall, --is-installed and --status cannot be combined")
        }
        if globalConfig && systemConfig { throw ValidationError("--global and --system cannot be combined") }
        if mode != "jupyter" {
            throw ValidationError("--mode \(mode) is not supported: quire strip handles Jupyter notebooks only")
        }
    }

    func run() throws {
        let scope: GitConfigScope = systemConfig ? .system : globalConfig ? .global : .local
        var exitStatus: Int32?
        if install { exitStatus = GitFilter.install(scope: scope, attributes: attributes) }
        if uninstall { exitStatus = GitFilter.uninstall(scope: scope, attributes: attributes) }
        if isInstalled || status { exitStatus = GitFilter.status(scope: scope, verbose: status) }
        if let exitStatus {
            if exitStatus != 0 { throw ExitCode(exitStatus) }
            return
        }
        let arguments = fileList.files(after: files)
        // The files are listed (a stat each) while git is asked for the filter's settings.
        let listing = CommandSupport.BackgroundValue { [force] in
            CommandSupport.expand(arguments).filter { force || $0 == "-" || $0.hasSuffix(".ipynb") || $0.hasSuffix(".zpln") }
        }
        var stripper = StripRun(options: stripOptions(scope), maxSize: maxSize, dryRun: dryRun || verify, textconv: textconv)
        let paths = arguments.isEmpty ? ["-"] : listing.value
        do throws(NotebookFormatError) {
            try stripper.run(paths)
        } catch {
            CommandSupport.report(error)
            throw ExitCode(1)
        }
        if verify && stripper.anyChange { throw ExitCode(1) }
    }

    /// The options from the flags, with extra and kept keys added from the git config as nbstripout does.
    private func stripOptions(_ scope: GitConfigScope) -> StripOptions {
        let settings = GitFilter.stripSettings(scope: scope)
        var options = StripOptions(
            keepOutput: keepOutput ? true : nil, keepCount: keepCount, keepID: keepID,
            extraKeys: StripOptions.defaultExtraKeys + settings.extraKeys + PythonString.splitWords(extraKeys),
            dropEmptyCells: dropEmptyCells, dropTaggedCells: PythonString.splitWords(dropTaggedCells),
            stripInitCells: stripInitCells, dropOutputTypes: dropOutputType, keepOutputTypes: keepOutputType)
        options.keepMetadataKeys(settings.keepMetadataKeys + PythonString.splitWords(keepMetadataKeys))
        return options
    }
}

/// One `quire strip` run over its notebooks: read, strip, and write only what changed.
private struct StripRun {
    var options: StripOptions
    /// The `--max-size` text, parsed when the first notebook is stripped (nbstripout fails there).
    let maxSize: String
    let dryRun: Bool
    let textconv: Bool
    var anyChange = false
    private var prepared = false

    init(options: StripOptions, maxSize: String, dryRun: Bool, textconv: Bool) {
        self.options = options
        self.maxSize = maxSize
        self.dryRun = dryRun
        self.textconv = textconv
    }

    /// Strips the files in order, stopping at the first that cannot be stripped (as nbstripout
    /// does). The work on each file (read, strip, serialise, and where the new file goes) has no
    /// side effects and runs on all cores (`OrderedPipeline`), ahead of this thread, which carries
    /// out the results one by one in order: a failure leaves every later file as it was, exactly
    /// as a sequential run would, while the files are replaced (the slow part) the next ones are
    /// being computed.
    mutating func run(_ paths: [String]) throws(NotebookFormatError) {
        guard !paths.isEmpty else { return }
        try prepare()
        let settings = Settings(options: options, dryRun: dryRun, textconv: textconv)
        let pipeline = OrderedPipeline(paths) { settings.outcome(for: $0) }
        defer { pipeline.stop() }
        while let outcome = pipeline.next() { try commit(outcome) }
    }

    /// Carries out one file's outcome: a message, a write, or the error that stops the run.
    private mutating func commit(_ outcome: Outcome) throws(NotebookFormatError) {
        switch outcome {
        case .unchanged(let changed):
            anyChange = anyChange || changed
        case .wouldStrip(let name):
            anyChange = true
            try FileIO.writeStandardOutput(Array("Dry run: would have stripped \(name)\n".utf8))
        case .dryRunUnchanged:
            return
        case .standardOutput(let bytes, let changed):
            anyChange = anyChange || changed
            try FileIO.writeStandardOutput(bytes)
        case .replace(let replacement):
            anyChange = true
            try replacement.commit()
        case .failed(let error):
            throw error
        }
    }

    /// What stripping one file comes to, decided without side effects.
    enum Outcome: Sendable {
        case unchanged(changed: Bool)
        case dryRunUnchanged
        case wouldStrip(String)
        case standardOutput([UInt8], changed: Bool)
        case replace(PreparedReplacement)
        case failed(NotebookFormatError)
    }

    /// The read-only part of a run, shared by the worker threads.
    struct Settings: Sendable {
        let options: StripOptions
        let dryRun: Bool
        let textconv: Bool
        /// With these, a file in nbformat's own form is stripped by editing its text
        /// (`Notebook.strippedCanonicalBytes`); `nil` (other options), or any other file: parsed
        /// and written anew.
        let canonicalRules: CanonicalStripRules?

        /// Settings for a run with these options.
        init(options: StripOptions, dryRun: Bool, textconv: Bool) {
            self.options = options
            self.dryRun = dryRun
            self.textconv = textconv
            canonicalRules = CanonicalStripRules(options)
        }

        /// Reads and strips one file (or `-`: standard input) and says what should happen to it.
        func outcome(for path: String) -> Outcome {
            do throws(NotebookFormatError) {
                let original = try FileIO.readBytes(path)
                let toStandardOutput = path == "-" || textconv
                if let canonicalRules, let (bytes, changed) = Notebook.strippedCanonicalBytes(original, canonicalRules) {
                    if dryRun { return dryRunOutcome(path, changed: changed) }
                    return outcome(stripping: path, original, to: bytes, changed: changed, toStandardOutput: toStandardOutput)
                }
                var notebook: Notebook
                let changed: Bool
                do throws(NotebookFormatError) {
                    notebook = try Notebook.readForStripping(from: original)
                    changed = try notebook.strip(options)
                    if dryRun { return dryRunOutcome(path, changed: changed) }
                    // Like nbstripout, a file is rewritten only when stripping changed the notebook.
                    guard changed || toStandardOutput else { return .unchanged(changed: false) }
                    try notebook.checkWritableByNbformat()
                } catch {
                    throw error.file == nil ? error.inFile(path == "-" ? "<stdin>" : path) : error
                }
                let bytes = notebook.strippedFileBytes(options)
                return outcome(stripping: path, original, to: bytes, changed: changed, toStandardOutput: toStandardOutput)
            } catch {
                return .failed(error)
            }
        }

        /// What a dry run says of a file.
        private func dryRunOutcome(_ path: String, changed: Bool) -> Outcome {
            changed ? .wouldStrip(path == "-" ? "input from stdin" : path) : .dryRunUnchanged
        }

        /// What to do with a file whose stripped text is `bytes`.
        private func outcome(
            stripping path: String, _ original: [UInt8], to bytes: [UInt8], changed: Bool, toStandardOutput: Bool
        ) -> Outcome {
            if toStandardOutput { return .standardOutput(bytes, changed: changed) }
            // Like nbstripout, a file is rewritten only when stripping changed the notebook.
            guard changed else { return .unchanged(changed: false) }
            guard bytes != original else { return .unchanged(changed: true) }
            return .replace(FileIO.prepareReplacement(bytes, for: path, durable: false))
        }
    }

    /// Parses `--max-size` and warns about ignored extra keys, once, before the first notebook.
    private mutating func prepare() throws(NotebookFormatError) {
        guard !prepared else { return }
        options.maxSize = try StripOptions.parseSize(maxSize)
        for key in options.invalidExtraKeys {
            CommandSupport.printError("quire: ignoring invalid extra key '\(key)' (expected metadata.KEY or cell.KEY)")
        }
        prepared = true
    }
}
