// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsUploadTests {
    static func chunk(_ n: Int, _ text: String) -> SaveRequest { SaveRequest(type: .file, format: .text, content: .string(text), chunk: n) }

    @Test func chunksAreAssembledBesideTheDestinationAndRenamedAtTheEnd() throws {
        let root = TestRoot()
        root.write("big.txt", "old")
        let store = try root.store()
        let first = try store.save(Self.chunk(1, "one,"), at: "big.txt")
        #expect(first.path == "big.txt" && first.size == 4)
        #expect(root.read("big.txt") == "old", "the destination is untouched until the last chunk")
        _ = try store.save(Self.chunk(2, "two,"), at: "big.txt")
        #expect(store.uploadsInProgress == ["big.txt"])
        let last = try store.save(Self.chunk(-1, "three"), at: "big.txt")
        #expect(last.size == 13 && root.read("big.txt") == "one,two,three")
        #expect(root.names() == ["big.txt"] && store.uploadsInProgress.isEmpty)
    }

    @Test func base64ChunksDecodeSeparately() throws {
        let root = TestRoot()
        let store = try root.store()
        _ = try store.save(SaveRequest(type: .file, format: .base64, content: "YWJj", chunk: 1), at: "b.bin")
        _ = try store.save(SaveRequest(type: .file, format: .base64, content: "ZGVm", chunk: -1), at: "b.bin")
        #expect(root.read("b.bin") == "abcdef")
    }

    @Test func failedChunkDiscardsTheUploadAndLeavesNoPartialFile() throws {
        let root = TestRoot()
        let store = try root.store()
        _ = try store.save(Self.chunk(1, "part"), at: "f.bin")
        #expect(throws: ContentsError.self) {
            try store.save(SaveRequest(type: .file, format: .base64, content: "abc", chunk: 2), at: "f.bin")
        }
        #expect(root.names().isEmpty && store.uploadsInProgress.isEmpty)
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(-1, "end"), at: "f.bin") }
        #expect(root.names().isEmpty)
    }

    @Test func abandonedUploadsAreCleanedUp() throws {
        let root = TestRoot()
        let store = try root.store()
        _ = try store.save(Self.chunk(1, "a"), at: "x.txt")
        _ = try store.save(Self.chunk(1, "b"), at: "y.txt")
        #expect(root.names().count == 2)
        #expect(store.discardStaleUploads(idleLongerThan: .seconds(60)).isEmpty)
        #expect(store.discardStaleUploads(idleLongerThan: .seconds(60), now: .now + .seconds(61)) == ["x.txt", "y.txt"])
        #expect(root.names().isEmpty && store.uploadsInProgress.isEmpty)
        // Restarting with chunk 1 replaces an unfinished upload; cancelling removes it.
        _ = try store.save(Self.chunk(1, "first try"), at: "z.txt")
        _ = try store.save(Self.chunk(1, "again "), at: "z.txt")
        _ = try store.save(Self.chunk(-1, "done"), at: "z.txt")
        #expect(root.read("z.txt") == "again done" && root.names() == ["z.txt"])
        _ = try store.save(Self.chunk(1, "w"), at: "w.txt")
        store.cancelUpload(at: "w.txt")
        #expect(root.names() == ["z.txt"])
    }

    @Test func temporaryFilesLeftByAnEarlierProcessAreRemovedWhenTheUploadRestarts() throws {
        let root = TestRoot()
        root.write(".~f.bin.quire-upload-dead", "stale")
        root.write(".~other.quire-upload-dead", "not ours")
        let store = try root.store()
        _ = try store.save(Self.chunk(1, "x"), at: "f.bin")
        _ = try store.save(Self.chunk(-1, "y"), at: "f.bin")
        #expect(root.names() == [".~other.quire-upload-dead", "f.bin"] && root.read("f.bin") == "xy")
    }

    @Test func chunkRefusals() throws {
        let root = TestRoot()
        root.mkdir("d")
        let store = try root.store()
        #expect(throws: ContentsError(.invalid, "File type \"notebook\" is not supported for large file transfer", path: "n.ipynb")) {
            try store.save(SaveRequest(type: .notebook, content: [:], chunk: 1), at: "n.ipynb")
        }
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(2, "x"), at: "never-started") }
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(0, "x"), at: "a") }
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(1, "x"), at: "d") }
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(1, "x"), at: "nodir/a") }
        #expect(throws: ContentsError.self) { try store.save(Self.chunk(1, "x"), at: ".hidden") }
        #expect(root.names() == ["d"])
    }
}
