// SPDX-License-Identifier: Apache-2.0

import Foundation
import NotebookFormat
import Synchronization

/// What kernelspec discovery needs to know about a Python environment (the project's `.venv`, or
/// a Python named in configuration). Quire has no Python of its own, so where jupyter_core reads
/// `sys.prefix` and friends from the running interpreter, Quire asks the configured one.
public struct PythonEnvironment: Sendable, Equatable {
    /// `sys.executable`: the interpreter as the environment names it (symlinks not resolved).
    public var executable: String
    /// `sys.prefix`: the environment's root; `<prefix>/share/jupyter` is searched.
    public var prefix: String
    /// `sys.base_prefix`: differs from `prefix` inside a virtual environment.
    public var basePrefix: String
    /// `sys.version_info[0]`.
    public var majorVersion: Int
    /// `site.ENABLE_USER_SITE`: whether the user site (and `<userbase>/share/jupyter`) is in use.
    public var userSiteEnabled: Bool
    /// `site.getuserbase()`.
    public var userBase: String?
    /// The `ipykernel` package directory, when ipykernel is importable.
    public var ipykernelDirectory: String?
    /// Whether IPython is importable (jupyter_client then also searches `<ipython dir>/kernels`).
    public var hasIPython: Bool

    /// An environment from known facts (tests, or callers that already know them).
    public init(
        executable: String,
        prefix: String,
        basePrefix: String? = nil,
        majorVersion: Int = 3,
        userSiteEnabled: Bool = false,
        userBase: String? = nil,
        ipykernelDirectory: String? = nil,
        hasIPython: Bool = false
    ) {
        self.executable = executable
        self.prefix = prefix
        self.basePrefix = basePrefix ?? prefix
        self.majorVersion = majorVersion
        self.userSiteEnabled = userSiteEnabled
        self.userBase = userBase
        self.ipykernelDirectory = ipykernelDirectory
        self.hasIPython = hasIPython
    }

    /// Asks the interpreter at `python` for the facts, with one quick run that imports nothing
    /// beyond the standard library. Throws `pythonUnavailable` when it cannot be run or answers oddly.
    public static func probe(_ python: String) throws(KernelsError) -> PythonEnvironment {
        let answer = try runPython(python, script: probeScript)
        guard let facts = answer.objectValue, let executable = facts["executable"]?.stringValue,
            let prefix = facts["prefix"]?.stringValue
        else {
            throw KernelsError(.pythonUnavailable, "\(python) did not report sys.prefix")
        }
        return PythonEnvironment(
            executable: executable,
            prefix: prefix,
            basePrefix: facts["base_prefix"]?.stringValue,
            majorVersion: facts["version_major"]?.intValue ?? 3,
            userSiteEnabled: facts["enable_user_site"]?.boolValue ?? false,
            userBase: facts["user_base"]?.stringValue,
            ipykernelDirectory: facts["ipykernel"]?.stringValue,
            hasIPython: facts["ipython"]?.boolValue ?? false
        )
    }

    /// The `python3` kernelspec ipykernel provides when none is installed (jupyter_client's
    /// "native kernel"): `ipykernel.kernelspec.get_kernel_dict()` as this environment's ipykernel
    /// builds it, with `<ipykernel>/resources` as resource directory. `nil` without ipykernel.
    public func nativeKernelspec() throws(KernelsError) -> Kernelspec? {
        guard let ipykernelDirectory else { return nil }
        let spec = try PythonEnvironment.runPython(executable, script: PythonEnvironment.nativeSpecScript)
        guard let object = spec.objectValue else {
            throw KernelsError(.pythonUnavailable, "\(executable) did not report ipykernel's kernelspec")
        }
        return try Kernelspec(name: Kernelspec.nativeName, resourceDirectory: ipykernelDirectory + "/resources", json: object)
    }

    private static let sysPathFix = "import sys\nif sys.path and sys.path[0] == '': del sys.path[0]\n"

    private static let probeScript = sysPathFix + """
        import importlib.util, json, site
        def where(name):
            try:
                spec = importlib.util.find_spec(name)
            except Exception:
                return None
            if spec is None:
                return None
            locations = list(spec.submodule_search_locations or [])
            return locations[0] if locations else None
        print(json.dumps({"executable": sys.executable, "prefix": sys.prefix, "base_prefix": sys.base_prefix,
            "version_major": sys.version_info[0], "enable_user_site": bool(site.ENABLE_USER_SITE),
            "user_base": site.getuserbase(), "ipykernel": where("ipykernel"), "ipython": where("IPython") is not None}))
        """

    private static let nativeSpecScript = sysPathFix + """
        import json
        from ipykernel.kernelspec import get_kernel_dict
        print(json.dumps(get_kernel_dict()))
        """

    /// Runs `python -c script` and parses its standard output as JSON.
    private static func runPython(_ python: String, script: String) throws(KernelsError) -> JSONValue {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw KernelsError(.pythonUnavailable, "cannot run \(python): \(error.localizedDescription)")
        }
        // Standard error is drained on another thread so that neither pipe can fill up and block the child.
        let errorData = Mutex(Data())
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = data }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: errorData.withLock { $0 }, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            throw KernelsError(.pythonUnavailable, "\(python) failed (exit \(process.terminationStatus)): \(detail)")
        }
        do throws(JSONParseError) {
            return try JSONParser.parse(Array(outputData))
        } catch {
            throw KernelsError(.pythonUnavailable, "\(python) answered with something that is not JSON: \(error)")
        }
    }
}
