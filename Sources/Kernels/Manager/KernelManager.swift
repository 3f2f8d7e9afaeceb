// SPDX-License-Identifier: Apache-2.0

import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts and tracks many kernels at once, by id (jupyter_client's `MultiKernelManager`).
///
/// ```swift
/// let manager = KernelManager(configuration: .init(python: try PythonEnvironment.probe(".venv/bin/python")))
/// let kernel = try await manager.startKernel(named: "python3")
/// let result = try await kernel.execute("1 + 1")
/// await manager.shutdownAll()
/// ```
///
/// ``shutdownAll()`` stops every kernel (shutdown request, SIGTERM, SIGKILL) and is what a
/// clean exit must call; ``killAllKernelProcessGroups()`` is the synchronous last resort.
public actor KernelManager {
    /// Where kernelspecs are found and how kernels are run.
    public struct Configuration: Sendable {
        /// The search paths for kernelspecs and the runtime directory.
        public var paths: JupyterPaths
        /// Settings every kernel gets.
        public var kernel: Kernel.Configuration

        /// A configuration; `python` is the environment whose kernelspecs are found and whose
        /// interpreter runs `python` kernels.
        public init(
            python: PythonEnvironment? = nil,
            environment: [String: String] = JupyterPaths.processEnvironment(),
            kernel: Kernel.Configuration = Kernel.Configuration()
        ) {
            paths = JupyterPaths(environment: environment, python: python)
            self.kernel = kernel
        }
    }

    /// Whether the manager accepts new kernels.
    enum State: Sendable {
        case running
        case shuttingDown
    }

    /// The configuration.
    public let configuration: Configuration
    /// Starts the kernel processes.
    public let provisioner: any KernelProvisioner
    private var state = State.running
    private var table: [String: Kernel] = [:]
    private let logger: Logger

    /// A manager; the provisioner defaults to local child processes with connection files in
    /// the runtime directory.
    public init(configuration: Configuration = Configuration(), provisioner: (any KernelProvisioner)? = nil) {
        self.configuration = configuration
        self.provisioner =
            provisioner
            ?? LocalProcessProvisioner(
                runtimeDirectory: configuration.paths.runtimeDirectory,
                python: configuration.paths.python,
                environment: configuration.paths.environment
            )
        logger = configuration.kernel.logger
    }

    /// Finds the kernelspec `name` and starts a kernel from it; returns once the kernel has
    /// answered `kernel_info_request` and its IOPub channel is connected.
    /// - Throws: `noSuchKernel`, `invalidKernelspec`, `launchFailed`, `startTimeout` (naming the
    ///   kernel and how far it got), `kernelDied` (exit status and last output).
    public func startKernel(
        named name: String = Kernelspec.nativeName,
        options: KernelStartOptions = KernelStartOptions()
    ) async throws -> Kernel {
        let spec = try KernelspecFinder(paths: configuration.paths).kernelspec(named: name)
        return try await startKernel(spec: spec, options: options)
    }

    /// Starts a kernel from a kernelspec.
    public func startKernel(spec: Kernelspec, options: KernelStartOptions = KernelStartOptions()) async throws -> Kernel
    {
        guard state == .running else {
            throw KernelsError(
                .kernelNotRunning,
                "cannot start kernel '\(spec.name)': the kernel manager is shutting down"
            )
        }
        let kernel = Kernel(
            id: MessageID.uuid(),
            spec: spec,
            options: options,
            provisioner: provisioner,
            configuration: configuration.kernel
        )
        // Listed before it starts, so shutdownAll() also stops kernels that are still starting.
        table[kernel.id] = kernel
        logger.trace("kernel manager: starting \(kernel.id)", metadata: ["kernel.name": "\(spec.name)"])
        do {
            try await kernel.start()
        } catch {
            table[kernel.id] = nil
            throw error
        }
        if state != .running {
            await kernel.shutdown()
            table[kernel.id] = nil
            throw KernelsError(
                .kernelNotRunning,
                "kernel '\(spec.name)' was stopped: the kernel manager is shutting down",
                kernelID: kernel.id
            )
        }
        return kernel
    }

    /// The kernel with this id.
    public func kernel(id: String) -> Kernel? { table[id] }

    /// Every kernel, in no particular order.
    public var kernels: [Kernel] { Array(table.values) }

    /// Shuts down the kernel with this id and forgets it.
    /// - Throws: `noSuchKernel` when there is none.
    public func shutdownKernel(id: String) async throws {
        guard let kernel = table[id] else { throw KernelsError(.noSuchKernel, "no kernel with id \(id)", kernelID: id) }
        await kernel.shutdown()
        table[id] = nil
    }

    /// Shuts every kernel down, in parallel, and refuses new ones from then on.
    public func shutdownAll() async {
        state = .shuttingDown
        let kernels = Array(table.values)
        logger.trace("kernel manager: shutting down \(kernels.count) kernels")
        await withTaskGroup(of: Void.self) { group in
            for kernel in kernels { group.addTask { await kernel.shutdown() } }
        }
        for kernel in kernels { table[kernel.id] = nil }
    }
}
