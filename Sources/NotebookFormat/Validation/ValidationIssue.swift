// SPDX-License-Identifier: Apache-2.0

/// One problem found when validating a notebook: where it is, what is wrong, and which schema rule
/// says so.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable {
        /// The notebook does not satisfy the nbformat schema.
        case error
        /// nbformat accepts the notebook after repairing it in memory (see the message).
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// Where in the notebook, e.g. `cells[3].outputs[0].output_type`.
    public var path: JSONPath
    /// What is wrong, prefixed with the cell or output type it was checked as (`code cell: ...`).
    public var message: String
    /// The schema keyword that failed (`required`, `type`, `oneOf`, ...); nil for warnings.
    public var rule: String?
    /// The schema location holding that keyword, e.g. `#/definitions/code_cell`; nil for warnings.
    public var schemaLocation: String?

    /// An issue with every field given.
    public init(severity: Severity, path: JSONPath, message: String, rule: String? = nil, schemaLocation: String? = nil)
    {
        self.severity = severity
        self.path = path
        self.message = message
        self.rule = rule
        self.schemaLocation = schemaLocation
    }

    /// True for errors.
    public var isError: Bool { severity == .error }

    /// `PATH: message (rule: KEYWORD at LOCATION)` for errors, `PATH: warning: message` for warnings.
    public var description: String {
        switch severity {
        case .warning: return "\(path): warning: \(message)"
        case .error:
            guard let rule else { return "\(path): \(message)" }
            return "\(path): \(message) (rule: \(rule) at \(schemaLocation ?? "#"))"
        }
    }
}
