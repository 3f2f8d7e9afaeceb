// SPDX-License-Identifier: Apache-2.0

import Contents
import NotebookFormat
import Testing

struct ContentsWritingTests {
    static let notebookJSON = #"{"cells":[{"cell_type":"markdown","id":"c1","metadata":{},"source":"a\nb"}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#

    static func notebookContent(_ text: String = notebookJSON) throws -> JSONValue { try JSONParser.parse(text) }

    @Test func savesTextAndBase64Files() throws {
        let root = TestRoot()
        let store = try root.store()
        let text = try store.save(SaveRequest(type: .file, format: .text, content: "héllo"), at: "t.txt")
        #expect(text.content == nil && text.size == 6 && text.type == .file && root.read("t.txt") == "héllo")
        _ = try store.save(SaveRequest(type: .file, format: .base64, content: "YWJj\nZGVm\n"), at: "b.bin")
        #expect(root.read("b.bin") == "abcdef")
    }

    @Test func savesNotebooksAsNbformatWritesThemWithAFirstCheckpoint() throws {
        let root = TestRoot()
        let store = try root.store()
        let model = try store.save(SaveRequest(type: .notebook, format: .json, content: try Self.notebookContent()), at: "n.ipynb")
        #expect(model.type == .notebook && model.message == nil)
        let expected = try Notebook.read(from: Array(Self.notebookJSON.utf8)).fileBytes()
        #expect(root.read("n.ipynb") == String(decoding: expected, as: UTF8.self))
        #expect(root.read("n.ipynb")?.contains("\"a\\n\",\n") == true)
        #expect(try store.listCheckpoints(for: "n.ipynb").map(\.id) == ["checkpoint"])
        #expect(root.names(".ipynb_checkpoints") == ["n-checkpoint.ipynb"])
    }

    @Test func invalidNotebookIsSavedWithTheValidationMessage() throws {
        let root = TestRoot()
        let bad = #"{"cells":[{"cell_type":"markdown","id":"c1","metadata":{},"source":"x","bogus":1}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#
        let model = try root.store().save(SaveRequest(type: .notebook, content: try Self.notebookContent(bad)), at: "bad.ipynb")
        #expect(model.message?.hasPrefix("Notebook validation failed: ") == true)
        #expect(model.jsonValue().objectValue?["message"] != nil)
        #expect(root.read("bad.ipynb")?.contains("bogus") == true)
    }

    @Test(arguments: [
        (SaveRequest(type: nil, content: "x"), "No file type provided"),
        (SaveRequest(type: .file, format: .text), "No file content provided"),
        (SaveRequest(type: .file, content: "x"), "Must specify format of file contents as 'text' or 'base64'"),
        (SaveRequest(type: .file, format: .json, content: "x"), "Must specify format of file contents as 'text' or 'base64'"),
        (SaveRequest(type: .file, format: .base64, content: "abc"), "Encoding error saving x: Incorrect padding"),
        (SaveRequest(type: .file, format: .text, content: 3), "Encoding error saving x: content is not a string"),
        (SaveRequest(type: .notebook, content: "not a notebook"), "Unexpected error while saving file: x not a notebook: the top level is a JSON string, not an object"),
    ])
    func badModelsAreInvalid(request: SaveRequest, message: String) throws {
        let root = TestRoot()
        let error = try #require(throws: ContentsError.self) { try root.store().save(request, at: "x") }
        #expect(error.code == .invalid && error.message == message)
        #expect(!root.exists("x"))
    }

    @Test func savesDirectoriesAndRefusesDirectoryOverFile() throws {
        let root = TestRoot()
        root.write("f", "")
        let store = try root.store()
        #expect(try store.save(SaveRequest(type: .directory), at: "d").type == .directory)
        #expect(try store.save(SaveRequest(type: .directory), at: "d").type == .directory)
        #expect(throws: ContentsError(.invalid, "Not a directory: f", path: "f")) { try store.save(SaveRequest(type: .directory), at: "f") }
        #expect(throws: ContentsError(.invalid, "d is a directory", path: "d")) {
            try store.save(SaveRequest(type: .file, format: .text, content: ""), at: "d")
        }
    }

    @Test func requestDecodesFromJSONAsTheHandlerDoes() throws {
        let body = try #require(try JSONParser.parse(#"{"type":"weird","format":"text","content":"x","chunk":2}"#).objectValue)
        #expect(SaveRequest(json: body) == SaveRequest(type: .file, format: .text, content: "x", chunk: 2))
    }

    @Test func newUntitledNamesFollowJupyterServer() throws {
        let root = TestRoot()
        let store = try root.store()
        #expect(try store.newUntitled(in: "", type: .notebook).name == "Untitled.ipynb")
        #expect(try store.newUntitled(in: "", ext: ".ipynb").name == "Untitled1.ipynb")
        #expect(try store.newUntitled(in: "").name == "untitled")
        #expect(try store.newUntitled(in: "", type: .file).name == "untitled1")
        #expect(try store.newUntitled(in: "", ext: ".txt").name == "untitled.txt")
        #expect(try store.newUntitled(in: "/", ext: ".txt").name == "untitled1.txt")
        #expect(try store.newUntitled(in: "", type: .directory).name == "Untitled Folder")
        #expect(try store.newUntitled(in: "", type: .directory).name == "Untitled Folder 1")
        #expect(try store.newUntitled(in: "Untitled Folder", type: .notebook).path == "Untitled Folder/Untitled.ipynb")
        #expect(root.read("Untitled.ipynb") == "{\n \"cells\": [],\n \"metadata\": {},\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n")
        #expect(root.read("untitled") == "")
        #expect(throws: ContentsError(.notFound, "No such directory: nope", path: "nope")) { try store.newUntitled(in: "nope") }
        #expect(throws: ContentsError.self) { try store.newUntitled(in: "untitled") }
    }

    @Test func createFillsEmptyContent() throws {
        let root = TestRoot()
        let store = try root.store()
        #expect(try store.create(nil, at: "n.ipynb").type == .notebook)
        #expect(try store.create(nil, at: "t.md").type == .file)
        #expect(root.read("t.md") == "")
        #expect(try store.create(SaveRequest(type: .directory), at: "d").type == .directory)
    }
}
