// SPDX-License-Identifier: Apache-2.0

/// How one kernel is started: everything that is not in its kernelspec.
public struct KernelStartOptions: Sendable, Equatable {
    /// The kernel's working directory (jupyter_server uses the notebook's directory); nil keeps Quire's.
    public var workingDirectory: String?
    /// Variables added to the kernel's environment, after the kernelspec's `env`.
    public var environment: [String: String]
    /// Arguments appended to the kernelspec's argv.
    public var extraArguments: [String]
    /// `JPY_SESSION_NAME` for the kernel (jupyter_server sets the notebook's path).
    public var sessionName: String?
    /// How long the kernel has to answer `kernel_info_request` (and connect IOPub) after its
    /// process starts; jupyter_client's `wait_for_ready` default is 60 s.
    public var startTimeout: Duration
    /// TCP ports (the default) or `ipc` socket files.
    public var transport: KernelTransport
    /// The address the kernel binds for TCP.
    public var ip: String
    /// Keep IPython's history in memory (`--HistoryManager.hist_file=:memory:`), as nbclient does
    /// for parallel kernels: many ipykernels sharing one history database hit SQLite locks.
    /// Only added for kernelspecs that run ipykernel.
    public var inMemoryHistory: Bool

    /// Options; the defaults start the kernel as jupyter_client does.
    public init(
        workingDirectory: String? = nil,
        environment: [String: String] = [:],
        extraArguments: [String] = [],
        sessionName: String? = nil,
        startTimeout: Duration = .seconds(60),
        transport: KernelTransport = .tcp,
        ip: String = "127.0.0.1",
        inMemoryHistory: Bool = false
    ) {
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.extraArguments = extraArguments
        self.sessionName = sessionName
        self.startTimeout = startTimeout
        self.transport = transport
        self.ip = ip
        self.inMemoryHistory = inMemoryHistory
    }
}
