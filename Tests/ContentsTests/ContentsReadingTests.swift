// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsReadingTests {
    @Test func textFileModelHasJupyterServersFields() throws {
        let root = TestRoot()
        root.write("a.txt", "hello\n")
        let model = try root.store().get("a.txt")
        #expect(model.name == "a.txt" && model.path == "a.txt" && model.type == .file)
        #expect(model.format == .text && model.content == .text("hello\n") && model.mimetype == "text/plain")
        #expect(model.size == 6 && model.writable && model.hash == nil)
        let json = try #require(model.jsonValue().objectValue)
        #expect(json.keys == [
            "name", "path", "last_modified", "created", "content", "format", "mimetype", "size", "writable", "hash",
            "hash_algorithm", "type",
        ])
        #expect(json["last_modified"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test func binaryFileFallsBackToBase64WithPythonLineBreaks() throws {
        let root = TestRoot()
        root.writeBytes("data.bin", Array(repeating: 0xFF, count: 60))
        let model = try root.store().get("data.bin")
        #expect(model.format == .base64 && model.mimetype == "application/octet-stream")
        let expected = String(repeating: "/", count: 76) + "\n" + String(repeating: "/", count: 4) + "\n"
        #expect(model.content == .base64(expected))
        #expect(throws: ContentsError.self) { try root.store().get("data.bin", options: GetOptions(format: .text)) }
    }

    @Test func formatBase64OfTextAndHash() throws {
        let root = TestRoot()
        root.write("a.txt", "abc")
        let model = try root.store().get("a.txt", options: GetOptions(format: .base64, hash: true))
        #expect(model.content == .base64("YWJj\n"))
        #expect(model.hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(model.hashAlgorithm == "sha256")
        let bare = try root.store().get("a.txt", options: GetOptions(content: false, hash: true))
        #expect(bare.content == nil && bare.hash == model.hash)
    }

    @Test func notebookIsReadAsNbformatReadsIt() throws {
        let root = TestRoot()
        root.write("n.ipynb", #"{"cells":[{"cell_type":"markdown","id":"x","metadata":{},"source":["a\n","b"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#)
        let model = try root.store().get("n.ipynb")
        #expect(model.type == .notebook && model.format == .json && model.mimetype == nil && model.message == nil)
        guard case .notebook(let nb)? = model.content else { Issue.record("no notebook content"); return }
        #expect(Notebook(json: nb).cells.first?.source == "a\nb")
        let asFile = try root.store().get("n.ipynb", options: GetOptions(type: .file))
        #expect(asFile.type == .file && asFile.format == .text)
    }

    @Test func invalidNotebookCarriesValidationMessageAndUnreadableOneIsRefused() throws {
        let root = TestRoot()
        root.write("bad.ipynb", #"{"cells":[{"cell_type":"markdown","metadata":{},"source":"x","bogus":1}],"metadata":{},"nbformat":4,"nbformat_minor":4}"#)
        root.write("junk.ipynb", "not json")
        let store = try root.store()
        #expect(try store.get("bad.ipynb").message?.hasPrefix("Notebook validation failed: ") == true)
        #expect(throws: ContentsError.self) { try store.get("junk.ipynb") }
        #expect(try store.get("junk.ipynb", options: GetOptions(content: false)).type == .notebook)
    }

    @Test func directoryListingSkipsHiddenAndHideGlobs() throws {
        let root = TestRoot()
        root.write("b.txt", "")
        root.write("a.ipynb", "{}")
        root.write(".secret", "")
        root.write("x.pyc", "")
        root.write("backup~", "")
        root.mkdir("__pycache__")
        root.mkdir("sub")
        let model = try root.store().get("")
        #expect(model.type == .directory && model.format == .json && model.size == nil && model.name == "")
        guard case .directory(let entries)? = model.content else { Issue.record("no listing"); return }
        #expect(entries.map(\.name) == ["a.ipynb", "b.txt", "sub"])
        #expect(entries.map(\.type) == [.notebook, .file, .directory])
        #expect(entries.allSatisfy { $0.content == nil && $0.format == nil })
        let shown = try root.store(.init(allowHidden: true)).get("")
        guard case .directory(let all)? = shown.content else { return }
        #expect(all.map(\.name).contains(".secret"))
    }

    @Test func typeParameterMismatchesAreInvalid() throws {
        let root = TestRoot()
        root.mkdir("d")
        root.write("f.txt", "")
        let store = try root.store()
        for (path, type) in [("d", ContentsType.notebook), ("d", .file), ("f.txt", .directory)] {
            #expect(throws: ContentsError(.invalid, path == "d" ? "d is a directory, not a \(type.rawValue)" : "f.txt is not a directory", path: path, reason: "bad type")) {
                try store.get(path, options: GetOptions(type: type))
            }
        }
        #expect(try store.get("d", options: GetOptions(content: false, type: .directory)).content == nil)
    }

    @Test func missingAndHiddenAreNotFound() throws {
        let root = TestRoot()
        root.write(".h/x.txt", "")
        let store = try root.store()
        #expect(throws: ContentsError(.notFound, "file or directory does not exist: 'nope'", path: "nope")) { try store.get("nope") }
        #expect(throws: ContentsError(.notFound, "file or directory does not exist: '.h/x.txt'", path: ".h/x.txt")) {
            try store.get("/.h/x.txt/")
        }
        #expect(try root.store(.init(allowHidden: true)).get(".h/x.txt").content == .text(""))
        #expect(store.isHidden(".h") && !store.isHidden("x") && store.fileExists(".h/x.txt") && store.directoryExists(".h"))
    }

    @Test func timestampsFormatAsPythonIsoformat() {
        #expect(ContentsTimestamp(seconds: 0).isoformat == "1970-01-01T00:00:00Z")
        #expect(ContentsTimestamp(seconds: 1_700_000_000, microseconds: 42).isoformat == "2023-11-14T22:13:20.000042Z")
        #expect(ContentsTimestamp(seconds: 951_782_400, nanoseconds: 1_500).isoformat == "2000-02-29T00:00:00.000002Z")
        #expect(ContentsTimestamp(seconds: 1, nanoseconds: 999_999_600) == ContentsTimestamp(seconds: 2))
    }
}
