// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command line, environment and directory a kernel is started with, built from its
/// kernelspec as jupyter_client's `LocalProvisioner` builds them (`format_kernel_cmd`, the
/// kernelspec `env` stanza with `$VAR` substitution, `JPY_PARENT_PID`).
struct KernelCommand: Sendable, Equatable {
    /// The executable, resolved against `PATH` when argv[0] has no slash.
    var executable: String
    /// The arguments, argv[0] first (as written, or the configured Python).
    var argv: [String]
    /// The whole environment of the kernel process.
    var environment: [String: String]
    /// The kernel's working directory, or nil for Quire's own.
    var workingDirectory: String?

    /// Builds the command for `spec`.
    /// - Parameters:
    ///   - connectionFile: the connection file's absolute path, for `{connection_file}`.
    ///   - python: the Python environment that stands in for jupyter_client's own interpreter:
    ///     its executable replaces an argv[0] of `python`, `python3` or `python3.N`, and its
    ///     prefix is `{prefix}`.
    ///   - baseEnvironment: the environment the kernel inherits (normally Quire's).
    /// - Throws: `invalidKernelspec` for an empty argv, `launchFailed` when the executable is
    ///   not found or the working directory does not exist.
    init(
        spec: Kernelspec,
        connectionFile: String,
        options: KernelStartOptions,
        python: PythonEnvironment?,
        baseEnvironment: [String: String]
    ) throws(KernelsError) {
        guard !spec.argv.isEmpty else {
            throw KernelsError(
                .invalidKernelspec,
                "kernel '\(spec.name)' has an empty 'argv'",
                path: spec.resourceDirectory + "/kernel.json"
            )
        }
        var environment = baseEnvironment
        for (name, value) in spec.env.entries {
            environment[name] = KernelCommand.substituteVariables(value.stringValue ?? "", from: baseEnvironment)
        }
        for (name, value) in options.environment { environment[name] = value }
        environment["JPY_PARENT_PID"] = String(getpid())
        if let sessionName = options.sessionName { environment["JPY_SESSION_NAME"] = sessionName }
        if spec.language.lowercased() == "python" { environment["PYTHONEXECUTABLE"] = nil }

        let names: [String: String] = [
            "connection_file": connectionFile,
            "resource_dir": spec.resourceDirectory,
            "prefix": python?.prefix ?? "",
        ].filter { !$0.value.isEmpty }
        var extra = options.extraArguments
        if options.inMemoryHistory && spec.argv.contains(where: { $0.contains("ipykernel") }) {
            extra.append("--HistoryManager.hist_file=:memory:")
        }
        var argv = (spec.argv + extra).map { KernelCommand.substituteNames($0, names) }
        if let python, KernelCommand.isPythonName(argv[0]) { argv[0] = python.executable }

        if let directory = options.workingDirectory {
            var info = stat()
            guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw KernelsError(
                    .launchFailed,
                    "cannot start kernel '\(spec.name)': the working directory \(directory) does not exist"
                )
            }
        }
        guard let executable = KernelCommand.resolve(argv[0], path: environment["PATH"]) else {
            throw KernelsError(
                .launchFailed,
                "cannot start kernel '\(spec.name)': '\(argv[0])' is not an executable file"
                    + (argv[0].contains("/") ? "" : " found on PATH"),
                path: spec.resourceDirectory + "/kernel.json"
            )
        }
        self.executable = executable
        self.argv = argv
        self.environment = environment
        self.workingDirectory = options.workingDirectory
    }

    /// `python`, `python3` or `python3.N`: names jupyter_client replaces with its own interpreter.
    static func isPythonName(_ name: String) -> Bool {
        if name == "python" || name == "python3" { return true }
        guard name.hasPrefix("python3.") else { return false }
        let minor = name.dropFirst("python3.".count)
        return !minor.isEmpty && minor.allSatisfy(\.isASCII) && minor.allSatisfy(\.isNumber)
    }

    /// Replaces `{name}` for the known names; other braces are left as they are.
    static func substituteNames(_ argument: String, _ names: [String: String]) -> String {
        guard argument.contains("{") else { return argument }
        var result = ""
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = names[String(rest[afterOpen..<close])]
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    /// Python's `string.Template(value).safe_substitute(environment)`: `$NAME` and `${NAME}` are
    /// replaced when the variable is set, `$$` becomes `$`, anything else is kept.
    static func substituteVariables(_ value: String, from environment: [String: String]) -> String {
        guard value.contains("$") else { return value }
        let characters = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isNameCharacter(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || ("0"..."9").contains(c) }
        while index < characters.count {
            let c = characters[index]
            guard c == "$", index + 1 < characters.count else {
                result.append(c)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                result.append("$")
                index += 2
            } else if next == "{", let close = characters[(index + 2)...].firstIndex(of: "}"), close > index + 2,
                isNameStart(characters[index + 2]), characters[(index + 2)..<close].allSatisfy(isNameCharacter),
                let replacement = environment[String(String.UnicodeScalarView(characters[(index + 2)..<close]))]
            {
                result.append(contentsOf: replacement.unicodeScalars)
                index = close + 1
            } else if isNameStart(next) {
                var end = index + 1
                while end < characters.count, isNameCharacter(characters[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(characters[(index + 1)..<end]))
                if let replacement = environment[name] {
                    result.append(contentsOf: replacement.unicodeScalars)
                } else {
                    result.append(contentsOf: characters[index..<end])
                }
                index = end
            } else {
                result.append(c)
                index += 1
            }
        }
        return String(result)
    }

    /// The executable for `name`: itself when it contains a slash, else the first executable
    /// `<dir>/<name>` on `path`; nil when there is none.
    static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") {
            // Absolute, so a kernel started in another working directory runs the same file.
            var absolute = name
            if !name.hasPrefix("/"), let cwd = getcwd(nil, 0) {
                absolute = String(cString: cwd) + "/" + name
                free(cwd)
            }
            return access(absolute, X_OK) == 0 ? absolute : nil
        }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":",
            omittingEmptySubsequences: false
        ) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}
