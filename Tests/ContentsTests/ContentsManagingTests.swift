// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsManagingTests {
    @Test func renameMovesEntryAndCheckpoint() throws {
        let root = TestRoot()
        root.write("a.txt", "A")
        root.mkdir("sub")
        let store = try root.store()
        _ = try store.createCheckpoint(for: "a.txt")
        let moved = try store.rename("a.txt", to: "sub/b.txt")
        #expect(moved.path == "sub/b.txt" && moved.name == "b.txt" && root.read("sub/b.txt") == "A" && !root.exists("a.txt"))
        #expect(root.names("sub/.ipynb_checkpoints") == ["b-checkpoint.txt"])
        #expect(try store.rename("sub/b.txt", to: "sub/b.txt").path == "sub/b.txt")
    }

    @Test func renameRefusals() throws {
        let root = TestRoot()
        root.write("a.txt", "A")
        root.write("b.txt", "B")
        root.mkdir("d")
        let store = try root.store()
        #expect(throws: ContentsError(.alreadyExists, "File already exists: b.txt", path: "b.txt")) { try store.rename("a.txt", to: "b.txt") }
        #expect(throws: ContentsError(.notFound, "File or directory does not exist: zz", path: "zz")) { try store.rename("zz", to: "y") }
        #expect(throws: ContentsError(.notFound, "File or directory does not exist: no", path: "no")) { try store.rename("a.txt", to: "no/a.txt") }
        #expect(throws: ContentsError(.hidden, "Cannot rename file or directory 'a.txt'", path: "a.txt")) { try store.rename("a.txt", to: ".a") }
        #expect(throws: ContentsError.self) { try store.rename("d", to: "d/inner") }
        #expect(root.read("a.txt") == "A" && root.read("b.txt") == "B")
    }

    @Test func copyNamesCopiesAsJupyterServer() throws {
        let root = TestRoot()
        root.write("n.ipynb", #"{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}"#)
        root.write("a.tar.gz", "zz")
        root.mkdir("other")
        let store = try root.store()
        #expect(try store.copy("n.ipynb").name == "n-Copy1.ipynb")
        #expect(try store.copy("n.ipynb").name == "n-Copy2.ipynb")
        #expect(try store.copy("n-Copy1.ipynb").name == "n-Copy3.ipynb")
        #expect(try store.copy("n.ipynb", to: "other").path == "other/n.ipynb")
        #expect(try store.copy("a.tar.gz").name == "a-Copy1.tar.gz")
        #expect(try store.copy("a.tar.gz", to: "other/named.gz").path == "other/named.gz")
        #expect(root.read("other/named.gz") == "zz")
        // A copied notebook is rewritten as nbformat writes it, and gets its first checkpoint.
        #expect(root.read("n-Copy1.ipynb")?.hasPrefix("{\n \"cells\": []") == true)
        #expect(root.names(".ipynb_checkpoints").contains("n-Copy1-checkpoint.ipynb"))
        #expect(throws: ContentsError(.notFound, "No such parent directory: nope to copy file in", path: "nope")) {
            try store.copy("n.ipynb", to: "nope/x.ipynb")
        }
        #expect(throws: ContentsError.self) { try store.copy("missing.txt") }
    }

    @Test func copyDirectoryRecursively() throws {
        let root = TestRoot()
        root.write("d/x/y.txt", "Y")
        let store = try root.store()
        let model = try store.copy("d", to: "")
        #expect(model.name == "d-Copy1" && model.type == .directory && root.read("d-Copy1/x/y.txt") == "Y")
        #expect(throws: ContentsError.self) { try store.copy("d", to: "d/x") }
    }

    @Test func deleteFilesAndDirectories() throws {
        let root = TestRoot()
        root.write("a.txt", "A")
        root.write("full/f.txt", "")
        root.mkdir("empty/.ipynb_checkpoints")
        let store = try root.store()
        _ = try store.createCheckpoint(for: "a.txt")
        try store.delete("a.txt")
        #expect(!root.exists("a.txt") && root.names(".ipynb_checkpoints") == [])
        try store.delete("empty")
        #expect(!root.exists("empty"))
        #expect(throws: ContentsError(.invalid, "Directory full not empty", path: "full")) { try store.delete("full") }
        #expect(throws: ContentsError(.invalid, "Can't delete root", path: "")) { try store.delete("/") }
        #expect(throws: ContentsError(.notFound, "file or directory does not exist: 'a.txt'", path: "a.txt")) { try store.delete("a.txt") }
        try root.store(.init(alwaysDeleteDirectories: true)).delete("full")
        #expect(!root.exists("full"))
    }
}
