// SPDX-License-Identifier: Apache-2.0

import Foundation
import Kernels
import Testing

struct JupyterPathsTests {
    let home = "/nonexistent-home"

    private func paths(_ environment: [String: String], python: PythonEnvironment? = nil) -> JupyterPaths {
        JupyterPaths(environment: ["HOME": home].merging(environment) { $1 }, python: python)
    }

    @Test func withoutAPythonTheUserAndSystemDirectoriesAreSearched() {
        #expect(paths([:]).dataPath("kernels") == [
            "\(home)/.local/share/jupyter/kernels", "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels",
        ])
    }

    @Test func jupyterPathComesFirstWithTrailingSlashesRemoved() {
        let result = paths(["JUPYTER_PATH": "/a/:/b//::/c", "JUPYTER_DATA_DIR": "/data"]).dataPath()
        #expect(result == ["/a", "/b", "", "/c", "/data", "/usr/local/share/jupyter", "/usr/share/jupyter"])
        #expect(paths(["JUPYTER_PATH": "/a:"]).dataPath("kernels").prefix(2) == ["/a/kernels", "kernels"])
    }

    @Test func xdgDataHomeMovesTheUserDirectory() {
        #expect(paths(["XDG_DATA_HOME": "/xdg"]).userDataDirectory == "/xdg/jupyter")
        #expect(paths(["XDG_DATA_HOME": ""]).userDataDirectory == "\(home)/.local/share/jupyter")
        #expect(paths(["XDG_DATA_HOME": "/xdg", "JUPYTER_DATA_DIR": "/j"]).userDataDirectory == "/j")
    }

    @Test func platformDirectoriesFollowXDG() {
        let platform = paths(["JUPYTER_PLATFORM_DIRS": "1", "XDG_DATA_HOME": "relative", "XDG_DATA_DIRS": "/s1:rel:/s2"])
        #expect(platform.userDataDirectory == "\(home)/.local/share/jupyter")
        #expect(platform.systemDirectories == ["/s1/jupyter", "/s2/jupyter"])
        #expect(paths(["JUPYTER_PLATFORM_DIRS": "off"]).systemDirectories == ["/usr/local/share/jupyter", "/usr/share/jupyter"])
    }

    @Test func anOwnedVirtualEnvironmentComesBeforeTheUser() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("quire-venv-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let venv = PythonEnvironment(executable: prefix + "/bin/python", prefix: prefix, basePrefix: "/usr")
        #expect(paths([:], python: venv).dataPath() == [
            "\(prefix)/share/jupyter", "\(home)/.local/share/jupyter", "/usr/local/share/jupyter", "/usr/share/jupyter",
        ])
        #expect(paths(["JUPYTER_PREFER_ENV_PATH": "no"], python: venv).dataPath().first == "\(home)/.local/share/jupyter")
    }

    @Test func aSystemPythonComesAfterTheUserAndIsNotRepeated() {
        let system = PythonEnvironment(executable: "/opt/py/bin/python3", prefix: "/opt/py", userSiteEnabled: true, userBase: "/ub")
        #expect(paths([:], python: system).dataPath() == [
            "\(home)/.local/share/jupyter", "/ub/share/jupyter", "/opt/py/share/jupyter", "/usr/local/share/jupyter", "/usr/share/jupyter",
        ])
        let local = PythonEnvironment(executable: "/usr/local/bin/python3", prefix: "/usr/local")
        #expect(paths(["JUPYTER_PREFER_ENV_PATH": "1"], python: local).dataPath() == [
            "\(home)/.local/share/jupyter", "/usr/local/share/jupyter", "/usr/share/jupyter",
        ])
    }

    @Test func condaEnvironmentsArePreferredWhenNamed() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("quire-conda-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: prefix, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let conda = PythonEnvironment(executable: prefix + "/bin/python", prefix: prefix)
        #expect(paths(["CONDA_PREFIX": prefix, "CONDA_DEFAULT_ENV": "work"], python: conda).preferEnvironmentOverUser)
        #expect(!paths(["CONDA_PREFIX": prefix], python: conda).preferEnvironmentOverUser)
    }

    @Test func ipythonDirectoryHonoursIPYTHONDIR() {
        #expect(paths([:]).ipythonDirectory == "\(home)/.ipython")
        #expect(paths(["IPYTHONDIR": "/x//y/../ip/"]).ipythonDirectory == "/x/ip")
        #expect(paths(["IPYTHONDIR": "~/ip"]).ipythonDirectory == "\(home)/ip")
    }
}
