// SPDX-License-Identifier: Apache-2.0

import Foundation
import NotebookFormat
import Testing

struct FileIOTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "quire-fileio-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func atomicWriteReplacesContentsAndKeepsPermissions() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/a.ipynb"
        try FileIO.writeAtomically(Array("old".utf8), to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try FileIO.writeAtomically(Array("new".utf8), to: path)
        #expect(try FileIO.readBytes(path) == Array("new".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["a.ipynb"])
    }

    @Test func atomicWriteThroughASymlinkReplacesTheTargetAndKeepsTheLink() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileIO.writeAtomically(Array("old".utf8), to: dir + "/target.ipynb")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.ipynb", withDestinationPath: "target.ipynb")
        try FileIO.writeAtomically(Array("new".utf8), to: dir + "/link.ipynb", durable: false)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.ipynb") == "target.ipynb")
        #expect(try FileIO.readBytes(dir + "/target.ipynb") == Array("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.ipynb", "target.ipynb"])
    }

    @Test func failedWriteLeavesTheOldFileWhole() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/sub"
        try FileManager.default.createDirectory(atPath: target + "/inner", withIntermediateDirectories: true)
        #expect(throws: NotebookFormatError.self) { try FileIO.writeAtomically(Array("x".utf8), to: target) }
        #expect(FileIO.isDirectory(target + "/inner"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["sub"])
    }

    @Test func preparedReplacementChangesNothingUntilCommittedThenKeepsTheMode() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 0o664: a mode the usual umask (022) would narrow, so it must be set explicitly; 0o600: one it leaves.
        for mode in [0o664, 0o600] {
            let path = dir + "/m\(mode).ipynb"
            try FileIO.writeAtomically(Array("old".utf8), to: path)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            let prepared = FileIO.prepareReplacement(Array("new".utf8), for: path, durable: false)
            #expect(try FileIO.readBytes(path) == Array("old".utf8))
            try prepared.commit()
            #expect(try FileIO.readBytes(path) == Array("new".utf8))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == mode)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["m384.ipynb", "m436.ipynb"])
    }

    @Test func committingIntoAVanishedFolderFailsNamingTheFile() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/gone/a.ipynb"
        try FileManager.default.createDirectory(atPath: dir + "/gone", withIntermediateDirectories: true)
        try FileIO.writeAtomically(Array("old".utf8), to: path)
        let prepared = FileIO.prepareReplacement(Array("new".utf8), for: path)
        try FileManager.default.removeItem(atPath: dir + "/gone")
        #expect {
            try prepared.commit()
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("temporary file")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func findsNotebooksRecursivelySkippingHiddenFolders() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for path in ["b.ipynb", "a/c.ipynb", ".ipynb_checkpoints/b-checkpoint.ipynb", "a/readme.md"] {
            try FileManager.default.createDirectory(
                atPath: (dir + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileIO.writeAtomically([], to: dir + "/" + path)
        }
        #expect(FileIO.notebooks(under: dir) == [dir + "/a/c.ipynb", dir + "/b.ipynb"])
    }

    @Test func readingAMissingFileNamesIt() {
        #expect {
            try FileIO.readBytes("/nonexistent/x.ipynb")
        } throws: { error in
            "\(error)".contains("/nonexistent/x.ipynb")
        }
    }
}
