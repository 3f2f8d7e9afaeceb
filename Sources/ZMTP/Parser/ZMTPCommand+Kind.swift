// SPDX-License-Identifier: Apache-2.0

extension ZMTPCommand {
    /// A typed view of the commands of 23/ZMTP (READY, ERROR) and 37/ZMTP (SUBSCRIBE, CANCEL,
    /// PING, PONG); anything else is `.other` and is ignored by the handshake.
    public enum Kind: Sendable, Hashable {
        /// READY with its metadata (`Socket-Type`, `Identity`, …).
        case ready(ZMTPMetadata)
        /// ERROR with the peer's reason; the peer closes after sending it.
        case error(reason: String)
        /// 3.1 SUBSCRIBE to messages whose first frame starts with `topic`.
        case subscribe(topic: [UInt8])
        /// 3.1 CANCEL a subscription.
        case cancel(topic: [UInt8])
        /// 3.1 PING: `ttl` in tenths of a second, `context` (at most 16 bytes) to echo in PONG.
        case ping(ttl: UInt16, context: [UInt8])
        /// 3.1 PONG echoing a PING's context.
        case pong(context: [UInt8])
        /// A command this module does not know (by name).
        case other(name: String)
    }

    /// The maximum PING context length (37/ZMTP); longer contexts are truncated, as libzmq does.
    static let maximumPingContextLength = 16

    /// The typed view of this command.
    /// - Throws: `ZMTPError.malformedCommand` if a known command's data is malformed.
    public func kind() throws(ZMTPError) -> Kind {
        switch name {
        case "READY":
            return .ready(try ZMTPMetadata(parsing: data))
        case "ERROR":
            guard let size = data.first else { return .error(reason: "") }
            guard Int(size) <= data.count - 1 else {
                throw ZMTPError(.malformedCommand, "ERROR reason size \(size) exceeds the command")
            }
            return .error(reason: String(decoding: data[1..<(1 + Int(size))], as: UTF8.self))
        case "SUBSCRIBE":
            return .subscribe(topic: data)
        case "CANCEL":
            return .cancel(topic: data)
        case "PING":
            guard data.count >= 2 else {
                throw ZMTPError(.malformedCommand, "PING is \(data.count) bytes, shorter than its 2-byte TTL")
            }
            let ttl = UInt16(data[0]) << 8 | UInt16(data[1])
            return .ping(ttl: ttl, context: Array(data.dropFirst(2).prefix(Self.maximumPingContextLength)))
        case "PONG":
            return .pong(context: Array(data.prefix(Self.maximumPingContextLength)))
        default:
            return .other(name: name)
        }
    }

    /// READY for a NULL-mechanism handshake: `Socket-Type`, then `Identity` if given.
    public static func ready(socketType: SocketType, identity: [UInt8]? = nil) -> ZMTPCommand {
        var metadata = ZMTPMetadata([(name: "Socket-Type", value: Array(socketType.rawValue.utf8))])
        if let identity {
            metadata.append(name: "Identity", value: identity)
        }
        return ZMTPCommand(name: "READY", data: metadata.bytes)
    }

    /// ERROR with a reason (cut to 255 bytes).
    public static func error(reason: String) -> ZMTPCommand {
        let reasonBytes = Array(reason.utf8.prefix(255))
        return ZMTPCommand(name: "ERROR", data: [UInt8(reasonBytes.count)] + reasonBytes)
    }

    /// 3.1 SUBSCRIBE to `topic`.
    public static func subscribe(topic: [UInt8]) -> ZMTPCommand {
        ZMTPCommand(name: "SUBSCRIBE", data: topic)
    }

    /// 3.1 CANCEL of `topic`.
    public static func cancel(topic: [UInt8]) -> ZMTPCommand {
        ZMTPCommand(name: "CANCEL", data: topic)
    }

    /// 3.1 PING with a TTL in tenths of a second and a context of at most 16 bytes.
    public static func ping(ttl: UInt16, context: [UInt8] = []) -> ZMTPCommand {
        ZMTPCommand(name: "PING", data: [UInt8(ttl >> 8), UInt8(ttl & 0xFF)] + context.prefix(maximumPingContextLength))
    }

    /// 3.1 PONG echoing `context`.
    public static func pong(context: [UInt8]) -> ZMTPCommand {
        ZMTPCommand(name: "PONG", data: Array(context.prefix(maximumPingContextLength)))
    }
}
