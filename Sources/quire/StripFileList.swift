// SPDX-License-Identifier: Apache-2.0

/// A fast path for `quire strip` with many files. ArgumentParser copies the parsed array (and the
/// set of input origins) for every value of a repeated argument, which makes a list of n files cost
/// O(n²): about 45 ms for 1,000 files in a release build, more than stripping them. So before
/// parsing, the file arguments of a long `quire strip` command line are moved into one hidden
/// option, joined with NUL (which no path contains). Anything this classifier does not know for
/// certain (an unknown or combined option, `-`, an inline value of a list option) leaves the
/// command line as it is, for ArgumentParser to parse (or reject) the usual way.
enum StripFileList {
    /// The hidden option that carries the files.
    static let option = "--quire-file-list"
    /// Below this many files the command line is left alone.
    static let threshold = 64

    private static let flags: Set<String> = [
        "--dry-run", "--install", "--uninstall", "--is-installed", "--status", "--verify", "--keep-count",
        "--keep-output", "--keep-id", "--drop-empty-cells", "--strip-init-cells", "--global", "--system", "-f",
        "--force", "-t", "--textconv", "--unix-newlines",
    ]
    /// Options taking exactly the next argument (ArgumentParser's default `.next` strategy).
    private static let singleValue: Set<String> = [
        "--extra-keys", "--keep-metadata-keys", "--drop-tagged-cells", "--attributes", "-m", "--mode",
    ]
    /// `--max-size` takes the next argument whatever it looks like (`.unconditional`).
    private static let unconditionalValue: Set<String> = ["--max-size"]
    /// Options taking the following arguments up to the next option (`.upToNextOption`).
    private static let listValue: Set<String> = ["--drop-output-type", "--keep-output-type"]

    /// The command line with the files of a long `strip` invocation moved into `option`, or the
    /// arguments unchanged. `arguments` excludes the program name.
    static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.count > threshold, arguments.first == "strip" else { return arguments }
        var options: [String] = ["strip"]
        var files: [String] = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if argument == "--" {
                files += arguments[i...]
                break
            }
            guard argument.hasPrefix("-") else {
                files.append(argument)
                continue
            }
            options.append(argument)
            if flags.contains(argument) { continue }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if name != argument, singleValue.contains(name) || unconditionalValue.contains(name) { continue }
            if singleValue.contains(argument), i < arguments.count, !arguments[i].hasPrefix("-") {
                options.append(arguments[i])
                i += 1
            } else if unconditionalValue.contains(argument), i < arguments.count {
                options.append(arguments[i])
                i += 1
            } else if listValue.contains(argument) {
                while i < arguments.count, !arguments[i].hasPrefix("-") {
                    options.append(arguments[i])
                    i += 1
                }
            } else {
                return arguments  // not certain: let ArgumentParser see everything
            }
        }
        guard files.count > threshold, !files.contains("-") else { return arguments }
        return options + [option, files.joined(separator: "\0")]
    }

    /// The files carried by `option`.
    static func files(from list: String?) -> [String] {
        guard let list else { return [] }
        return list.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    }
}
