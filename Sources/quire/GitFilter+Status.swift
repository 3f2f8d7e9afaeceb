// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

extension GitFilter {
    /// `nbstripout --is-installed` (`verbose: false`) and `--status` (`verbose: true`): 0 when the
    /// filter entries exist and `*.ipynb` has a filter attribute, 1 otherwise.
    static func status(scope: GitConfigScope, verbose: Bool) -> Int32 {
        let location: String
        switch scope {
        case .system: location = "system-wide"
        case .global: location = "globally"
        case .local:
            guard let gitDir = Subprocess.run(["git", "rev-parse", "--git-dir"]), gitDir.succeeded else { return 1 }
            location = "in repository '\(ExecutablePath.directory(of: ExecutablePath.absolute(gitDir.text)))'"
        }
        func notInstalled() -> Int32 {
            if verbose { print("quire strip is not installed", location) }
            return 1
        }
        func value(_ key: String) -> String? {
            guard let result = Subprocess.run(scope.gitConfig + [key]), result.succeeded else { return nil }
            return result.text
        }
        guard let clean = value("filter.nbstripout.clean"), let smudge = value("filter.nbstripout.smudge"),
            let diff = value("diff.ipynb.textconv")
        else { return notInstalled() }

        var attributes = ""
        var diffAttributes = ""
        if scope == .local {
            attributes = Subprocess.run(["git", "check-attr", "filter", "--", "*.ipynb"])?.text ?? ""
            diffAttributes = Subprocess.run(["git", "check-attr", "diff", "--", "*.ipynb"])?.text ?? ""
        } else if let file = try? attributesFile(scope: scope, given: nil), let bytes = try? FileIO.readBytes(file) {
            let lines = universalLines(bytes).map { String(decoding: $0, as: UTF8.self) }
            attributes = PythonString.strip(lines.filter { $0.contains("filter") }.joined())
            diffAttributes = PythonString.strip(lines.filter { $0.contains("diff") }.joined())
        }
        let extraKeys = value("filter.nbstripout.extrakeys") ?? ""
        if attributes.hasSuffix("unspecified") { return notInstalled() }
        if verbose {
            print("quire strip is installed", location)
            print("\nFilter:")
            print("  clean =", clean)
            print("  smudge =", smudge)
            print("  diff=", diff)
            print("  extrakeys=", extraKeys)
            print("\nAttributes:\n ", attributes)
            print("\nDiff Attributes:\n ", diffAttributes)
        }
        return 0
    }

    /// The `filter.nbstripout.extrakeys` and `filter.nbstripout.keepmetadatakeys` settings, split
    /// on whitespace; read from every scope (or only the `--global` / `--system` one), as nbstripout
    /// reads them. Missing settings, or git itself missing, give empty lists.
    static func stripSettings(scope: GitConfigScope) -> (extraKeys: [String], keepMetadataKeys: [String]) {
        let config = scope == .local ? ["git", "config"] : scope.gitConfig
        let pattern = #"^filter\.nbstripout\.(extrakeys|keepmetadatakeys)$"#
        guard let result = Subprocess.run(config + ["-z", "--get-regexp", pattern]), result.succeeded else { return ([], []) }
        // Records are "name\nvalue\0" ("name\0" for a key without a value); the last one wins,
        // as it does for `git config NAME`.
        var extraKeys = ""
        var keepKeys = ""
        for record in result.output.split(separator: 0) {
            let newline = record.firstIndex(of: 0x0A) ?? record.endIndex
            let name = String(decoding: record[..<newline], as: UTF8.self)
            let value = newline < record.endIndex ? String(decoding: record[(newline + 1)...], as: UTF8.self) : ""
            if name.hasSuffix(".extrakeys") { extraKeys = value } else { keepKeys = value }
        }
        return (PythonString.splitWords(extraKeys), PythonString.splitWords(keepKeys))
    }
}
