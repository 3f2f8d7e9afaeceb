// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Jupyter's data-file search path, computed as jupyter_core 5 does (`jupyter_core/paths.py`)
/// from an environment and, for the environment directories, a ``PythonEnvironment``.
///
/// `dataPath()` is `jupyter_path()`, in priority order:
/// 1. each `$JUPYTER_PATH` entry;
/// 2. the user data directory (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter` or
///    `~/.local/share/jupyter`; `~/Library/Jupyter` on macOS; platformdirs' rules under
///    `JUPYTER_PLATFORM_DIRS`), and `<userbase>/share/jupyter` when the Python's user site is on;
/// 3. `<sys.prefix>/share/jupyter` of the Python, placed before the user directories when the
///    Python is a virtual or conda environment the user owns, or as `$JUPYTER_PREFER_ENV_PATH` says;
/// 4. `/usr/local/share/jupyter`, `/usr/share/jupyter` (`$XDG_DATA_DIRS` under platform dirs).
public struct JupyterPaths: Sendable {
    /// The environment variables the rules read.
    public var environment: [String: String]
    /// The Python whose prefix is searched, if any.
    public var python: PythonEnvironment?

    /// Paths for an environment (the process's by default) and an optional Python.
    public init(environment: [String: String] = JupyterPaths.processEnvironment(), python: PythonEnvironment? = nil) {
        self.environment = environment
        self.python = python
    }

    /// The process's environment variables.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// `jupyter_path(*subdirectories)`: every data directory, highest priority first.
    public func dataPath(_ subdirectories: String...) -> [String] {
        var paths: [String] = []
        if let value = environment["JUPYTER_PATH"], !value.isEmpty {
            paths += value.split(separator: ":", omittingEmptySubsequences: false).map { entry in
                var entry = Substring(entry)
                while entry.hasSuffix("/") { entry = entry.dropLast() }
                return String(entry)
            }
        }
        var user = [userDataDirectory]
        if let python, python.userSiteEnabled, let base = python.userBase, !base.isEmpty {
            let userDirectory = PathText.join(base, "share", "jupyter")
            if !user.contains(userDirectory) { user.append(userDirectory) }
        }
        let system = systemDirectories
        let env = environmentDirectories.filter { environmentDirectories == system || !system.contains($0) }
        paths += preferEnvironmentOverUser ? env + user : user + env
        for directory in system where !paths.contains(directory) { paths.append(directory) }
        guard !subdirectories.isEmpty else { return paths }
        return paths.map { PathText.join([$0] + subdirectories) }
    }

    /// `jupyter_data_dir()`: the user's data directory.
    public var userDataDirectory: String {
        if let value = environment["JUPYTER_DATA_DIR"], !value.isEmpty { return value }
        if usePlatformDirectories {
            #if os(macOS)
            return PathText.join(PathText.expandUser("~/Library/Application Support", environment), applicationName)
            #else
            if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return PathText.join(xdg, applicationName) }
            return PathText.join(PathText.expandUser("~/.local/share", environment), applicationName)
            #endif
        }
        #if os(macOS)
        return PathText.join(homeDirectory, "Library", "Jupyter")
        #else
        let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? PathText.join(homeDirectory, ".local", "share")
        return PathText.join(xdg, "jupyter")
        #endif
    }

    /// `jupyter_runtime_dir()`: where connection files go (`$JUPYTER_RUNTIME_DIR`, else
    /// `<user data directory>/runtime`).
    public var runtimeDirectory: String {
        if let value = environment["JUPYTER_RUNTIME_DIR"], !value.isEmpty { return value }
        return PathText.join(userDataDirectory, "runtime")
    }

    /// `SYSTEM_JUPYTER_PATH`: the machine-wide data directories.
    public var systemDirectories: [String] {
        if usePlatformDirectories {
            #if os(macOS)
            return [PathText.join("/Library/Application Support", applicationName)]
            #else
            let xdg = (environment["XDG_DATA_DIRS"] ?? "").split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
            return (xdg.isEmpty ? ["/usr/local/share", "/usr/share"] : xdg).map { PathText.join($0, applicationName) }
            #endif
        }
        return ["/usr/local/share/jupyter", "/usr/share/jupyter"]
    }

    /// `ENV_JUPYTER_PATH`: `<sys.prefix>/share/jupyter` of the Python, or nothing without one.
    public var environmentDirectories: [String] {
        python.map { [PathText.join($0.prefix, "share", "jupyter")] } ?? []
    }

    /// jupyter_core's `prefer_environment_over_user()`.
    public var preferEnvironmentOverUser: Bool {
        if let value = environment["JUPYTER_PREFER_ENV_PATH"] { return Self.isSet(value) }
        guard let python else { return false }
        if python.prefix != python.basePrefix, Self.currentUserOwns(python.prefix) { return true }
        if let conda = environment["CONDA_PREFIX"], python.prefix.hasPrefix(conda),
            (environment["CONDA_DEFAULT_ENV"] ?? "base") != "base", Self.currentUserOwns(python.prefix)
        {
            return true
        }
        return false
    }

    /// `get_home_dir()`: `~` expanded and resolved.
    public var homeDirectory: String {
        PathText.resolve(PathText.expandUser("~", environment))
    }

    /// IPython's profile directory (`$IPYTHONDIR`, else `~/.ipython`); jupyter_client also searches
    /// its `kernels` folder when IPython is installed. IPython's fallbacks for unwritable
    /// directories and its pre-2.0 `~/.config/ipython` location are not reproduced.
    public var ipythonDirectory: String {
        if let value = environment["IPYTHONDIR"] { return PathText.normalize(PathText.expandUser(value, environment)) }
        return PathText.normalize(PathText.join(homeDirectory, ".ipython"))
    }

    private var usePlatformDirectories: Bool {
        environment["JUPYTER_PLATFORM_DIRS"].map(Self.isSet) ?? false
    }

    private var applicationName: String {
        #if os(macOS)
        return python?.prefix.hasPrefix("/opt/homebrew") == true ? "jupyter" : "Jupyter"
        #else
        return "jupyter"
        #endif
    }

    /// jupyter_core's `envset`: set unless `no`, `n`, `false`, `off`, `0` or `0.0` (any case).
    static func isSet(_ value: String) -> Bool {
        !["no", "n", "false", "off", "0", "0.0"].contains(value.lowercased())
    }

    /// jupyter_core's `_do_i_own`: the nearest existing ancestor's owner is the login user (or,
    /// when the login name is unknown, the effective user), else the path is writable.
    static func currentUserOwns(_ path: String) -> Bool {
        var candidate = PathText.resolve(path)
        var info = stat()
        while stat(candidate, &info) != 0 {
            let parent = PathText.directoryName(candidate)
            if parent == candidate { break }
            candidate = parent
        }
        guard stat(candidate, &info) == 0 else { return access(candidate, W_OK) == 0 }
        if let login = getlogin(), let owner = getpwuid(info.st_uid) {
            return String(cString: owner.pointee.pw_name) == String(cString: login)
        }
        return info.st_uid == geteuid()
    }
}
