// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsCheckpointTests {
    @Test func createListRestoreDelete() throws {
        let root = TestRoot()
        root.write("sub/a.txt", "v1")
        let store = try root.store()
        #expect(try store.listCheckpoints(for: "sub/a.txt").isEmpty)
        let checkpoint = try store.createCheckpoint(for: "sub/a.txt")
        #expect(checkpoint.id == "checkpoint")
        #expect(checkpoint.lastModified == (try store.get("sub/a.txt", options: GetOptions(content: false))).lastModified)
        #expect(checkpoint.jsonValue().objectValue?.keys == ["id", "last_modified"])
        #expect(root.read("sub/.ipynb_checkpoints/a-checkpoint.txt") == "v1")
        #expect(try store.listCheckpoints(for: "sub/a.txt") == [checkpoint])
        _ = try store.save(SaveRequest(type: .file, format: .text, content: "v2"), at: "sub/a.txt")
        try store.restoreCheckpoint("checkpoint", for: "sub/a.txt")
        #expect(root.read("sub/a.txt") == "v1")
        try store.deleteCheckpoint("checkpoint", for: "sub/a.txt")
        #expect(try store.listCheckpoints(for: "sub/a.txt").isEmpty)
    }

    @Test func checkpointRefusals() throws {
        let root = TestRoot()
        root.write("a.txt", "")
        root.mkdir("d")
        let store = try root.store()
        #expect(throws: ContentsError(.notFound, "Checkpoint does not exist: a.txt@checkpoint", path: "a.txt")) {
            try store.restoreCheckpoint("checkpoint", for: "a.txt")
        }
        #expect(throws: ContentsError(.notFound, "Checkpoint does not exist: a.txt@checkpoint", path: "a.txt")) {
            try store.deleteCheckpoint("checkpoint", for: "a.txt")
        }
        _ = try store.createCheckpoint(for: "a.txt")
        #expect(throws: ContentsError.self) { try store.restoreCheckpoint("other", for: "a.txt") }
        #expect(throws: ContentsError.self) { try store.createCheckpoint(for: "missing") }
        #expect(throws: ContentsError.self) { try store.createCheckpoint(for: "d") }
    }

    @Test func namesFollowSplitext() throws {
        let root = TestRoot()
        root.write("n.ipynb", #"{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}"#)
        root.write("Makefile", "")
        root.write("a.tar.gz", "")
        let store = try root.store()
        for path in ["n.ipynb", "Makefile", "a.tar.gz"] { _ = try store.createCheckpoint(for: path) }
        #expect(root.names(".ipynb_checkpoints") == ["Makefile-checkpoint", "a.tar-checkpoint.gz", "n-checkpoint.ipynb"])
    }
}
