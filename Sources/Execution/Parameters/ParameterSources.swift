// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// One `NAME VALUE` pair from `-p` or `-r`.
public struct ParameterAssignment: Sendable, Equatable {
    /// The parameter name, used as given.
    public var name: String
    /// The value text, as given on the command line.
    public var value: String

    /// A pair of name and value text.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Where a run's parameters come from, as papermill's command line takes them. `merged` builds the
/// parameter set in papermill's order (cli.py): the injected paths, every `-b`, every `-f`, every
/// `-y`, every `-p`, every `-r`. A later source overrides an earlier one's value and the name keeps
/// its first position, as `dict.update` does.
public struct ParameterSources: Sendable, Equatable {
    /// `-b/--parameters_base64`: base64 of YAML documents.
    public var base64: [String]
    /// `-f/--parameters_file`: YAML or JSON files.
    public var files: [String]
    /// `-y/--parameters_yaml`: YAML documents.
    public var yaml: [String]
    /// `-p/--parameters`: values typed as papermill's `_resolve_type` does.
    public var typed: [ParameterAssignment]
    /// `-r/--parameters_raw`: values kept as strings.
    public var raw: [ParameterAssignment]
    /// `--inject-input-path` (or `--inject-paths`): add `PAPERMILL_INPUT_PATH`.
    public var injectInputPath: Bool
    /// `--inject-output-path` (or `--inject-paths`): add `PAPERMILL_OUTPUT_PATH`.
    public var injectOutputPath: Bool

    /// Sources as given; all empty by default.
    public init(
        base64: [String] = [],
        files: [String] = [],
        yaml: [String] = [],
        typed: [ParameterAssignment] = [],
        raw: [ParameterAssignment] = [],
        injectInputPath: Bool = false,
        injectOutputPath: Bool = false
    ) {
        self.base64 = base64
        self.files = files
        self.yaml = yaml
        self.typed = typed
        self.raw = raw
        self.injectInputPath = injectInputPath
        self.injectOutputPath = injectOutputPath
    }

    /// The merged parameter set. `inputPath` and `outputPath` are the paths as given (before
    /// templating), which is what papermill injects. Errors name the source and, for YAML, the
    /// line and column.
    public func merged(inputPath: String, outputPath: String) throws(ExecutionError) -> JSONObject {
        var parameters = JSONObject()
        if injectInputPath { parameters["PAPERMILL_INPUT_PATH"] = .string(inputPath) }
        if injectOutputPath { parameters["PAPERMILL_OUTPUT_PATH"] = .string(outputPath) }
        for (index, encoded) in base64.enumerated() {
            let source = label("-b", index, base64.count)
            let text = try decodeBase64YAML(encoded, source: source)
            parameters.update(with: try ParameterYAML.parameters(in: text, source: source))
        }
        for path in files {
            let source = "-f \(path)"
            let bytes: [UInt8]
            do throws(NotebookFormatError) { bytes = try FileIO.readBytes(path) } catch {
                throw ExecutionError(.invalidParameter, "-f: \(error.message)", path: path)
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ExecutionError(.invalidParameter, "-f: the file is not UTF-8 text", path: path)
            }
            parameters.update(with: try ParameterYAML.parameters(in: text, source: source))
        }
        for (index, text) in yaml.enumerated() {
            let source = label("-y", index, yaml.count)
            parameters.update(with: try ParameterYAML.parameters(in: text, source: source))
        }
        for assignment in typed { parameters[assignment.name] = Self.typedValue(assignment.value) }
        for assignment in raw { parameters[assignment.name] = .string(assignment.value) }
        return parameters
    }

    /// papermill's `_resolve_type` for `-p` values: `True`, `False` and `None` exactly; then
    /// whatever Python's `int()` accepts (`1_000`, ` 7 `, `+3`, not `0x10`); then whatever
    /// `float()` accepts (`1e3`, `nan`, `-Infinity`); else the text as a string.
    public static func typedValue(_ text: String) -> JSONValue {
        switch text {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: break
        }
        if let integer = PythonNumberSyntax.int(text) { return .number(integer) }
        if let double = PythonNumberSyntax.float(text) { return .number(.double(double)) }
        return .string(text)
    }

    // MARK: - Private

    /// The flag, with "(value 2 of 3)" when it was given several times.
    private func label(_ flag: String, _ index: Int, _ count: Int) -> String {
        count > 1 ? "\(flag) (value \(index + 1) of \(count))" : flag
    }

    /// Base64 decoded as Python's `base64.b64decode` does, then read as PyYAML reads bytes
    /// (UTF-16 with a byte-order mark, else UTF-8).
    private func decodeBase64YAML(_ encoded: String, source: String) throws(ExecutionError) -> String {
        let bytes: [UInt8]
        switch PythonBase64.decode(encoded) {
        case .success(let decoded): bytes = decoded
        case .failure(let problem): throw ExecutionError(.invalidParameter, "\(source): not base64: \(problem.message)")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { i -> UInt16 in
                littleEndian
                    ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            }
            if let text = String(validating: units, as: UTF16.self) { return text }
        } else if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        throw ExecutionError(
            .invalidParameter,
            "\(source): the decoded YAML is not UTF-8 (or UTF-16 with a byte-order mark) text"
        )
    }
}

extension JSONObject {
    /// Python's `dict.update`: each member of `other` replaces the value of an equal key in place
    /// or is appended.
    mutating func update(with other: JSONObject) {
        for (key, value) in other.entries { self[key] = value }
    }
}
