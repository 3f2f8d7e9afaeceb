// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

/// A notebook from JSON text, read as `quire strip` reads it.
private func notebook(_ text: String) throws -> Notebook {
    try Notebook.readForStripping(from: Array(text.utf8))
}

/// A 4.5 notebook with these cells (JSON objects) and notebook metadata.
private func notebook(cells: [String], metadata: String = "{}") throws -> Notebook {
    try notebook(#"{"cells": [\#(cells.joined(separator: ","))], "metadata": \#(metadata), "nbformat": 4, "nbformat_minor": 5}"#)
}

/// A code cell with one stream output and one execute_result.
private func code(id: String = "a", metadata: String = "{}", source: String = "x") -> String {
    #"""
    {"cell_type": "code", "id": "\#(id)", "execution_count": 3, "metadata": \#(metadata), "source": "\#(source)",
     "outputs": [{"output_type": "stream", "name": "stdout", "text": "hello\n"},
                 {"output_type": "execute_result", "execution_count": 3, "metadata": {}, "data": {"text/plain": "42"}}]}
    """#
}

private func outputCounts(_ notebook: Notebook) -> [Int] { notebook.cells.map(\.outputs.count) }

struct StripTests {
    @Test func defaultsRemoveOutputsCountsAndNoisyMetadataAndRenumberIDs() throws {
        var nb = try notebook(
            cells: [code(id: "x1", metadata: #"{"collapsed": true, "scrolled": "auto", "tags": ["t"]}"#), code(id: "x2")],
            metadata: #"{"widgets": {}, "kernelspec": {"name": "python3"}}"#)
        #expect(try nb.strip(StripOptions()))
        #expect(outputCounts(nb) == [0, 0])
        #expect(nb.cells.map(\.executionCount) == [nil, nil])
        #expect(nb.cells.map(\.id) == ["0", "1"])
        #expect(nb.cells[0].metadata.keys == ["tags"])
        #expect(nb.metadata.keys == ["kernelspec"])
        #expect(try nb.strip(StripOptions()) == false, "stripping twice changes nothing")
    }

    @Test func keepFlagsLeaveTheirPartAlone() throws {
        var nb = try notebook(cells: [code(id: "keep-me")])
        let changed = try nb.strip(StripOptions(keepOutput: true, keepCount: true, keepID: true))
        #expect(changed == false, "nothing to strip: metadata is clean and the id is kept")
        #expect(outputCounts(nb) == [2])
        #expect(nb.cells[0].executionCount == 3)
        #expect(nb.cells[0].outputs[1].json["execution_count"] == 3)
        var counts = try notebook(cells: [code()])
        try counts.strip(StripOptions(keepOutput: true))
        #expect(counts.cells[0].outputs[1].json["execution_count"] == .null, "kept outputs lose their count")
    }

    @Test(arguments: [
        (#"{"keep_output": true}"#, false, 2), (#"{"keep_output": false}"#, false, 0),
        (#"{"tags": ["keep_output"]}"#, false, 2), (#"{"tags": "xkeep_outputx"}"#, false, 2),
        (#"{"init_cell": true}"#, false, 2), (#"{"init_cell": true}"#, true, 0),
        (#"{"init_cell": false, "keep_output": true}"#, false, 0), (#"{"keep_output": "no"}"#, false, 2),
        (#"{"keep_output": 0}"#, false, 0), (#"{}"#, false, 0),
    ])
    func cellMetadataDecidesWhetherOutputsStay(metadata: String, stripInitCells: Bool, outputs: Int) throws {
        var nb = try notebook(cells: [code(metadata: metadata)])
        try nb.strip(StripOptions(stripInitCells: stripInitCells))
        #expect(outputCounts(nb) == [outputs])
    }

    @Test func notebookLevelKeepOutputIsTheDefault() throws {
        var nb = try notebook(cells: [code(), code(id: "b", metadata: #"{"keep_output": false}"#)], metadata: #"{"keep_output": 1}"#)
        try nb.strip(StripOptions(extraKeys: ["metadata.keep_output"]))
        #expect(outputCounts(nb) == [2, 0])
        #expect(nb.metadata["keep_output"] == nil, "read before the extra keys are removed")
    }

    @Test func contradictoryMetadataIsAnError() throws {
        var nb = try notebook(cells: [code(id: "bad", metadata: #"{"keep_output": false, "tags": ["keep_output"]}"#)])
        let error = #expect(throws: NotebookFormatError.self) { try nb.strip(StripOptions()) }
        #expect(error?.code == .invalidOption)
        #expect(error?.message.contains("cell 0 (id 'bad')") == true)
    }

    @Test func onlyTheLastDroppedTagCountsAsInNbstripout() throws {
        let cells = [code(id: "a", metadata: #"{"tags": ["a"]}"#), code(id: "b", metadata: #"{"tags": ["b"]}"#), code(id: "n")]
        var nb = try notebook(cells: cells)
        #expect(try nb.strip(StripOptions(dropTaggedCells: ["a", "b"])))
        #expect(nb.cells.map(\.source) == ["x", "x"])
        #expect(nb.cells.map(\.id) == ["0", "1"], "ids follow the new positions")
    }

    @Test func emptyCellsAreThoseWithOnlyPythonWhitespace() throws {
        let sources = ["", #"  \n\t"#, #"\u001f\u3000"#, #"\u200b"#, "y"]
        var nb = try notebook(cells: sources.enumerated().map { code(id: "c\($0.offset)", source: $0.element) })
        try nb.strip(StripOptions(dropEmptyCells: true))
        #expect(nb.cells.map(\.source) == ["\u{200B}", "y"])
    }

    @Test func maxSizeCountsCharactersOfEveryValue() throws {
        // The execute_result: "execute_result" + str(3) + "42" = 17 characters (keys do not count);
        // the stream: "stream" + "stdout" + "hello\n" = 18.
        for (limit, kept) in [(16, 0), (17, 1), (18, 2)] {
            var nb = try notebook(cells: [code()])
            try nb.strip(StripOptions(maxSize: limit))
            #expect(outputCounts(nb) == [kept])
        }
    }

    @Test(arguments: [("0", 0), ("1k", 1000), ("2M", 2_000_000), ("1g", 1_000_000_000), (" 25", 25), ("+2_5", 25), ("-1", -1)])
    func sizesParseAsNbstripoutParsesThem(text: String, value: Int) throws {
        #expect(try StripOptions.parseSize(text) == value)
    }

    @Test(arguments: ["", "k", "10x", "1.5k", "25 ", "1__0", "_1"])
    func badSizesAreErrors(text: String) {
        #expect(throws: NotebookFormatError.self) { try StripOptions.parseSize(text) }
    }

    @Test func extraKeysAreDottedPathsAndCanBeKept() throws {
        var options = StripOptions(extraKeys: ["metadata.a.b", "metadata.x.y", "cell.metadata.deep.er", "nodot", "other.key"])
        #expect(options.invalidExtraKeys == ["nodot", "other.key"])
        var nb = try notebook(
            cells: [code(metadata: #"{"deep": {"er": 1, "keep": 2}}"#)], metadata: #"{"a.b": 1, "a": {"b": 2}}"#)
        try nb.strip(options)
        #expect(nb.metadata["a"] == ["b": 2], "a literal dotted key goes first")
        #expect(nb.metadata["a.b"] == nil)
        #expect(nb.cells[0].metadata["deep"] == ["keep": 2])
        options = StripOptions()
        options.keepMetadataKeys(["cell.metadata.scrolled"])
        #expect(!options.extraKeys.contains("cell.metadata.scrolled"))
    }

    @Test func outputTypePatternsKeepAndDrop() throws {
        var kept = try notebook(cells: [code()])
        try kept.strip(StripOptions(keepOutputTypes: ["stream:stdout"]))
        #expect(kept.cells[0].outputs.map(\.outputType) == ["stream"])
        var dropped = try notebook(cells: [code()])
        try dropped.strip(StripOptions(keepOutput: true, dropOutputTypes: ["execute_result"]))
        #expect(dropped.cells[0].outputs.map(\.outputType) == ["stream"])
        var invalid = try notebook(cells: [code()])
        #expect(throws: NotebookFormatError.self) { try invalid.strip(StripOptions(keepOutputTypes: ["a:b:c"])) }
    }

    @Test func readingRejectsAByteOrderMarkAndRepairsIDs() throws {
        let text = #"{"cells": [{"cell_type": "raw", "metadata": {}, "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        #expect(throws: NotebookFormatError.self) { try Notebook.readForStripping(from: [0xEF, 0xBB, 0xBF] + Array(text.utf8)) }
        var nb = try notebook(text)
        #expect(nb.cells[0].id?.count == 8)
        try nb.strip(StripOptions())
        #expect(nb.cells[0].id == "0")
    }

    @Test func notebooksNbformatCannotWriteAreRejected() throws {
        var nb = try notebook(cells: [code()])
        try nb.strip(StripOptions(extraKeys: ["cell.outputs"]))
        #expect(throws: NotebookFormatError.self) { try nb.checkWritableByNbformat() }
        #expect(throws: NotebookFormatError.self) {
            try notebook(#"{"cells": [{"cell_type": "raw", "source": ""}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}"#)
        }
    }
}
