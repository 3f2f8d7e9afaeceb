// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Execution
import NotebookFormat

/// The parameter options of `quire run`, spelled as papermill spells them (the underscore forms
/// `--parameters_raw`, `--parameters_yaml`, `--parameters_file`, `--parameters_base64` work too).
/// `-p NAME VALUE` and `-r NAME VALUE` take two arguments each; `ParameterPairArguments` rewrites
/// them before parsing, since ArgumentParser has no fixed arity.
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
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Parameters as a YAML mapping.", valueName: "yaml")
    )
    var parametersYAML: [String] = []

    @Option(
        name: [.customShort("f"), .customLong("parameters-file"), .customLong("parameters_file")],
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Parameters from a YAML or JSON file.", valueName: "file")
    )
    var parametersFile: [String] = []

    @Option(
        name: [.customShort("b"), .customLong("parameters-base64"), .customLong("parameters_base64")],
        parsing: .unconditionalSingleValue,
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
        for (flag, values) in [("-p/--parameters", parameters), ("-r/--parameters-raw", parametersRaw)]
        where values.count % 2 != 0 {
            throw ValidationError("\(flag) takes a NAME and a VALUE; '\(values.last!)' has no value")
        }
    }

    /// The merged parameter set, in papermill's order; `inputPath` and `outputPath` are the paths
    /// as given, before templating (what `--inject-*` adds).
    func merged(inputPath: String, outputPath: String) throws(ExecutionError) -> JSONObject {
        let sources = ParameterSources(
            base64: parametersBase64,
            files: parametersFile,
            yaml: parametersYAML,
            typed: pairs(parameters),
            raw: pairs(parametersRaw),
            injectInputPath: injectInputPath || injectPaths,
            injectOutputPath: injectOutputPath || injectPaths
        )
        return try sources.merged(inputPath: inputPath, outputPath: outputPath)
    }

    private func pairs(_ values: [String]) -> [ParameterAssignment] {
        stride(from: 0, to: values.count - 1, by: 2).map {
            ParameterAssignment(name: values[$0], value: values[$0 + 1])
        }
    }
}

/// Rewrites `quire run ... -p NAME VALUE ...` so that ArgumentParser reads both words verbatim, even a
/// VALUE that starts with `-` (`-p x -5`): each `-p`/`--parameters` and `-r`/`--parameters-raw`/
/// `--parameters_raw` followed by two arguments becomes `--parameters=NAME --parameters=VALUE`
/// (or the raw equivalent). Only the `run` subcommand's arguments are touched, and nothing after `--`.
enum ParameterPairArguments {
    private static let pairOptions: [String: String] = [
        "-p": "--parameters", "--parameters": "--parameters",
        "-r": "--parameters-raw", "--parameters-raw": "--parameters-raw", "--parameters_raw": "--parameters-raw",
    ]
    /// Options whose value is the next argument whatever it looks like; skipped so a value that
    /// happens to be `-p` is not taken for the option.
    private static let valueOptions: Set<String> = [
        "-y", "--parameters-yaml", "--parameters_yaml", "-f", "--parameters-file", "--parameters_file",
        "-b", "--parameters-base64", "--parameters_base64",
    ]

    /// `arguments` (without the program name) with the pairs rewritten.
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
            if let long = pairOptions[argument], i + 2 < arguments.count {
                out += ["\(long)=\(arguments[i + 1])", "\(long)=\(arguments[i + 2])"]
                i += 3
                continue
            }
            out.append(argument)
            if valueOptions.contains(argument), i + 1 < arguments.count {
                out.append(arguments[i + 1])
                i += 1
            }
            i += 1
        }
        return out
    }
}
