// SPDX-License-Identifier: Apache-2.0

public import NotebookFormat

extension KernelspecFinder.Listing {
    /// What `jupyter kernelspec list` prints: `Available kernels:` and one line per kernelspec
    /// directory (including ones that fail to load, as jupyter_client prints them), the names
    /// padded to the longest, ordered by the first `dataPath` entry the path starts with (paths
    /// under none first), then by path; or `No kernels available` when none loads.
    public func textReport(dataPath: [String]) -> String {
        guard !kernelspecs.isEmpty else { return "No kernels available\n" }
        let width = directories.map(\.name.unicodeScalars.count).max() ?? 0
        func rank(_ path: String) -> Int {
            dataPath.firstIndex { path.hasPrefix($0) } ?? -1
        }
        let ordered = directories.sorted { a, b in
            let (rankA, rankB) = (rank(a.resourceDirectory), rank(b.resourceDirectory))
            if rankA != rankB { return rankA < rankB }
            return a.resourceDirectory.unicodeScalars.lexicographicallyPrecedes(b.resourceDirectory.unicodeScalars)
        }
        var text = "Available kernels:\n"
        for (name, path) in ordered {
            let padding = String(repeating: " ", count: width - name.unicodeScalars.count)
            text += "  \(name)\(padding)    \(path)\n"
        }
        return text
    }

    /// What `jupyter kernelspec list --json` prints: `{"kernelspecs": {name: {"resource_dir", "spec"}}}`.
    public var jsonReport: JSONObject {
        var specs = JSONObject()
        for spec in kernelspecs {
            specs[spec.name] = .object(JSONObject([("resource_dir", .string(spec.resourceDirectory)), ("spec", .object(spec.specJSON))]))
        }
        return JSONObject([("kernelspecs", .object(specs))])
    }
}
