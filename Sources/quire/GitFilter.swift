// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// Which git configuration file `quire strip --install` and friends use.
enum GitConfigScope {
    /// The repository's `.git/config` (the default).
    case local
    /// The user's `~/.gitconfig` (`--global`).
    case global
    /// The system-wide `$(prefix)/etc/gitconfig` (`--system`).
    case system

    /// `git config` with this scope's option.
    var gitConfig: [String] {
        switch self {
        case .local: return ["git", "config", "--local"]
        case .global: return ["git", "config", "--global"]
        case .system: return ["git", "config", "--system"]
        }
    }
}

/// The git filter set up by `nbstripout --install`, pointing at `quire strip` instead: the same
/// `filter.nbstripout.*` and `diff.ipynb.textconv` entries and the same attribute lines.
enum GitFilter {
    /// Why an install, uninstall or attributes lookup could not proceed.
    enum Failure: Error {
        case gitMissing
        case notARepository
        case cannotWrite(String, NotebookFormatError)
    }

    /// The lines `--install` appends to the attributes file, each with the text that shows it is there.
    static let attributeLines = [
        ("*.ipynb filter", "*.ipynb filter=nbstripout\n"),
        ("*.zpln filter", "*.zpln filter=nbstripout\n"),
        ("*.ipynb diff", "*.ipynb diff=ipynb\n"),
    ]

    /// `nbstripout --install`: sets the filter and textconv entries, then adds the attribute lines
    /// that are missing. Returns the exit status.
    static func install(scope: GitConfigScope, attributes: String?) -> Int32 {
        let command = ExecutablePath.shellQuoted(ExecutablePath.current()) + " strip"
        let entries = [
            ("filter.nbstripout.clean", command), ("filter.nbstripout.smudge", "cat"),
            ("filter.nbstripout.required", "true"), ("diff.ipynb.textconv", command + " -t"),
        ]
        let file: String
        do throws(Failure) {
            for (key, value) in entries {
                guard let result = Subprocess.run(scope.gitConfig + [key, value]) else { throw .gitMissing }
                guard result.succeeded else { throw .notARepository }
            }
            file = try attributesFile(scope: scope, given: attributes)
        } catch {
            return fail("Installation failed", error)
        }
        let existing = FileIO.exists(file) ? (try? FileIO.readBytes(file)) ?? [] : []
        let present = attributeLines.map { contains(existing, $0.0) }
        if present[0], present[2] { return 0 }
        var updated = existing
        if !updated.isEmpty { updated.append(0x0A) }
        for (line, isPresent) in zip(attributeLines, present) where !isPresent { updated += Array(line.1.utf8) }
        do throws(NotebookFormatError) {
            try FileIO.writeAtomically(updated, to: file)
        } catch {
            let hint = scope == .global ? " (do you need to run it with sudo?)" : ""
            return fail("Installation failed", .cannotWrite(file + hint, error))
        }
        return 0
    }

    /// `nbstripout --uninstall`: removes the filter entries and the `diff.ipynb` section, then every
    /// attribute line that starts like one `--install` adds. Returns the exit status.
    static func uninstall(scope: GitConfigScope, attributes: String?) -> Int32 {
        let removals = [
            ["--unset", "filter.nbstripout.clean"], ["--unset", "filter.nbstripout.smudge"],
            ["--unset", "filter.nbstripout.required"], ["--remove-section", "diff.ipynb"],
        ]
        let file: String
        do throws(Failure) {
            for removal in removals where Subprocess.run(scope.gitConfig + removal, errors: .discard, discardOutput: true) == nil {
                throw .gitMissing
            }
            file = try attributesFile(scope: scope, given: attributes)
        } catch {
            return fail("Uninstall failed", error)
        }
        guard FileIO.exists(file) else { return 0 }
        do throws(NotebookFormatError) {
            let original = try FileIO.readBytes(file)
            var updated: [UInt8] = []
            for line in universalLines(original) where !attributeLines.contains(where: { line.starts(with: $0.0.utf8) }) {
                updated += line
            }
            if updated != original { try FileIO.writeAtomically(updated, to: file) }
        } catch {
            return fail("Uninstall failed", .cannotWrite(file, error))
        }
        return 0
    }

