// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsSafetyTests {
    struct InjectedFailure: Error {}

    @Test(arguments: ["..", "../x", "a/../../x", "a/./b", "./a", "sub/..", "x\0y"])
    func traversalAndNULAreRefusedEverywhere(path: String) throws {
        let root = TestRoot()
        root.write("sub/a", "")
        let store = try root.store()
        let operations: [() throws -> Void] = [
            { _ = try store.get(path) },
            { _ = try store.save(SaveRequest(type: .file, format: .text, content: "x"), at: path) },
            { try store.delete(path) },
            { _ = try store.rename("sub/a", to: path) },
            { _ = try store.copy("sub/a", to: path) },
            { _ = try store.newUntitled(in: path) },
            { _ = try store.createCheckpoint(for: path) },
        ]
        for operation in operations {
            #expect(throws: ContentsError.self) { try operation() }
            do { try operation() } catch let error as ContentsError { #expect(error.code == .outsideRoot) }
        }
        #expect(root.read("sub/a") == "")
    }

    @Test func symbolicLinksOutOfTheRootAreRefusedAndNotListed() throws {
        let outside = TestRoot()
        outside.write("secret.txt", "secret")
        let root = TestRoot()
        root.write("inside.txt", "ok")
        root.symlink(outside.path, at: "outdir")
        root.symlink(outside.path + "/secret.txt", at: "out.txt")
        root.symlink("inside.txt", at: "in.txt")
        root.symlink("/nonexistent/target", at: "dangling")
        let store = try root.store()
        for path in ["outdir", "outdir/secret.txt", "out.txt", "dangling"] {
            #expect(throws: ContentsError.self) { try store.get(path) }
        }
        #expect(throws: ContentsError.self) {
            try store.save(SaveRequest(type: .file, format: .text, content: "pwned"), at: "outdir/new.txt")
        }
        #expect(throws: ContentsError.self) { try store.save(SaveRequest(type: .file, format: .text, content: "pwned"), at: "out.txt") }
        #expect(throws: ContentsError.self) { try store.delete("outdir/secret.txt") }
        #expect(outside.read("secret.txt") == "secret" && outside.names() == ["secret.txt"])
        #expect(try store.get("in.txt").content == .text("ok"))
        guard case .directory(let entries)? = try store.get("").content else { Issue.record("no listing"); return }
        #expect(entries.map(\.name) == ["in.txt", "inside.txt"])
    }

    @Test func rootThatIsASymlinkStillWorks() throws {
        let real = TestRoot()
        real.write("a.txt", "A")
        let holder = TestRoot()
        holder.symlink(real.path, at: "link")
        let store = try FileContentsStore(root: holder.path + "/link/")
        #expect(try store.get("a.txt").content == .text("A"))
    }

    @Test func hiddenWritesAreRefusedUnlessAllowed() throws {
        let root = TestRoot()
        root.write(".h/f.txt", "F")
        let store = try root.store()
        let file = SaveRequest(type: .file, format: .text, content: "x")
        #expect(throws: ContentsError(.hidden, "Cannot create file or directory '.x'", path: ".x")) { try store.save(file, at: ".x") }
        #expect(throws: ContentsError(.hidden, "Cannot create file or directory '.h/g'", path: ".h/g")) { try store.save(file, at: ".h/g") }
        #expect(throws: ContentsError(.hidden, "Cannot delete file or directory '.h/f.txt'", path: ".h/f.txt")) { try store.delete(".h/f.txt") }
        #expect(throws: ContentsError.self) { try store.copy(".h/f.txt") }
        #expect(throws: ContentsError.self) { try store.newUntitled(in: ".h") }
        #expect(root.names(".h") == ["f.txt"])
        let open = try root.store(.init(allowHidden: true))
        _ = try open.save(file, at: ".h/g")
        try open.delete(".h/f.txt")
        // Deleting looks the checkpoint up, which creates the checkpoint folder, as in jupyter_server.
        #expect(root.names(".h") == [".ipynb_checkpoints", "g"])
    }

    @Test func failedSaveKeepsThePreviousFileWhole() throws {
        let root = TestRoot()
        root.write("a.txt", "original")
        root.write("n.ipynb", #"{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}"#)
        // The injected writer writes half of the bytes to a temporary file, then fails as a full disk would.
        let failing = FileContentsStore.Configuration(writer: { bytes, path in
            try FileIO.writeAtomically(Array(bytes.prefix(bytes.count / 2)), to: path + ".partial", durable: false)
            throw InjectedFailure()
        })
        let store = try root.store(failing)
        let error = try #require(throws: ContentsError.self) {
            try store.save(SaveRequest(type: .file, format: .text, content: "replacement text"), at: "a.txt")
        }
        #expect(error.code == .io && error.message.hasPrefix("Unexpected error while saving file: a.txt"))
        #expect(root.read("a.txt") == "original")
        #expect(throws: ContentsError.self) {
            try store.save(SaveRequest(type: .notebook, content: try JSONParser.parse(#"{"cells":[],"metadata":{"x":1},"nbformat":4,"nbformat_minor":5}"#)), at: "n.ipynb")
        }
        #expect(root.read("n.ipynb") == #"{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}"#)
    }

    @Test func realAtomicWriterLeavesNoTemporaryFiles() throws {
        let root = TestRoot()
        let store = try root.store()
        for i in 0..<3 { _ = try store.save(SaveRequest(type: .file, format: .text, content: .string("v\(i)")), at: "a.txt") }
        #expect(root.names() == ["a.txt"] && root.read("a.txt") == "v2")
    }

    @Test func storeRootMustBeADirectory() {
        #expect(throws: ContentsError.self) { try FileContentsStore(root: "/nonexistent/quire-root") }
    }
}
