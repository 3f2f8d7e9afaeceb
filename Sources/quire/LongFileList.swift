// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import NotebookFormat

/// A fast path for commands given many files. ArgumentParser copies the parsed array (and the set
/// of input origins) for every value of a repeated argument, which makes a list of n files cost
/// O(n²): about 45 ms for 1,000 files in a release build, more than stripping them. So before
/// parsing, the files of a long command line, all but the first, are moved into one hidden
/// option (`FileListOption`), joined with NUL (which no path contains).
///
/// Every command that conforms to `TakesFileList` takes part. Which arguments are options, and
/// how many values each takes, comes (when there are options at all) from the command's own
/// ArgumentParser declaration (its `--experimental-dump-help` description), so there is no table
/// here to keep in step. Anything the classifier does not know for certain (an unknown or
/// combined option, `-`, an option that scans for its value) leaves the command line as it is,
/// for ArgumentParser to parse (or reject) the usual way.
enum LongFileList {
    /// The hidden option's name.
    static let optionName = "quire-file-list"
    /// Below this many files the command line is left alone.
    static let threshold = 64

    /// The command line with the files of a long invocation of one of `commands` moved into the
    /// hidden option, or the arguments unchanged. `arguments` excludes the program name.
    static func rewrite(_ arguments: [String], commands: [any ParsableCommand.Type]) -> [String] {
        guard arguments.count > threshold, let name = arguments.first,
            let command = commands.first(where: { $0.configuration.commandName == name }),
            command is any TakesFileList.Type
        else { return arguments }
        // The grammar is read at the first option: ArgumentParser's description of the command
        // costs about 3 ms, and a command line of files alone does not need it.
        var grammar: OptionGrammar?
        var options = [name]
        var files: [String] = []
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if argument == "--" {
                files += arguments[i...]
                break
            }
            guard argument.hasPrefix("-"), argument != "-" else {
                if argument == "-" { return arguments }  // standard input: keep the simple path
                files.append(argument)
                continue
            }
            options.append(argument)
            let inline = argument.split(separator: "=", maxSplits: 1).map(String.init)
            if grammar == nil {
                guard let described = OptionGrammar(command) else { return arguments }
                grammar = described
            }
            guard let arity = grammar?.arity[inline[0]] else { return arguments }
            switch (arity, inline.count == 2) {
            case (.none, false): continue
            case (.one, true), (.unconditional, true): continue
            case (.one, false):
                guard i < arguments.count, !arguments[i].hasPrefix("-") else { return arguments }
                options.append(arguments[i])
                i += 1
            case (.unconditional, false):
                guard i < arguments.count else { return arguments }
                options.append(arguments[i])
                i += 1
            case (.upToNextOption, false):
                while i < arguments.count, !arguments[i].hasPrefix("-") {
                    options.append(arguments[i])
                    i += 1
                }
            default:
                return arguments
            }
        }
        guard files.count > threshold, !files.contains("-") else { return arguments }
        let first = files.removeFirst()
        let list = "--\(optionName)=" + files.joined(separator: "\0")
        return options + [list] + (first.hasPrefix("-") ? ["--", first] : [first])
    }
}

/// A command whose notebook files `LongFileList` may move: its one positional argument is the
/// files, and it includes `FileListOption`.
protocol TakesFileList: ParsableCommand {
    /// The files given as positional arguments.
    var files: [String] { get }
    /// The files `LongFileList` moved into the hidden option.
    var fileList: FileListOption { get }
}

/// The hidden option that carries the files `LongFileList` moved; every command that takes
/// notebook files includes it with `@OptionGroup` and reads its files with `files(after:)`.
struct FileListOption: ParsableArguments {
    /// The files, joined with NUL.
    @Option(name: .customLong(LongFileList.optionName), help: .hidden)
    var joined: String?

    /// The command's positional files followed by those carried here (their order on the command line).
    func files(after positional: [String]) -> [String] {
        guard let joined else { return positional }
        return positional + joined.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
    }
}

/// How many values each option of a command takes, read from ArgumentParser's description of the
/// command; `nil` for a command without `FileListOption` or with arguments parsed in ways the
/// classifier does not follow.
private struct OptionGrammar {
    enum Arity {
        /// A flag.
        case none
        /// The next argument, which must not start with `-` (ArgumentParser's `.next`).
        case one
        /// The next argument, whatever it is.
        case unconditional
        /// The arguments up to the next one that starts with `-`.
        case upToNextOption
    }

    /// Arity by spelling: `--name`, `-n`.
    var arity: [String: Arity] = [:]

    init?(_ command: any ParsableCommand.Type) {
        guard case .object(let root)? = try? JSONParser.parse(command._dumpHelp()),
            case .array(let arguments)? = root["command"]?.objectValue?["arguments"]
        else { return nil }
        var hasFileList = false
        var positionals = 0
        for case .object(let argument) in arguments {
            let strategy = argument["parsingStrategy"]?.stringValue ?? ""
            let arity: Arity
            switch (argument["kind"]?.stringValue, strategy) {
            case ("positional", "default"):
                positionals += 1
                continue
            case ("flag", _): arity = .none
            case ("option", "default"): arity = .one
            case ("option", "unconditional"): arity = .unconditional
            case ("option", "upToNextOption"): arity = .upToNextOption
            default: return nil
            }
            for case .object(let name) in argument["names"]?.arrayValue ?? [] {
                guard let text = name["name"]?.stringValue else { return nil }
                let spelling = name["kind"]?.stringValue == "long" ? "--" + text : "-" + text
                self.arity[spelling] = arity
                if spelling == "--" + LongFileList.optionName { hasFileList = true }
            }
        }
        guard hasFileList, positionals == 1 else { return nil }
    }
}
