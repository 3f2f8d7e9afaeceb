// SPDX-License-Identifier: Apache-2.0

import Kernels
import NotebookFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The kernelspecs as `/api/kernelspecs` serves them: `spec` from `kernel.json` (with defaults
/// filled in), `resources` naming every other file of the spec's directory.
struct KernelspecModels: Sendable {
    /// The server (for its search paths and base URL).
    let server: NotebookServer

    private var finder: KernelspecFinder { KernelspecFinder(paths: server.configuration.paths) }

    /// `{"default": …, "kernelspecs": {name: model}}`.
    func all() -> JSONValue {
        let specs = finder.list().kernelspecs
        var models = JSONObject()
        for spec in specs { models[spec.name] = model(spec) }
        let fallback = specs.contains { $0.name == Kernelspec.nativeName } ? Kernelspec.nativeName : specs.first?.name ?? Kernelspec.nativeName
        return .object(JSONObject([("default", .string(fallback)), ("kernelspecs", .object(models))]))
    }

    /// One kernelspec's model, or 404.
    func one(_ name: String) throws(NotebookServerError) -> JSONValue {
        guard let spec = try? finder.kernelspec(named: name) else {
            throw NotebookServerError(.notFound, "Kernel spec \(name) not found")
        }
        return model(spec)
    }

    /// The path of one resource file of a kernelspec, or 404.
    func resource(_ name: String, _ file: String) throws(NotebookServerError) -> String {
        guard let spec = try? finder.kernelspec(named: name), file != "kernel.json",
            let path = StaticFile.locate(file, in: [spec.resourceDirectory])
        else { throw NotebookServerError(.notFound, "Kernel spec resource \(name)/\(file) not found") }
        return path
    }

    /// `{"name", "spec", "resources"}`.
    func model(_ spec: Kernelspec) -> JSONValue {
        var resources = JSONObject()
        for file in Self.files(in: spec.resourceDirectory) where file != "kernel.json" {
            let stem = file.split(separator: ".", maxSplits: 1).first.map(String.init) ?? file
            resources[stem] = .string(server.configuration.baseURL + "kernelspecs/" + URLPath.escape(spec.name) + "/" + URLPath.escape(file))
        }
        return .object(JSONObject([("name", .string(spec.name)), ("spec", .object(spec.specJSON)), ("resources", .object(resources))]))
    }

    /// The names of the regular files in a directory, sorted.
    static func files(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            if StaticFile.locate(name, in: [directory]) != nil { names.append(name) }
        }
        return names.sorted()
    }
}
