// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Jupyter message header (messaging spec, "General Message Format"): who sent the message,
/// when, and its type. Lossless: the JSON object as received is kept, so keys this type does not
/// model (`subshell_id`, a kernel's own additions) survive a round trip, and so does their order.
public struct Header: Sendable, Equatable {
    /// The header's JSON object.
    public private(set) var json: JSONObject

    /// The messaging protocol version Quire speaks, as jupyter_client 8.10 writes it.
    public static let protocolVersion = "5.4"

    /// A header with the keys in jupyter_client's order (`msg_id`, `msg_type`, `username`,
    /// `session`, `date`, `version`); `date` defaults to now.
    public init(
        messageID: String,
        messageType: String,
        username: String,
        session: String,
        date: String = Header.currentDate(),
        version: String = Header.protocolVersion
    ) {
        json = JSONObject([
            ("msg_id", .string(messageID)), ("msg_type", .string(messageType)), ("username", .string(username)),
            ("session", .string(session)), ("date", .string(date)), ("version", .string(version)),
        ])
    }

    /// A header over a received JSON object, kept as is; missing keys read as empty strings.
    public init(json: JSONObject) {
        self.json = json
    }

    /// `msg_id`: unique per message; replies and outputs point back at it through their parent header.
    public var messageID: String {
        get { json["msg_id"]?.stringValue ?? "" }
        set { json["msg_id"] = .string(newValue) }
    }

    /// `msg_type`, e.g. `execute_request`. In a ``JupyterMessage`` it always equals the content's type.
    public var messageType: String {
        get { json["msg_type"]?.stringValue ?? "" }
        set { json["msg_type"] = .string(newValue) }
    }

    /// `username` of the sender.
    public var username: String {
        get { json["username"]?.stringValue ?? "" }
        set { json["username"] = .string(newValue) }
    }

    /// `session`: the sender's session id.
    public var session: String {
        get { json["session"]?.stringValue ?? "" }
        set { json["session"] = .string(newValue) }
    }

    /// `date` as sent (ISO 8601; kernels differ in precision and zone spelling, so it is kept as text).
    public var date: String {
        get { json["date"]?.stringValue ?? "" }
        set { json["date"] = .string(newValue) }
    }

    /// `version`: the messaging protocol version the sender speaks.
    public var version: String {
        get { json["version"]?.stringValue ?? "" }
        set { json["version"] = .string(newValue) }
    }

    /// `subshell_id` (protocol 5.5, ipykernel 7 subshells), or `nil` when absent or null.
    public var subshellID: String? {
        get { json["subshell_id"]?.stringValue }
        set { json["subshell_id"] = newValue.map(JSONValue.string) }
    }

    /// The current UTC time as jupyter_client writes `date`: `2026-11-21T22:22:58.955130Z`
    /// (microseconds, omitted when zero, as Python's `datetime.isoformat` does).
    public static func currentDate() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return formatDate(secondsSinceEpoch: Int(now.tv_sec), microseconds: Int(now.tv_nsec) / 1000)
    }

    /// Formats a UTC instant the way jupyter_client writes header dates.
    public static func formatDate(secondsSinceEpoch: Int, microseconds: Int) -> String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
        text += "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
        if microseconds > 0 { text += "." + pad(Int32(microseconds % 1_000_000), 6) }
        return text + "Z"
    }
}
