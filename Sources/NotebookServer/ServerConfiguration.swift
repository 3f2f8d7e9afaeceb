// SPDX-License-Identifier: Apache-2.0

public import Kernels

/// Everything `quire lab` and `quire server` are started with; checked once by
/// ``NotebookServer/init(configuration:)``.
public struct ServerConfiguration: Sendable {
    /// The directory whose files the contents API serves (the server root).
    public var root: String
    /// The address to listen on (127.0.0.1 unless told otherwise).
    public var host: String
    /// The TCP port; 0 lets the system choose a free one.
    public var port: Int
    /// The token every request must carry (header, query or the cookie set from it).
    public var token: String
    /// The URL prefix every route lives under, starting and ending with `/`.
    public var baseURL: String
    /// Serve the JupyterLab front-end (`quire lab`); `quire server` serves only the APIs.
    public var servesLab: Bool
    /// Show and serve dot-files (jupyter_server's `allow_hidden`).
    public var allowHidden: Bool
    /// The Python environment whose kernelspecs, JupyterLab files and lab extensions are used.
    public var python: PythonEnvironment?
    /// The process environment (for `JUPYTER_*` directories and the kernels).
    public var environment: [String: String]
    /// How long a session's kernel may take to become ready.
    public var kernelStartTimeout: Duration
    /// How many times a kernel that dies on its own is restarted before it is reported dead
    /// (jupyter_client's `restart_limit`).
    public var restartLimit: Int

    /// A configuration with jupyter_server's defaults.
    public init(
        root: String,
        host: String = "127.0.0.1",
        port: Int = 8888,
        token: String,
        baseURL: String = "/",
        servesLab: Bool = true,
        allowHidden: Bool = false,
        python: PythonEnvironment? = nil,
        environment: [String: String] = JupyterPaths.processEnvironment(),
        kernelStartTimeout: Duration = .seconds(60),
        restartLimit: Int = 5
    ) {
        self.root = root
        self.host = host
        self.port = port
        self.token = token
        self.baseURL = ServerConfiguration.normalizedBaseURL(baseURL)
        self.servesLab = servesLab
        self.allowHidden = allowHidden
        self.python = python
        self.environment = environment
        self.kernelStartTimeout = kernelStartTimeout
        self.restartLimit = restartLimit
    }

    /// `prefix` with exactly one leading and one trailing `/` (`"p"` becomes `"/p/"`, `""` becomes `"/"`).
    public static func normalizedBaseURL(_ prefix: String) -> String {
        let inner = prefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return inner.isEmpty ? "/" : "/\(inner)/"
    }

    /// The Jupyter search paths for this environment.
    public var paths: JupyterPaths { JupyterPaths(environment: environment, python: python) }

    /// `jupyter_config_dir()`: `$JUPYTER_CONFIG_DIR`, else `~/.jupyter`.
    public var configDirectory: String {
        if let dir = environment["JUPYTER_CONFIG_DIR"], !dir.isEmpty { return dir }
        return paths.homeDirectory + "/.jupyter"
    }
}
