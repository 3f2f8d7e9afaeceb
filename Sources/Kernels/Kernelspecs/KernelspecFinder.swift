// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds installed kernelspecs as jupyter_client's `KernelSpecManager` does.
///
/// The kernel directories are `<dir>/kernels` for every `dir` of ``JupyterPaths/dataPath(_:)``,
/// then `<ipython dir>/kernels` when the Python has IPython. A kernelspec is a sub-directory
/// holding a `kernel.json`; its name is the directory name lower-cased, and the first directory
/// that has a name wins. When no `python3` is found and the Python has ipykernel, ipykernel's own
/// spec is added as `python3` (jupyter_client does this for the Python it runs in; Quire does it
/// for the configured Python, since it has no Python of its own).
public struct KernelspecFinder: Sendable {
    /// The search rules and the Python.
    public var paths: JupyterPaths
    /// Provisioners Quire can start kernels with; specs naming another one are left out.
    public var availableProvisioners: Set<String>

    /// A finder over these paths.
    public init(paths: JupyterPaths, availableProvisioners: Set<String> = ["local-provisioner"]) {
        self.paths = paths
        self.availableProvisioners = availableProvisioners
    }

    /// What a search found.
    public struct Listing: Sendable {
        /// Every kernelspec directory by name, in discovery order (including ones that fail to load).
        public var directories: [(name: String, resourceDirectory: String)]
        /// The kernelspecs that loaded, in discovery order.
        public var kernelspecs: [Kernelspec]
        /// Why directories were left out of `kernelspecs`, and names that break the naming rule.
        public var warnings: [KernelsError]
    }

    /// The directories searched, highest priority first.
    public var kernelDirectories: [String] {
        var directories = paths.dataPath("kernels")
        if paths.python?.hasIPython == true { directories.append(PathText.join(paths.ipythonDirectory, "kernels")) }
        return directories
    }

    /// Searches every kernel directory and loads each kernelspec found.
    public func list() -> Listing {
        var listing = Listing(directories: [], kernelspecs: [], warnings: [])
        var seen = Set<String>()
        for directory in kernelDirectories {
            for (name, path) in Self.kernelspecDirectories(in: directory, warnings: &listing.warnings) where !seen.contains(name) {
                seen.insert(name)
                listing.directories.append((name, path))
            }
        }
        var native: Kernelspec?
        if !seen.contains(Kernelspec.nativeName), let python = paths.python, python.ipykernelDirectory != nil {
            do throws(KernelsError) {
                native = try python.nativeKernelspec()
            } catch {
                listing.warnings.append(error)
            }
            if let native { listing.directories.append((native.name, native.resourceDirectory)) }
        }
        for (name, path) in listing.directories {
            do throws(KernelsError) {
                listing.kernelspecs.append(try load(name: name, resourceDirectory: path, native: native))
            } catch {
                listing.warnings.append(error)
            }
        }
        return listing
    }

    /// The kernelspec with this name (compared lower-cased). Throws `noSuchKernel`, or the error
    /// that keeps the named kernelspec from loading.
    public func kernelspec(named name: String) throws(KernelsError) -> Kernelspec {
        let key = name.lowercased()
        var ignored: [KernelsError] = []
        var available: [String] = []
        for directory in kernelDirectories {
            let found = Self.kernelspecDirectories(in: directory, warnings: &ignored)
            if let match = found.first(where: { $0.0 == key }) { return try load(name: key, resourceDirectory: match.1, native: nil) }
            available += found.map(\.0).filter { !available.contains($0) }
        }
        if key == Kernelspec.nativeName, let native = try paths.python?.nativeKernelspec() {
            return try load(name: key, resourceDirectory: native.resourceDirectory, native: native)
        }
        let list = available.sorted().joined(separator: ", ")
        throw KernelsError(.noSuchKernel, "no kernel named '\(name)' (installed: \(list.isEmpty ? "none" : list))")
    }

    /// Reads a kernelspec (or takes the native one) and checks that its provisioner is available.
    private func load(name: String, resourceDirectory: String, native: Kernelspec?) throws(KernelsError) -> Kernelspec {
        let spec: Kernelspec
        if let native, native.resourceDirectory == resourceDirectory {
            spec = native
        } else {
            spec = try Kernelspec.read(name: name, resourceDirectory: resourceDirectory)
        }
        guard availableProvisioners.contains(spec.provisionerName) else {
            throw KernelsError(
                .invalidKernelspec,
                "kernel '\(name)' uses the kernel provisioner '\(spec.provisionerName)', which Quire does not have",
                path: resourceDirectory
            )
        }
        return spec
    }

    /// The kernelspec sub-directories of one kernel directory, in `readdir` order (as `os.listdir`),
    /// a later entry replacing an earlier one whose name lower-cases the same.
    static func kernelspecDirectories(in directory: String, warnings: inout [KernelsError]) -> [(String, String)] {
        guard let stream = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(stream) }
        var found: [(String, String)] = []
        while let entry = readdir(stream) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if entryName == "." || entryName == ".." { continue }
            let path = PathText.join(directory, entryName)
            guard isDirectory(path), isRegularFile(PathText.join(path, "kernel.json")) else { continue }
            let name = entryName.lowercased()
            if !isValidName(name) {
                warnings.append(
                    KernelsError(
                        .invalidKernelspec,
                        "invalid kernelspec directory name (kernel names can only contain ASCII letters and numbers and - . _)",
                        path: path
                    )
                )
            }
            if let index = found.firstIndex(where: { $0.0 == name }) { found[index].1 = path } else { found.append((name, path)) }
        }
        return found
    }

    /// jupyter_client's rule: ASCII letters, digits, `-`, `.` and `_`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
