// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct NotebookTests {
    static let sample = """
        {"cells": [{"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {"trusted": true, "x": 1},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": ["1\\n", "2"]},
        {"output_type": "display_data", "metadata": {}, "data": {"text/plain": ["a\\n", "b"],
        "application/json": ["x\\n", "y"], "image/png": "iVBO"}}], "source": ["x = 1\\n", "print(x)"], "future": 1}],
        "metadata": {"signature": "s", "orig_nbformat": 3}, "nbformat": 4, "nbformat_minor": 5, "extra": [1]}
        """

    @Test func readingJoinsLinesAndDropsTransientKeys() throws {
        let notebook = try Notebook.read(from: Array(Self.sample.utf8))
        let cell = try #require(notebook.cells.first)
        #expect(cell.source == "x = 1\nprint(x)")
        #expect(cell.json["source"] == "x = 1\nprint(x)")
        #expect(cell.metadata["trusted"] == nil)
        #expect(cell.outputs[0].text == "1\n2")
        #expect(cell.outputs[1].data["text/plain"] == "a\nb")
        #expect(cell.outputs[1].data["application/json"] == ["x\n", "y"])
        #expect(notebook.metadata.isEmpty)
    }

    @Test func unknownKeysSurviveARoundTrip() throws {
        let notebook = try Notebook.read(from: Array(Self.sample.utf8))
        let again = try Notebook.read(from: notebook.fileBytes())
        #expect(again.json["extra"] == [1])
        #expect(again.cells[0].json["future"] == 1)
        #expect(again == notebook)
    }

    @Test func writingSplitsLinesAndEndsWithANewline() throws {
        let bytes = try Notebook.read(from: Array(Self.sample.utf8)).fileBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"source\": [\n    \"x = 1\\n\",\n    \"print(x)\"\n   ]"))
        #expect(text.contains("\"image/png\": \"iVBO\""))
    }

    @Test func missingAndRepeatedIDsAreRepairedIn45() throws {
        var notebook = Notebook()
        notebook.cells = [Cell(type: "code", source: "1"), Cell(type: "code", source: "2", id: "x"), Cell(type: "raw", source: "", id: "x")]
        #expect(notebook.repairCellIDs() == 2)
        let ids = notebook.cells.compactMap(\.id)
        #expect(ids.count == 3 && Set(ids).count == 3 && ids[1] == "x")
    }

    @Test func upgradeGivesEveryCellAnID() {
        var notebook = Notebook()
        notebook.nbformatMinor = 4
        notebook.cells = [Cell(type: "markdown", source: "# t"), Cell(type: "code", source: "1")]
        notebook.upgradeToCurrentMinor()
        #expect(notebook.nbformatMinor == 5)
        #expect(notebook.cells.allSatisfy { $0.id?.count == 8 })
    }

    @Test(arguments: [
        ("[]", "top level is a JSON array"),
        (#"{"metadata": {}, "cells": []}"#, "'nbformat' is missing"),
        (#"{"nbformat": 4, "cells": []}"#, "'metadata' is missing"),
        (#"{"nbformat": 4, "metadata": {}, "cells": {}}"#, "'cells' is a object, not an array"),
        (#"{"nbformat": 4, "metadata": {}, "cells": [1]}"#, "cells[0] is a integer"),
        (#"{"nbformat": 3, "metadata": {}, "worksheets": []}"#, "nbformat 3 notebooks are not supported"),
    ])
    func rejectsDocumentsThatAreNotNotebooks(text: String, message: String) {
        #expect {
            try Notebook.read(from: Array(text.utf8))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func splitsLinesLikePython() {
        #expect(PythonText.splitLinesKeepingEnds("a\r\nb\rc\nd\u{2028}e\u{85}f\u{b}g") == ["a\r\n", "b\r", "c\n", "d\u{2028}", "e\u{85}", "f\u{b}", "g"])
        #expect(PythonText.splitLinesKeepingEnds("") == [])
        #expect(PythonText.splitLinesKeepingEnds("x\n") == ["x\n"])
        #expect(PythonText.splitLines("a\r\nb\n") == ["a", "b"])
    }
}
