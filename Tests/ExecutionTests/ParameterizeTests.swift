// SPDX-License-Identifier: Apache-2.0

import Execution
import NotebookFormat
import Testing

/// What papermill does to a notebook before running it: metadata defaults, where the injected cell
/// goes, report mode, run paths, error markers and warnings; and path templating.
@Suite struct ParameterizeTests {
    typealias Fixture = InspectionTests

    static let notebook = Fixture.notebook(cells: [
        Fixture.cell("# Title", tags: [], type: "markdown", id: "md"),
        Fixture.cell("alpha = 0.1\nname = 'world'", tags: ["parameters"], id: "params"),
        Fixture.cell("print(name)", tags: [], id: "body"),
    ])

    static func prepare(_ notebook: Notebook, _ parameters: JSONObject, reportMode: Bool = false) throws -> PreparedRun
    {
        try RunPlan(inputPath: "in.ipynb", outputPath: "out.ipynb", parameters: parameters, reportMode: reportMode)
            .prepare(notebook, inputPath: "in.ipynb", outputPath: "out.ipynb")
    }

    @Test func injectsAfterTheParametersCell() throws {
        let prepared = try Self.prepare(Self.notebook, ["alpha": 0.6, "extra": "x"])
        let cells = prepared.notebook.cells
        #expect(cells.map(\.id).enumerated().filter { $0.offset != 2 }.map(\.element) == ["md", "params", "body"])
        #expect(cells[2].source == "# Parameters\nalpha = 0.6\nextra = \"x\"\n")
        #expect(cells[2].metadata == ["tags": ["injected-parameters"]])
        #expect(cells[2].id?.count == 8)
        #expect(prepared.warnings == ["Passed unknown parameter: extra"])
        let papermill = prepared.notebook.metadata["papermill"]
        #expect(
            papermill == [
                "default_parameters": [:], "parameters": ["alpha": 0.6, "extra": "x"], "environment_variables": [:],
                "version": "2.7.0", "input_path": "in.ipynb", "output_path": "out.ipynb",
            ]
        )
        for cell in [cells[0], cells[1], cells[3]] {
            #expect(cell.metadata["papermill"] == [:])
            #expect(cell.metadata["tags"] != nil)
        }
    }

    @Test func replacesAnEarlierInjectedCellInPlace() throws {
        let first = try Self.prepare(Self.notebook, ["alpha": 1]).notebook
        let second = try Self.prepare(first, ["alpha": 2])
        #expect(second.notebook.cells.count == 4)
        #expect(second.notebook.cells[2].source == "# Parameters\nalpha = 2\n")
        #expect(second.notebook.metadata["papermill"]?.objectValue?["parameters"] == ["alpha": 2])
    }

    @Test func goesFirstWithAWarningWithoutParametersCell() throws {
        let notebook = Fixture.notebook(cells: [Fixture.cell("x = 1", tags: [], id: "a")])
        let prepared = try Self.prepare(notebook, ["y": true])
        #expect(prepared.notebook.cells.map(\.source) == ["# Parameters\ny = True\n", "x = 1"])
        #expect(
            prepared.warnings == [
                "Passed unknown parameter: y", "Input notebook does not contain a cell with tag 'parameters'",
            ]
        )
    }

    @Test func withoutParametersNothingIsInjected() throws {
        let prepared = try Self.prepare(Self.notebook, JSONObject())
        #expect(prepared.notebook.cells.count == 3)
        #expect(prepared.warnings.isEmpty)
        #expect(prepared.notebook.metadata["papermill"]?.objectValue?["parameters"] == [:])
    }

    @Test func reportModeReplacesJupyterMetadataOfCodeCells() throws {
        var notebook = Self.notebook
        notebook.modifyCells { cell in
            var meta = cell.metadata
            meta["jupyter"] = ["outputs_hidden": true]
            cell.metadata = meta
        }
        let cells = try Self.prepare(notebook, ["alpha": 1], reportMode: true).notebook.cells
        #expect(
            cells.map { $0.metadata["jupyter"] } == [
                ["outputs_hidden": true], ["source_hidden": true], ["source_hidden": true], ["source_hidden": true],
            ]
        )
    }

    @Test func keepsExistingPapermillMetadataAndRemovesErrorMarkers() throws {
        var notebook = Self.notebook
        notebook.metadata = notebook.metadata.merging(["papermill": ["version": "1.0", "duration": 3.5]])
        var cells = notebook.cells
        cells.insert(Fixture.cell("banner", tags: ["papermill-error-cell-tag"], type: "markdown", id: "err"), at: 0)
        var tagged = cells[1]
        tagged.metadata = ["tags": ["x"], "papermill": ["status": "completed"]]
        cells[1] = tagged
        notebook.cells = cells
        let prepared = try Self.prepare(notebook, JSONObject()).notebook
        #expect(prepared.cells.map(\.id) == ["md", "params", "body"])
        #expect(prepared.cells[0].metadata["papermill"] == ["status": "completed"])
        #expect(
            prepared.metadata["papermill"] == [
                "version": "1.0", "duration": 3.5, "input_path": "in.ipynb", "output_path": "out.ipynb",
            ]
        )
    }

    @Test func upgradesOlderNotebooksWithNewIDs() throws {
        var notebook = Self.notebook
        notebook.nbformatMinor = 4
        notebook.modifyCells { $0.id = nil }
        let prepared = try Self.prepare(notebook, ["alpha": 1]).notebook
        #expect(prepared.nbformatMinor == 5)
        #expect(prepared.cells.allSatisfy { $0.id?.count == 8 })
    }

    @Test func translationErrorsLeaveNoInjectedCell() {
        var notebook = Self.notebook
        notebook.metadata = ["kernelspec": ["name": "bash", "language": "bash"]]
        #expect(
            throws: ExecutionError(
                .untranslatableParameter,
                "cannot pass the parameter 'd': bash parameters cannot be dictionaries"
            )
        ) {
            try Self.prepare(notebook, ["d": ["k": 1]])
        }
    }

    // MARK: - Path templates

    static let builtins = PapermillBuiltins(
        runUUID: "0b3c2f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
        localTime: CivilTime(year: 2026, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 60),
        utcTime: CivilTime(year: 2026, month: 1, day: 2, hour: 9, minute: 4, second: 5, utcOffset: 0)
    )

    @Test(arguments: [
        ("out_{alpha}.ipynb", "out_0.6.ipynb"), ("{name}/{n:03d}", "O'Brien/007"), ("{{literal}}", "{literal}"),
        ("{pm[run_uuid]}", "0b3c2f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"),
        ("{pm[current_datetime_utc]}", "2026-01-02 09:04:05+00:00"),
        ("{pm[current_datetime_local]}", "2026-01-02 03:04:05.000060"),
        ("{pm[current_datetime_utc]:%Y-%m-%d_%H%M%z}", "2026-01-02_0904+0000"),
        ("{opts[k][1]}", "None"), ("{opts}", "{'k': [1, None, True]}"), ("{name!r}", "\"O'Brien\""),
        ("{n:>4}|{name:.3}", "   7|O'B"),
        ("{alpha:.2f}|{alpha:e}|{n:#x}|{big:,}", "0.60|6.000000e-01|0x7|1,234,567"), ("{flag}", "False"),
    ])
    func pathTemplate(template: String, expected: String) throws {
        let parameters: JSONObject = [
            "alpha": 0.6, "name": "O'Brien", "n": 7, "opts": ["k": [1, nil, true]], "big": 1_234_567, "flag": false,
        ]
        #expect(try PathTemplate.format(template, parameters: parameters, builtins: Self.builtins) == expected)
    }

    @Test(arguments: [
        (
            "out_{x}.ipynb", ExecutionError.Code.missingParameter,
            "Missing parameter 'x' in the path template 'out_{x}.ipynb'"
        ),
        ("{pm[nope]}", .missingParameter, "Missing parameter 'nope' in the path template '{pm[nope]}'"),
        (
            "{}", .invalidPathTemplate,
            "the path template '{}': Replacement index 0 out of range for positional args tuple"
        ),
        ("a}b", .invalidPathTemplate, "the path template 'a}b': Single '}' encountered in format string"),
        ("a{b", .invalidPathTemplate, "the path template 'a{b': expected '}' before end of string"),
    ])
    func pathTemplateErrors(template: String, code: ExecutionError.Code, message: String) {
        #expect(throws: ExecutionError(code, message)) {
            try PathTemplate.format(template, parameters: ["b": 1], builtins: Self.builtins)
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Test convenience: an object from a literal, in the literal's order.
    init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    /// This object with `other`'s members added or replaced.
    func merging(_ other: JSONObject) -> JSONObject {
        var copy = self
        for (key, value) in other.entries { copy[key] = value }
        return copy
    }
}
