// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `NotebookFormat` module: what went wrong (`code`), where (`file`, and a
/// JSON `location` or line and column when known), and a message a person can act on.
public struct NotebookFormatError: Error, Sendable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// The file is not JSON (the message has the line and column).
        public static let invalidJSON = Code(rawValue: "invalid-json")
        /// The JSON is not a notebook (a required key is missing or has the wrong type).
        public static let notANotebook = Code(rawValue: "not-a-notebook")
        /// The notebook's `nbformat` major version is not 4.
        public static let unsupportedVersion = Code(rawValue: "unsupported-version")
        /// The notebook does not satisfy the nbformat schema.
        public static let invalidNotebook = Code(rawValue: "invalid-notebook")
        /// Reading or writing a file failed.
        public static let io = Code(rawValue: "io")
        /// Options or metadata make the requested operation contradictory.
        public static let invalidOption = Code(rawValue: "invalid-option")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? NotebookFormatError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation naming what is wrong.
    public var message: String
    /// The file involved, if any.
    public var file: String?

    /// An error with a code, message and optional file.
    public init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
    }

    /// The same error, attributed to `file`.
    public func inFile(_ file: String) -> NotebookFormatError {
        var copy = self
        copy.file = file
        return copy
    }

    /// "file: message", or just the message.
    public var description: String {
        if let file { return "\(file): \(message)" }
        return message
    }
}
