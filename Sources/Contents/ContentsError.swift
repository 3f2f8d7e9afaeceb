// SPDX-License-Identifier: Apache-2.0

/// The one error type of the `Contents` module: what went wrong (`code`), the API path involved,
/// and a message modelled on jupyter_server's (`No such directory: x`, `File already exists: x`).
///
/// Each code's documentation says which answer jupyter_server gives for it, so that the server
/// module can map codes to responses without knowing how the store works.
public struct ContentsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An extensible error code, matchable with `~=` in `catch` patterns.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let rawValue: String
        /// Nothing at that path, or it is hidden and hidden files are not served (jupyter_server: Not Found).
        public static let notFound = Code(rawValue: "not-found")
        /// The destination of a rename already exists (jupyter_server: Conflict).
        public static let alreadyExists = Code(rawValue: "already-exists")
        /// The operating system refused access (jupyter_server: Forbidden, "Permission denied: x").
        public static let forbidden = Code(rawValue: "forbidden")
        /// A write, rename, copy or delete names a hidden path while hidden files are not allowed
        /// (jupyter_server: Bad Request, "Cannot create file or directory 'x'").
        public static let hidden = Code(rawValue: "hidden")
        /// The path has a `..` segment or a NUL byte, or resolves (through symbolic links) outside
        /// the root (jupyter_server: Not Found, "x is outside root contents directory").
        public static let outsideRoot = Code(rawValue: "outside-root")
        /// The request is malformed: missing type or content, bad format, wrong type for the path,
        /// undecodable content, a non-empty directory to delete (jupyter_server: Bad Request).
        public static let invalid = Code(rawValue: "invalid")
        /// Reading or writing failed for another reason (jupyter_server: Internal Server Error).
        public static let io = Code(rawValue: "io")
        /// The code's name.
        public var description: String { rawValue }
        /// Matches an error against a code in `catch` patterns.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? ContentsError)?.code == code
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// A human-readable explanation, worded as jupyter_server words it where it has one.
    public var message: String
    /// The API path involved, if any.
    public var path: String?
    /// jupyter_server's short `reason` for the failure (`"bad type"`, `"bad format"`), if it gives one.
    public var reason: String?

    /// An error with a code, message, optional API path and optional reason.
    public init(_ code: Code, _ message: String, path: String? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.reason = reason
    }

    /// The message (it names the path where jupyter_server's does).
    public var description: String { message }

    /// "file or directory does not exist: 'x'", jupyter_server's answer for missing and hidden paths.
    static func doesNotExist(_ path: String) -> ContentsError {
        ContentsError(.notFound, "file or directory does not exist: \(pythonRepr(path))", path: path)
    }
}

/// A string as Python's `repr` shows it (single quotes unless the text holds one and no double quote).
public func pythonRepr(_ text: String) -> String {
    let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for ch in text {
        switch ch {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case quote: out += "\\" + String(quote)
        default: out.append(ch)
        }
    }
    out.append(quote)
    return out
}
