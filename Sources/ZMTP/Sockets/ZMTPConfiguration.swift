// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Limits and tuning shared by every ZMTP socket; validate once with ``validate()``.
public struct ZMTPConfiguration: Sendable, Hashable {
    /// The largest frame body accepted from a peer (checked before anything is buffered).
    public var maximumFrameLength: Int
    /// The largest command body accepted from a peer.
    public var maximumCommandLength: Int
    /// The largest message (all frames' bodies together) accepted from a peer.
    public var maximumMessageLength: Int
    /// The most frames one inbound message may have.
    public var maximumFramesPerMessage: Int
    /// The ZMTP version we advertise: 3.1 (default) or 3.0.
    public var version: ZMTPVersion
    /// How long a peer has to complete the greeting and READY exchange.
    public var handshakeTimeout: TimeAmount
    /// How many inbound messages are buffered before reading from the peer pauses (backpressure).
    public var inboundBufferLimit: Int
    /// Bytes queued for one peer above which it counts as slow: a publisher drops messages for
    /// it, other sockets wait (as libzmq's send high-water mark).
    public var outboundBufferLimit: Int

    /// A configuration; the defaults suit Jupyter kernels (64 MiB frames, 256 MiB messages).
    public init(
        maximumFrameLength: Int = 64 << 20,
        maximumCommandLength: Int = 64 << 10,
        maximumMessageLength: Int = 256 << 20,
        maximumFramesPerMessage: Int = 4096,
        version: ZMTPVersion = .v3_1,
        handshakeTimeout: TimeAmount = .seconds(10),
        inboundBufferLimit: Int = 1024,
        outboundBufferLimit: Int = 4 << 20
    ) {
        self.maximumFrameLength = maximumFrameLength
        self.maximumCommandLength = maximumCommandLength
        self.maximumMessageLength = maximumMessageLength
        self.maximumFramesPerMessage = maximumFramesPerMessage
        self.version = version
        self.handshakeTimeout = handshakeTimeout
        self.inboundBufferLimit = inboundBufferLimit
        self.outboundBufferLimit = outboundBufferLimit
    }

    /// Throws `ZMTPError.invalidArgument` if a limit is not positive or the version is not 3.0/3.1.
    public func validate() throws {
        let limits = [
            ("maximumFrameLength", maximumFrameLength), ("maximumCommandLength", maximumCommandLength),
            ("maximumMessageLength", maximumMessageLength), ("maximumFramesPerMessage", maximumFramesPerMessage),
            ("inboundBufferLimit", inboundBufferLimit), ("outboundBufferLimit", outboundBufferLimit),
        ]
        for (name, value) in limits where value <= 0 {
            throw ZMTPError(.invalidArgument, "\(name) must be positive, not \(value)")
        }
        guard version == .v3_0 || version == .v3_1 else {
            throw ZMTPError(.invalidArgument, "version must be 3.0 or 3.1, not \(version)")
        }
        guard handshakeTimeout.nanoseconds > 0 else {
            throw ZMTPError(.invalidArgument, "handshakeTimeout must be positive")
        }
    }
}

/// Where a socket connects or binds: `tcp://host:port` or `ipc:///path`.
public enum ZMTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// TCP to a host name or address and a port (0 when binding picks a free port).
    case tcp(host: String, port: Int)
    /// A Unix domain socket at a file path (ZeroMQ's `ipc` transport).
    case ipc(path: String)

    /// Parses `tcp://host:port` (IPv6 hosts in brackets) or `ipc://path`.
    public init(_ string: String) throws {
        if string.hasPrefix("ipc://") {
            let path = String(string.dropFirst("ipc://".count))
            guard !path.isEmpty else { throw ZMTPError(.invalidArgument, "endpoint \(string) has no path") }
            self = .ipc(path: path)
            return
        }
        guard string.hasPrefix("tcp://"), let colon = string.lastIndex(of: ":"),
            let port = Int(string[string.index(after: colon)...]), (0...65535).contains(port)
        else {
            throw ZMTPError(.invalidArgument, "endpoint \(string) is not tcp://host:port or ipc://path")
        }
        var host = String(string[string.index(string.startIndex, offsetBy: 6)..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ZMTPError(.invalidArgument, "endpoint \(string) has no host") }
        self = .tcp(host: host, port: port)
    }

    /// The `tcp://host:port` or `ipc://path` form.
    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .ipc(let path): "ipc://\(path)"
        }
    }
}
