// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `Execution` module: what went wrong (`code`), where (a file, a cell
/// index, a parameter name when known), and a message a person can act on.
public struct ExecutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// A parameter (from `-p`, `-r`, `-y`, `-f`, `-b`) cannot be read or rendered.
        public static let invalidParameter = Code(rawValue: "invalid-parameter")
        /// No parameter translator exists for the notebook's kernel or language.
        public static let noTranslator = Code(rawValue: "no-translator")
        /// The notebook names no kernel and none was given.
        public static let noKernelName = Code(rawValue: "no-kernel-name")
        /// The notebook names no language and none was given.
        public static let noLanguage = Code(rawValue: "no-language")
        /// A parameter's value has no form in the kernel's language (a dict in bash, None in C#).
        public static let untranslatableParameter = Code(rawValue: "untranslatable-parameter")
        /// The input is not an nbformat 4 notebook.
        public static let invalidNotebook = Code(rawValue: "invalid-notebook")
        /// A path template (Python `str.format` syntax) is malformed or uses an unsupported format.
        public static let invalidPathTemplate = Code(rawValue: "invalid-path-template")
        /// The notebook has no cell tagged `parameters` (for `inspect`).
        public static let noParametersCell = Code(rawValue: "no-parameters-cell")
        /// A path template names a parameter that was not given.
        public static let missingParameter = Code(rawValue: "missing-parameter")
        /// A cell raised an error and errors were not allowed.
        public static let cellFailed = Code(rawValue: "cell-failed")
        /// A cell did not finish within the execution timeout.
        public static let cellTimeout = Code(rawValue: "cell-timeout")
        /// The kernel died during the run.
        public static let kernelDied = Code(rawValue: "kernel-died")
        /// The run was interrupted (Ctrl-C, SIGTERM).
        public static let interrupted = Code(rawValue: "interrupted")
        /// The kernel could not be started.
        public static let kernelStartFailed = Code(rawValue: "kernel-start-failed")
        /// Reading the input or writing the output failed.
        public static let io = Code(rawValue: "io")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? ExecutionError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what is wrong.
    public var message: String
    /// The file involved, if any.
    public var path: String?
    /// The index of the cell involved, if any.
    public var cellIndex: Int?

    /// An error with a code, message and optional context.
    public init(_ code: Code, _ message: String, path: String? = nil, cellIndex: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cellIndex = cellIndex
    }

    /// "path: message", or just the message.
    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
