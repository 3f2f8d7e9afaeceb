// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// What a contents entry is, as jupyter_server's `type` field names it.
public enum ContentsType: String, Sendable, CaseIterable {
    /// A `.ipynb` file read as a notebook.
    case notebook
    /// Any other file.
    case file
    /// A directory.
    case directory
}

/// How a model's `content` is encoded, as jupyter_server's `format` field names it.
public enum ContentsFormat: String, Sendable, CaseIterable {
    /// A notebook document or a directory listing.
    case json
    /// UTF-8 text.
    case text
    /// Base64 with a line break every 76 characters (Python's `base64.encodebytes`).
    case base64
}

/// The content of a model fetched with content.
public enum ContentsContent: Sendable, Equatable {
    /// A notebook document, as nbformat reads it.
    case notebook(JSONObject)
    /// A text file's text.
    case text(String)
    /// A binary file's bytes in base64 (with `encodebytes` line breaks).
    case base64(String)
    /// The models of a directory's entries, without content.
    case directory([ContentsModel])
}

/// A contents model: jupyter_server's `model` dict, field for field.
///
///     let model = try store.get("notes/a.ipynb")
///     let body = model.jsonValue()   // what GET /api/contents/notes/a.ipynb answers
public struct ContentsModel: Sendable, Equatable {
    /// The last path segment ("" for the root).
    public var name: String
    /// The API path, `/`-separated and relative to the root, without leading or trailing `/`.
    public var path: String
    /// Notebook, file or directory.
    public var type: ContentsType
    /// Whether this process may write the entry.
    public var writable: Bool
    /// Creation time (birth time where the system has one, else status-change time, as jupyter_server).
    public var created: ContentsTimestamp
    /// Modification time.
    public var lastModified: ContentsTimestamp
    /// Size in bytes (nil for directories).
    public var size: Int?
    /// The mime type (nil for notebooks, directories, and files of unknown type fetched without content).
    public var mimetype: String?
    /// The content's encoding (nil without content).
    public var format: ContentsFormat?
    /// The content (nil when not requested).
    public var content: ContentsContent?
    /// Hex digest of the file bytes, when requested.
    public var hash: String?
    /// The digest's algorithm (`sha256`), when requested.
    public var hashAlgorithm: String?
    /// The notebook validation message, when the notebook read or saved does not validate.
    public var message: String?

    /// A model with every field given (content, hash and message default to absent).
    public init(
        name: String, path: String, type: ContentsType, writable: Bool, created: ContentsTimestamp,
        lastModified: ContentsTimestamp, size: Int?, mimetype: String?, format: ContentsFormat? = nil,
        content: ContentsContent? = nil, hash: String? = nil, hashAlgorithm: String? = nil, message: String? = nil
    ) {
        self.name = name
        self.path = path
        self.type = type
        self.writable = writable
        self.created = created
        self.lastModified = lastModified
        self.size = size
        self.mimetype = mimetype
        self.format = format
        self.content = content
        self.hash = hash
        self.hashAlgorithm = hashAlgorithm
        self.message = message
    }

    /// The JSON jupyter_server returns for this model, keys in its order; `message` only when set.
    public func jsonValue() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name)), ("path", .string(path)),
            ("last_modified", .string(lastModified.isoformat)), ("created", .string(created.isoformat)),
            ("content", contentJSON), ("format", format.map { .string($0.rawValue) } ?? .null),
            ("mimetype", mimetype.map { .string($0) } ?? .null), ("size", size.map { .number(.int($0)) } ?? .null),
            ("writable", .bool(writable)), ("hash", hash.map { .string($0) } ?? .null),
            ("hash_algorithm", hashAlgorithm.map { .string($0) } ?? .null), ("type", .string(type.rawValue)),
        ]
        if let message { members.append(("message", .string(message))) }
        return .object(JSONObject(members))
    }

    private var contentJSON: JSONValue {
        switch content {
        case nil: return .null
        case .notebook(let object)?: return .object(object)
        case .text(let text)?, .base64(let text)?: return .string(text)
        case .directory(let entries)?: return .array(entries.map { $0.jsonValue() })
        }
    }
}

/// A checkpoint of a file: jupyter_server's `{"id", "last_modified"}`.
public struct Checkpoint: Sendable, Equatable {
    /// The checkpoint id (always `checkpoint`: one checkpoint per file, as FileCheckpoints keeps).
    public var id: String
    /// The checkpoint's modification time (the file's at the time it was taken).
    public var lastModified: ContentsTimestamp

    /// A checkpoint model.
    public init(id: String, lastModified: ContentsTimestamp) {
        self.id = id
        self.lastModified = lastModified
    }

    /// The JSON jupyter_server returns for a checkpoint.
    public func jsonValue() -> JSONValue {
        .object(JSONObject([("id", .string(id)), ("last_modified", .string(lastModified.isoformat))]))
    }
}

/// A UTC time with microsecond precision, formatted as jupyter_server formats `datetime`s.
public struct ContentsTimestamp: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01 UTC.
    public var seconds: Int
    /// Microseconds within the second (0..<1_000_000).
    public var microseconds: Int

    /// A timestamp from seconds and microseconds.
    public init(seconds: Int, microseconds: Int = 0) {
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// A timestamp from a file time, rounding nanoseconds to microseconds half to even as Python does.
    public init(seconds: Int, nanoseconds: Int) {
        var micro = nanoseconds / 1000
        let rest = nanoseconds % 1000
        if rest > 500 || (rest == 500 && micro % 2 == 1) { micro += 1 }
        self.seconds = seconds + micro / 1_000_000
        self.microseconds = micro % 1_000_000
    }

    /// Orders by time.
    public static func < (a: ContentsTimestamp, b: ContentsTimestamp) -> Bool {
        (a.seconds, a.microseconds) < (b.seconds, b.microseconds)
    }

    /// `2026-11-22T03:33:01.123456Z`, or without the fraction when it is zero (Python's `isoformat` with `Z`).
    public var isoformat: String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (y, m, d) = ContentsTimestamp.civil(fromDays: days)
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T"
        text += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if microseconds != 0 { text += "." + pad(microseconds, 6) }
        return text + "Z"
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's civil-from-days).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
