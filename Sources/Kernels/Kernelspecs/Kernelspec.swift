// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

/// An installed kernel: a directory `<name>/` holding `kernel.json` (how to start the kernel) and
/// resources such as logos (jupyter_client `KernelSpec`; the file's format is in the Jupyter
/// client docs, "Kernel specs").
public struct Kernelspec: Sendable, Equatable {
    /// The name jupyter_client gives the kernel jupyter_client adds from ipykernel when none is installed.
    public static let nativeName = "python3"

    /// The kernel's name: its directory's name, lower-cased.
    public var name: String
    /// The directory holding `kernel.json` and the resources.
    public var resourceDirectory: String
    /// `argv`: the command line; `{connection_file}`, `{resource_dir}` and `{prefix}` are substituted at launch.
    public var argv: [String]
    /// `display_name`: the label shown in the UI.
    public var displayName: String
    /// `language`, e.g. `python`.
    public var language: String
    /// `interrupt_mode`: how to interrupt the kernel.
    public var interruptMode: InterruptMode
    /// `env`: variables added to the kernel's environment.
    public var env: JSONObject
    /// `metadata`: free-form (`debugger`, `kernel_provisioner`, ...).
    public var metadata: JSONObject
    /// `kernel_protocol_version`, or "" when not given.
    public var kernelProtocolVersion: String

    /// How a kernel is interrupted.
    public enum InterruptMode: String, Sendable, Hashable {
        /// Send SIGINT to the kernel's process group (the default).
        case signal
        /// Send an `interrupt_request` on the control channel.
        case message
    }

    /// A kernelspec from the fields.
    public init(
        name: String,
        resourceDirectory: String,
        argv: [String],
        displayName: String,
        language: String,
        interruptMode: InterruptMode = .signal,
        env: JSONObject = JSONObject(),
        metadata: JSONObject = JSONObject(),
        kernelProtocolVersion: String = ""
    ) {
        self.name = name
        self.resourceDirectory = resourceDirectory
        self.argv = argv
        self.displayName = displayName
        self.language = language
        self.interruptMode = interruptMode
        self.env = env
        self.metadata = metadata
        self.kernelProtocolVersion = kernelProtocolVersion
    }

    /// A kernelspec from a `kernel.json` object, checked as jupyter_client checks it: string fields
    /// must be strings, `env` and `metadata` objects, `interrupt_mode` `signal` or `message` in any
    /// case; missing fields take their defaults and unknown keys are ignored. Stricter than
    /// jupyter_client in one way: `argv` must be an array of strings.
    public init(name: String, resourceDirectory: String, json: JSONObject) throws(KernelsError) {
        func failure(_ message: String) -> KernelsError {
            KernelsError(.invalidKernelspec, message, path: resourceDirectory + "/kernel.json")
        }
        func string(_ key: String) throws(KernelsError) -> String {
            guard let value = json[key] else { return "" }
            guard let text = value.stringValue else { throw failure("'\(key)' must be a string, not \(value.typeName)") }
            return text
        }
        func object(_ key: String) throws(KernelsError) -> JSONObject {
            guard let value = json[key] else { return JSONObject() }
            guard let object = value.objectValue else { throw failure("'\(key)' must be an object, not \(value.typeName)") }
            return object
        }
        if json.contains("resource_dir") { throw failure("'resource_dir' cannot be set in kernel.json") }
        var argv: [String] = []
        if let value = json["argv"] {
            let items = value.arrayValue ?? []
            argv = items.compactMap(\.stringValue)
            guard value.arrayValue != nil, argv.count == items.count else { throw failure("'argv' must be an array of strings") }
        }
        let mode = try string("interrupt_mode")
        var interruptMode = InterruptMode.signal
        if json["interrupt_mode"] != nil {
            guard let parsed = InterruptMode(rawValue: mode.lowercased()) else {
                throw failure("'interrupt_mode' must be 'signal' or 'message', not '\(mode)'")
            }
            interruptMode = parsed
        }
        _ = try string("mimetype")
        self.init(
            name: name,
            resourceDirectory: resourceDirectory,
            argv: argv,
            displayName: try string("display_name"),
            language: try string("language"),
            interruptMode: interruptMode,
            env: try object("env"),
            metadata: try object("metadata"),
            kernelProtocolVersion: try string("kernel_protocol_version")
        )
    }

    /// Reads `<resourceDirectory>/kernel.json`. Throws `invalidKernelspec` naming the file when it
    /// cannot be read, is not JSON, or is not a kernelspec.
    public static func read(name: String, resourceDirectory: String) throws(KernelsError) -> Kernelspec {
        let path = resourceDirectory + "/kernel.json"
        let bytes: [UInt8]
        do throws(NotebookFormatError) { bytes = try FileIO.readBytes(path) } catch {
            throw KernelsError(.invalidKernelspec, error.message, path: path)
        }
        let value: JSONValue
        do throws(JSONParseError) { value = try JSONParser.parse(bytes) } catch {
            throw KernelsError(.invalidKernelspec, "not JSON: \(error)", path: path)
        }
        guard let object = value.objectValue else {
            throw KernelsError(.invalidKernelspec, "kernel.json must hold a JSON object, not \(value.typeName)", path: path)
        }
        return try Kernelspec(name: name, resourceDirectory: resourceDirectory, json: object)
    }

    /// The provisioner named in `metadata.kernel_provisioner.provisioner_name`, else `local-provisioner`.
    public var provisionerName: String {
        metadata["kernel_provisioner"]?.objectValue?["provisioner_name"]?.stringValue ?? "local-provisioner"
    }

    /// The spec as jupyter_client's `KernelSpec.to_dict()` writes it (the `spec` of `/api/kernelspecs`
    /// and of `jupyter kernelspec list --json`).
    public var specJSON: JSONObject {
        JSONObject([
            ("argv", .array(argv.map(JSONValue.string))), ("env", .object(env)), ("display_name", .string(displayName)),
            ("language", .string(language)), ("interrupt_mode", .string(interruptMode.rawValue)),
            ("metadata", .object(metadata)), ("kernel_protocol_version", .string(kernelProtocolVersion)),
        ])
    }
}