    /// The attributes file to change: the one given, else `core.attributesFile` (global and
    /// system), else git's default for the scope. Its folder is created if missing.
    static func attributesFile(scope: GitConfigScope, given: String?) throws(Failure) -> String {
        var file: String
        if let given, !given.isEmpty {
            file = given
        } else {
            switch scope {
            case .local:
                guard let result = Subprocess.run(["git", "rev-parse", "--git-dir"]) else { throw .gitMissing }
                guard result.succeeded else { throw .notARepository }
                file = result.text + "/info/attributes"
            case .global, .system:
                guard let result = Subprocess.run(scope.gitConfig + ["core.attributesFile"]) else { throw .gitMissing }
                if result.succeeded {
                    file = result.text
                } else if scope == .global {
                    // nbstripout reads XDG_CONFIG_DIR (not git's XDG_CONFIG_HOME) here.
                    let config = ExecutablePath.environment("XDG_CONFIG_DIR") ?? ExecutablePath.expandingTilde("~/.config")
                    file = config + "/git/attributes"
                } else {
                    file = ExecutablePath.directory(of: try systemConfigFile()) + "/gitattributes"
                }
            }
        }
        file = ExecutablePath.expandingTilde(file)
        let directory = ExecutablePath.directory(of: file)
        do throws(NotebookFormatError) { try FileIO.makeDirectories(directory) } catch { throw .cannotWrite(directory, error) }
        return file
    }

    /// The system git config file, found as nbstripout finds it: the first origin that
    /// `git config --system --list --show-origin` shows, or the file named in its error.
    private static func systemConfigFile() throws(Failure) -> String {
        let list = ["git", "config", "--system", "--list", "--show-origin"]
        guard var result = Subprocess.run(list, errors: .merge) else { throw .gitMissing }
        if result.succeeded, result.text.isEmpty {
            // An empty file shows no origin: add a key for a moment, as nbstripout does.
            _ = Subprocess.run(["git", "config", "--system", "filter.nbstripoutput.test", "test"])
            result = Subprocess.run(list, errors: .merge) ?? result
            _ = Subprocess.run(["git", "config", "--system", "--unset", "filter.nbstripoutput.test"])
        }
        let text = result.text
        if result.succeeded {
            let origin = text.split(separator: "\n").first?.split(separator: "\t").first ?? ""
            return String(origin.hasPrefix("file:") ? origin.dropFirst(5) : origin)
        }
        guard let start = text.firstRange(of: "file '"), let end = text[start.upperBound...].firstIndex(of: "'") else {
            throw .notARepository
        }
        return String(text[start.upperBound..<end])
    }

    /// The lines of a text file as Python's universal-newline reading gives them: `\r\n` and `\r`
    /// become `\n`, and each line keeps its `\n`.
    static func universalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            guard byte == 0x0A || byte == 0x0D else {
                line.append(byte)
                continue
            }
            if byte == 0x0D, i < bytes.count, bytes[i] == 0x0A { i += 1 }
            line.append(0x0A)
            lines.append(line)
            line = []
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    private static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        PythonString.containsSubstring(String(decoding: bytes, as: UTF8.self), text)
    }

    private static func fail(_ what: String, _ failure: Failure) -> Int32 {
        switch failure {
        case .gitMissing: CommandSupport.printError("quire: \(what): git is not on PATH")
        case .notARepository: CommandSupport.printError("quire: \(what): not a git repository")
        case .cannotWrite(let file, let error): CommandSupport.printError("quire: \(what): could not write to \(file): \(error.message)")
        }
        return 1
    }
}
