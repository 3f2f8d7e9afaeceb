// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kernels
import NotebookFormat
import Testing

struct KernelspecFinderTests {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quire-ks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    private func install(_ dataDir: String, _ name: String, _ json: String) throws {
        let folder = "\(root)/\(dataDir)/kernels/\(name)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: URL(fileURLWithPath: folder + "/kernel.json"))
    }

    private func finder(provisioners: Set<String> = ["local-provisioner"]) -> KernelspecFinder {
        let environment = ["HOME": root + "/home", "JUPYTER_PATH": "\(root)/p1:\(root)/p2", "JUPYTER_DATA_DIR": root + "/data"]
        return KernelspecFinder(paths: JupyterPaths(environment: environment), availableProvisioners: provisioners)
    }

    @Test func findsLoadsAndRanksKernelspecs() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try install("p1", "Shared", #"{"display_name": "first", "language": "python"}"#)
        try install("p2", "shared", #"{"display_name": "second", "language": "python"}"#)
        try install("p2", "r", #"{"display_name": "R", "language": "R"}"#)
        try install("data", "broken", #"{"argv": "#)
        try install("data", "bad name", #"{}"#)
        try install("data", "remote", #"{"metadata": {"kernel_provisioner": {"provisioner_name": "ssh"}}}"#)
        try FileManager.default.createDirectory(atPath: root + "/data/kernels/empty-dir", withIntermediateDirectories: true)
        let listing = finder().list()
        #expect(Set(listing.directories.map(\.name)) == ["shared", "r", "broken", "bad name", "remote"])
        #expect(listing.directories.first { $0.name == "shared" }?.resourceDirectory == "\(root)/p1/kernels/Shared")
        #expect(Set(listing.kernelspecs.map(\.name)) == ["shared", "r", "bad name"])
        #expect(listing.kernelspecs.first { $0.name == "shared" }?.displayName == "first")
        let warnings = listing.warnings.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("\(root)/data/kernels/broken/kernel.json: not JSON") })
        #expect(warnings.contains { $0.hasPrefix("\(root)/data/kernels/bad name: invalid kernelspec directory name") })
        #expect(warnings.contains { $0.contains("kernel provisioner 'ssh'") })
        #expect(finder(provisioners: ["local-provisioner", "ssh"]).list().kernelspecs.count == 4)

        let text = listing.textReport(dataPath: finder().paths.dataPath())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Available kernels:")
        #expect(lines.dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["shared", "r", "bad", "broken", "remote"])
        #expect(lines.contains("  shared      \(root)/p1/kernels/Shared"))
        #expect(lines.contains("  bad name    \(root)/data/kernels/bad name"))
    }

    @Test func findsOneKernelspecByName() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try install("p2", "Julia-1.10", #"{"display_name": "Julia", "language": "julia", "argv": ["julia"]}"#)
        try install("data", "broken", #"{"env": null}"#)
        #expect(try finder().kernelspec(named: "JULIA-1.10").displayName == "Julia")
        #expect(throws: KernelsError.self) { try finder().kernelspec(named: "broken") }
        do {
            _ = try finder().kernelspec(named: "nope")
        } catch {
            #expect(error.code == .noSuchKernel && error.message == "no kernel named 'nope' (installed: broken, julia-1.10)")
        }
    }

    @Test func reportsWhenNothingLoads() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try install("data", "broken", "[]")
        let listing = finder().list()
        #expect(listing.textReport(dataPath: []) == "No kernels available\n")
        #expect(listing.jsonReport == JSONObject([("kernelspecs", .object(JSONObject()))]))
    }
}