// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat
public import ZMTP

/// How a kernel's sockets are reached: TCP ports on an address, or Unix domain socket files.
public enum KernelTransport: String, Sendable, Hashable {
    /// `tcp`: five ports on `ip` (the default, and what every kernel supports).
    case tcp
    /// `ipc`: Unix domain sockets at `<ip>-<port>`, where `ip` is a path prefix (ipykernel
    /// and kernels built on it support this; no port can be taken by another process).
    case ipc
}

/// A kernel's connection file (Jupyter client docs, "Connection files"): where its five
/// sockets listen and the key that signs messages.
///
/// ```json
/// {"shell_port": 55067, "iopub_port": 34819, "stdin_port": 56317, "control_port": 57977,
///  "hb_port": 42849, "ip": "127.0.0.1", "key": "26f01f5b-…", "transport": "tcp",
///  "signature_scheme": "hmac-sha256", "kernel_name": "python3"}
/// ```
public struct ConnectionInfo: Sendable, Hashable {
    /// The shell (requests and replies) port.
    public var shellPort: Int
    /// The IOPub (broadcast) port.
    public var iopubPort: Int
    /// The stdin (input requests) port.
    public var stdinPort: Int
    /// The control (interrupt, shutdown, debug) port.
    public var controlPort: Int
    /// The heartbeat port.
    public var heartbeatPort: Int
    /// The address the kernel binds (TCP), or the socket files' path prefix (`ipc`).
    public var ip: String
    /// The HMAC key (its UTF-8 bytes are the key; empty means unsigned).
    public var key: String
    /// `tcp` or `ipc`.
    public var transport: KernelTransport
    /// `hmac-sha256`.
    public var signatureScheme: String
    /// The kernelspec name, for the kernel's information.
    public var kernelName: String

    /// Connection details from their parts.
    public init(
        ports: (shell: Int, iopub: Int, stdin: Int, control: Int, heartbeat: Int),
        ip: String = "127.0.0.1",
        key: String = MessageID.random(),
        transport: KernelTransport = .tcp,
        signatureScheme: String = MessageSigner.hmacSHA256,
        kernelName: String = ""
    ) {
        shellPort = ports.shell
        iopubPort = ports.iopub
        stdinPort = ports.stdin
        controlPort = ports.control
        heartbeatPort = ports.heartbeat
        self.ip = ip
        self.key = key
        self.transport = transport
        self.signatureScheme = signatureScheme
        self.kernelName = kernelName
    }

    /// The five ports, shell first, in the connection file's order.
    public var ports: [Int] { [shellPort, iopubPort, stdinPort, controlPort, heartbeatPort] }

    /// Where a channel's socket listens.
    public func endpoint(_ channel: Channel) -> ZMTPEndpoint {
        let port =
            switch channel {
            case .shell: shellPort
            case .iopub: iopubPort
            case .stdin: stdinPort
            case .control: controlPort
            case .heartbeat: heartbeatPort
            }
        switch transport {
        case .tcp: return .tcp(host: ip, port: port)
        case .ipc: return .ipc(path: "\(ip)-\(port)")
        }
    }

    /// The connection file's JSON, keys in jupyter_client's order.
    public var json: JSONObject {
        JSONObject([
            ("shell_port", .number(.int(shellPort))), ("iopub_port", .number(.int(iopubPort))),
            ("stdin_port", .number(.int(stdinPort))), ("control_port", .number(.int(controlPort))),
            ("hb_port", .number(.int(heartbeatPort))), ("ip", .string(ip)), ("key", .string(key)),
            ("transport", .string(transport.rawValue)), ("signature_scheme", .string(signatureScheme)),
            ("kernel_name", .string(kernelName)),
        ])
    }

    /// The connection file's bytes, indented as jupyter_client writes them.
    public var fileBytes: [UInt8] {
        PythonJSONWriter(indent: 2, sortKeys: false).bytes(.object(json))
    }

    /// Reads a connection file's JSON. Throws `invalidConnectionFile` naming the missing or
    /// mistyped field.
    public init(json: JSONObject, path: String? = nil) throws(KernelsError) {
        func failure(_ message: String) -> KernelsError { KernelsError(.invalidConnectionFile, message, path: path) }
        func port(_ key: String) throws(KernelsError) -> Int {
            guard let value = json[key]?.intValue, (0...65535).contains(value) else {
                throw failure("'\(key)' must be a port number")
            }
            return value
        }
        let ports = (
            try port("shell_port"), try port("iopub_port"), try port("stdin_port"), try port("control_port"),
            try port("hb_port")
        )
        let transportName = json["transport"]?.stringValue ?? "tcp"
        guard let transport = KernelTransport(rawValue: transportName) else {
            throw failure("'transport' must be 'tcp' or 'ipc', not '\(transportName)'")
        }
        guard let ip = json["ip"]?.stringValue, !ip.isEmpty else { throw failure("'ip' must be a non-empty string") }
        self.init(
            ports: ports,
            ip: ip,
            key: json["key"]?.stringValue ?? "",
            transport: transport,
            signatureScheme: json["signature_scheme"]?.stringValue ?? MessageSigner.hmacSHA256,
            kernelName: json["kernel_name"]?.stringValue ?? ""
        )
    }

    /// Reads a connection file.
    public static func read(contentsOf path: String) throws(KernelsError) -> ConnectionInfo {
        let bytes: [UInt8]
        do throws(NotebookFormatError) { bytes = try FileIO.readBytes(path) } catch {
            throw KernelsError(.invalidConnectionFile, error.message, path: path)
        }
        let value: JSONValue
        do throws(JSONParseError) { value = try JSONParser.parse(bytes) } catch {
            throw KernelsError(.invalidConnectionFile, "not JSON: \(error)", path: path)
        }
        guard let object = value.objectValue else {
            throw KernelsError(
                .invalidConnectionFile,
                "a connection file holds a JSON object, not \(value.typeName)",
                path: path
            )
        }
        return try ConnectionInfo(json: object, path: path)
    }
}
