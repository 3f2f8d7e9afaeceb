// SPDX-License-Identifier: Apache-2.0

import Logging
import NotebookFormat
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs kernels as child processes of Quire, as jupyter_client's `LocalProvisioner` does:
/// a connection file in the runtime directory, the kernelspec's argv with `{connection_file}`
/// substituted, the kernelspec's `env` plus `JPY_PARENT_PID`, and a new session per kernel
/// (`setsid`: process group == PID), so signals reach the kernel and whatever it started.
///
/// Differences from jupyter_client, on purpose:
/// - Ports come from a ``PortAllocator`` that never hands out a port twice while a kernel holds it.
/// - Standard output and error go to a pipe kept as a bounded tail (64 KiB), quoted when the
///   kernel dies or fails to start, instead of being inherited.
/// - Every descriptor above 2 is closed in the kernel, and signal dispositions are reset.
/// - `JPY_PARENT_PID` is set, so ipykernel-based kernels (ipykernel, bash_kernel) exit within
///   about a second if Quire is killed without a chance to stop them (ipykernel's parent poller).
public struct LocalProcessProvisioner: KernelProvisioner {
    /// Where connection files go (created with mode 0700 if missing).
    public var runtimeDirectory: String
    /// The Python whose interpreter replaces an argv[0] of `python`/`python3`/`python3.N`.
    public var python: PythonEnvironment?
    /// The environment kernels inherit.
    public var environment: [String: String]
    /// The ports registry.
    public var ports: PortAllocator
    /// How many bytes of each kernel's output are kept.
    public var outputTailBytes: Int

    /// A provisioner.
    public init(
        runtimeDirectory: String,
        python: PythonEnvironment? = nil,
        environment: [String: String] = JupyterPaths.processEnvironment(),
        ports: PortAllocator = .shared,
        outputTailBytes: Int = 64 << 10
    ) {
        self.runtimeDirectory = runtimeDirectory
        self.python = python
        self.environment = environment
        self.ports = ports
        self.outputTailBytes = outputTailBytes
    }

    /// Writes the connection file and starts the kernel's process.
    public func launch(
        kernelID: String,
        spec: Kernelspec,
        options: KernelStartOptions,
        reusing existing: ConnectionInfo?
    ) async throws -> any KernelProcess {
        try Self.makeDirectory(runtimeDirectory)
        let file = runtimeDirectory + "/kernel-\(kernelID).json"
        let connection = try existing ?? newConnection(kernelID: kernelID, spec: spec, options: options)
        let claimedPorts = existing == nil && connection.transport == .tcp ? connection.ports : []
        do {
            try Self.writePrivately(connection.fileBytes, to: file)
            let command = try KernelCommand(
                spec: spec,
                connectionFile: file,
                options: options,
                python: python,
                baseEnvironment: environment
            )
            let child: ChildProcess
            do throws(ChildProcessError) {
                child = try ChildProcess.spawn(
                    executable: command.executable,
                    argv: command.argv,
                    environment: command.environment,
                    workingDirectory: command.workingDirectory,
                    outputCapacity: outputTailBytes
                )
            } catch {
                throw KernelsError(
                    .launchFailed,
                    "cannot start kernel '\(spec.name)': \(command.executable): \(error)",
                    path: spec.resourceDirectory + "/kernel.json",
                    kernelID: kernelID
                )
            }
            return LocalKernelProcess(connection: connection, child: child, connectionFile: file, ports: ports)
        } catch {
            unlink(file)
            ports.release(claimedPorts)
            throw error
        }
    }

    /// New ports (or socket files) and a new key.
    private func newConnection(kernelID: String, spec: Kernelspec, options: KernelStartOptions) throws(KernelsError)
        -> ConnectionInfo
    {
        switch options.transport {
        case .tcp:
            let chosen = try ports.reserve(5, host: options.ip)
            return ConnectionInfo(
                ports: (chosen[0], chosen[1], chosen[2], chosen[3], chosen[4]),
                ip: options.ip,
                transport: .tcp,
                kernelName: spec.name
            )
        case .ipc:
            // ipykernel's rule: the socket files are <ip>-<port>; a per-kernel prefix keeps them apart.
            let prefix = runtimeDirectory + "/kernel-\(kernelID)-ipc"
            guard prefix.utf8.count + 3 < 104 else {
                throw KernelsError(
                    .launchFailed,
                    "the ipc socket path \(prefix)-1 is too long for a Unix socket; use a shorter runtime directory"
                )
            }
            return ConnectionInfo(ports: (1, 2, 3, 4, 5), ip: prefix, transport: .ipc, kernelName: spec.name)
        }
    }

    /// Creates `path` (and parents) with mode 0700 if it does not exist.
    static func makeDirectory(_ path: String) throws(KernelsError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0 && errno != EEXIST {
                throw KernelsError(
                    .launchFailed,
                    "cannot create the runtime directory: \(String(cString: strerror(errno)))",
                    path: partial
                )
            }
        }
    }

    /// Writes a file readable by its owner only (it holds the signing key): an empty file is
    /// created with mode 0600 first, and `FileIO.writeAtomically` keeps an existing file's mode.
    static func writePrivately(_ bytes: [UInt8], to path: String) throws(KernelsError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        if fd >= 0 {
            fchmod(fd, 0o600)
            close(fd)
        }
        do throws(NotebookFormatError) { try FileIO.writeAtomically(bytes, to: path) } catch {
            throw KernelsError(.launchFailed, "cannot write the connection file: \(error.message)", path: path)
        }
    }
}

/// A kernel running as a local child process.
final class LocalKernelProcess: KernelProcess {
    let connection: ConnectionInfo
    let child: ChildProcess
    let connectionFile: String
    let ports: PortAllocator
    private let cleaned = Atomic<Bool>(false)

    init(connection: ConnectionInfo, child: ChildProcess, connectionFile: String, ports: PortAllocator) {
        self.connection = connection
        self.child = child
        self.connectionFile = connectionFile
        self.ports = ports
    }

    var processID: Int32? { child.pid }
    var exit: ProcessExit? { child.exit }
    func waitForExit() async -> ProcessExit { await child.waitForExit() }
    func outputTail(lines: Int) -> String { child.output.text(lastLines: lines) }
    @discardableResult func signal(_ signal: Int32) -> Bool { child.signalGroup(signal) }

    /// Removes the connection file (and `ipc` socket files) and releases the ports, once.
    func cleanUp(keepConnection: Bool) {
        guard !keepConnection, !cleaned.exchange(true, ordering: .relaxed) else { return }
        unlink(connectionFile)
        if connection.transport == .tcp {
            ports.release(connection.ports)
        } else {
            for port in connection.ports { unlink("\(connection.ip)-\(port)") }
        }
    }
}
