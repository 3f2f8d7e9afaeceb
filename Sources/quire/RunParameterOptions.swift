// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import NotebookFormat

/// The parameter options of `quire run`, spelled as papermill spells them (the underscore forms
/// `--parameters_raw`, `--parameters_yaml`, `--parameters_file`, `--parameters_base64` work too).
/// Their values reach ArgumentParser through `RunParameterArguments`, which takes `-p NAME VALUE`
/// as two arguments and every value verbatim, as papermill's click options do.
struct RunParameterOptions: ParsableArguments {
    @Option(
        name: [.customShort("p"), .customLong("parameters")],
        help: ArgumentHelp(
            "Set parameter NAME to VALUE, typed as papermill types it: True, False, None, an int, a float, else a string.",
            valueName: "name value"
        )
    )
    var parameters: [String] = []

    @Option(
        name: [.customShort("r"), .customLong("parameters-raw"), .customLong("parameters_raw")],
        help: ArgumentHelp("Set parameter NAME to the string VALUE.", valueName: "name value")
    )
    var parametersRaw: [String] = []

    @Option(
        name: [.customShort("y"), .customLong("parameters-yaml"), .customLong("parameters_yaml")],
        help: ArgumentHelp("Parameters as a YAML mapping.", valueName: "yaml")
    )
    var parametersYAML: [String] = []

    @Option(
        name: [.customShort("f"), .customLong("parameters-file"), .customLong("parameters_file")],
        help: ArgumentHelp("Parameters from a YAML or JSON file.", valueName: "file")
    )
    var parametersFile: [String] = []

    @Option(
        name: [.customShort("b"), .customLong("parameters-base64"), .customLong("parameters_base64")],
        help: ArgumentHelp("Parameters as base64 of a YAML mapping.", valueName: "base64")
    )
    var parametersBase64: [String] = []

    @Flag(help: "Add the input path as the parameter PAPERMILL_INPUT_PATH.")
    var injectInputPath = false

    @Flag(help: "Add the output path as the parameter PAPERMILL_OUTPUT_PATH.")
    var injectOutputPath = false

    @Flag(help: "Add both paths as PAPERMILL_INPUT_PATH and PAPERMILL_OUTPUT_PATH.")
    var injectPaths = false

    func validate() throws {
        for (flag, values) in [("-p/--parameters", parameters), ("-r/--parameters-raw", parametersRaw)] {
            let words = RunParameterArguments.values(values)
            if words.count % 2 != 0 {
                throw ValidationError("\(flag) takes a NAME and a VALUE; '\(words.last!)' has no value")
            }
        }
    }

    /// The merged parameter set, in papermill's order; `inputPath` and `outputPath` are the paths
    /// as given, before templating (what `--inject-*` adds).
    func merged(inputPath: String, outputPath: String) throws(ExecutionError) -> JSONObject {
        let sources = ParameterSources(
            base64: RunParameterArguments.values(parametersBase64),
            files: RunParameterArguments.values(parametersFile),
            yaml: RunParameterArguments.values(parametersYAML),
            typed: pairs(parameters),
            raw: pairs(parametersRaw),
            injectInputPath: injectInputPath || injectPaths,
            injectOutputPath: injectOutputPath || injectPaths
        )
        return try sources.merged(inputPath: inputPath, outputPath: outputPath)
    }

    private func pairs(_ values: [String]) -> [ParameterAssignment] {
        let words = RunParameterArguments.values(values)
        return stride(from: 0, to: words.count - 1, by: 2).map {
            ParameterAssignment(name: words[$0], value: words[$0 + 1])
        }
    }
}

/// Makes `quire run`'s parameter options parse as papermill's click options do: `-p NAME VALUE`
/// and `-r NAME VALUE` take the next two arguments and `-y`, `-f`, `-b` the next one, whatever
/// they look like (`-p x -5`, `-y ''`, `-y '---'`). ArgumentParser has no fixed arity and rejects
/// some values (empty, or starting with `--`), so before parsing each such option and its values
/// become one `--long=` argument carrying the values after a NUL each (no argument can contain a
/// NUL); `values(_:)` takes them apart again. Only the `run` subcommand's arguments before `--`
/// are touched.
enum RunParameterArguments {
    private static let options: [String: (long: String, arity: Int)] = [
        "-p": ("--parameters", 2), "--parameters": ("--parameters", 2),
        "-r": ("--parameters-raw", 2), "--parameters-raw": ("--parameters-raw", 2),
        "--parameters_raw": ("--parameters-raw", 2),
        "-y": ("--parameters-yaml", 1), "--parameters-yaml": ("--parameters-yaml", 1),
        "--parameters_yaml": ("--parameters-yaml", 1),
        "-f": ("--parameters-file", 1), "--parameters-file": ("--parameters-file", 1),
        "--parameters_file": ("--parameters-file", 1),
        "-b": ("--parameters-base64", 1), "--parameters-base64": ("--parameters-base64", 1),
        "--parameters_base64": ("--parameters-base64", 1),
    ]

    /// `arguments` (without the program name) with the parameter options rewritten. An option
    /// without enough values is left as it is, for ArgumentParser to report.
    static func rewrite(_ arguments: [String]) -> [String] {
        guard arguments.first == "run" else { return arguments }
        var out = ["run"]
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" {
                out += arguments[i...]
                break
            }
            if let (long, arity) = options[argument], i + arity < arguments.count {
                out.append(long + "=" + arguments[(i + 1)...(i + arity)].map { "\u{0}" + $0 }.joined())
                i += arity + 1
            } else {
                out.append(argument)
                i += 1
            }
        }
        return out
    }

    /// The values of an option: those `rewrite` packed, and those given as `--long=value` as they are.
    /// Split by Unicode scalars: a NUL followed by a combining mark is one `Character`.
    static func values(_ parsed: [String]) -> [String] {
        parsed.flatMap { value in
            let scalars = value.unicodeScalars
            guard scalars.first == "\u{0}" else { return [value] }
            return scalars.split(separator: "\u{0}", omittingEmptySubsequences: false).dropFirst().map { String($0) }
        }
    }
}
