// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import NotebookFormat

struct NotebookValidatorTests {
    private func notebook(minor: Int = 5, cells: [JSONValue]) -> JSONValue {
        ["cells": .array(cells), "metadata": [:], "nbformat": 4, "nbformat_minor": .number(.int(minor))]
    }

    private let codeCell: JSONValue = [
        "id": "c1", "cell_type": "code", "metadata": [:], "source": "1", "outputs": [], "execution_count": nil,
    ]

    @Test(arguments: 0...7)
    func everySchemaCompilesCompletely(minor: Int) throws {
        var document = try #require(NotebookSchemas.document(minor: minor))
        var patterns: [SchemaPattern] = []
        document.transformSchemas { schema in
            for keyword in schema.keywords {
                if case .pattern(let p) = keyword { patterns.append(p) }
                if case .patternProperties(let members) = keyword { patterns += members.map(\.0) }
            }
        }
        #expect(!patterns.isEmpty && patterns.allSatisfy(\.isSupported))
        let compiled = try #require(NotebookSchemas.compiledSchema(minor: minor))
        for node in compiled.nodes {
            for keyword in node.keywords {
                if case .unresolvable(let target) = keyword { Issue.record("unresolved \(target) at \(node.location)") }
            }
        }
    }

    @Test func aValidNotebookHasNoIssues() throws {
        #expect(try NotebookValidator().validate(notebook(cells: [codeCell])).isEmpty)
        #expect(try Notebook(json: notebook(cells: [codeCell]).objectValue ?? JSONObject()).validationIssues().isEmpty)
    }

    @Test func failuresAreNarrowedToTheCellType() throws {
        var cell = codeCell.objectValue ?? JSONObject()
        cell["outputs"] = nil
        cell["execution_count"] = -1
        let issues = try NotebookValidator().validate(notebook(cells: [.object(cell)]))
        #expect(
            issues.map(\.description) == [
                "cells[0]: code cell: \"outputs\" is a required property (rule: required at #/definitions/code_cell)",
                "cells[0].execution_count: code cell: -1 is less than the minimum of 0 "
                    + "(rule: minimum at #/definitions/code_cell/properties/execution_count)",
            ]
        )
    }

    @Test func unknownTypesSayWhatIsExpected() throws {
        var cell = codeCell.objectValue ?? JSONObject()
        cell["cell_type"] = "sql"
        let issues = try NotebookValidator().validate(notebook(cells: [.object(cell)]))
        #expect(
            issues.map(\.message) == ["unknown cell_type \"sql\" (expected one of raw_cell, markdown_cell, code_cell)"]
        )
        #expect(issues.first?.rule == "oneOf")
    }

    @Test func missingAndRepeatedIdsAreWarningsFrom4_5() throws {
        var noID = codeCell.objectValue ?? JSONObject()
        noID["id"] = nil
        let issues = try NotebookValidator().validate(notebook(cells: [.object(noID), codeCell, codeCell]))
        #expect(issues.map(\.severity) == [.warning, .warning])
        #expect(issues.map(\.path.description) == ["cells[0]", "cells[2].id"])
        // Before 4.5 an id is not allowed at all, and none is needed.
        let old = try NotebookValidator().validate(notebook(minor: 4, cells: [codeCell]))
        #expect(old.map(\.rule) == ["additionalProperties"])
        #expect(try NotebookValidator().validate(notebook(minor: 4, cells: [.object(noID)])).isEmpty)
    }

    @Test func newerMinorsAreRelaxed() throws {
        let future: JSONValue = ["id": "w", "cell_type": "widget", "metadata": [:], "extra": 1]
        #expect(try NotebookValidator().validate(notebook(minor: 9, cells: [codeCell, future])).isEmpty)
        #expect(try NotebookValidator().validate(notebook(minor: 5, cells: [future])).map(\.rule) == ["oneOf"])
    }

    @Test func theVersionPicksTheSchema() throws {
        func minor(_ value: JSONValue?) throws -> Int {
            var object = JSONObject([("nbformat", 4)])
            object["nbformat_minor"] = value
            return try NotebookValidator.schemaMinor(of: .object(object))
        }
        #expect(try minor(nil) == 0)
        #expect(try minor(3) == 3)
        #expect(try minor(5.0) == 5)
        #expect(try minor(true) == 1)
        #expect(try minor(5.5) == 6)  // above 5: newer than any schema
        #expect(try minor(7.0) == 6)
        #expect(try minor(40) == 40)
        #expect(try minor(.number(.bigInteger("100000000000000000000"))) == 6)
        #expect(try minor("5") == 5)  // the schema then reports the type
        #expect(throws: NotebookFormatError.self) { try minor(-1) }
        #expect(throws: NotebookFormatError.self) { try minor(2.5) }
    }

    @Test(
        arguments: [
            (JSONValue.array([]), "top level is a JSON array"),
            (["cells": []], "'nbformat' is missing"),
            (["nbformat": 3, "nbformat_minor": 0], "nbformat 3 notebooks are not supported"),
            (["nbformat": "4"], "'nbformat' is a string, not an integer"),
        ] as [(JSONValue, String)]
    )
    func notANotebookThrows(document: JSONValue, message: String) {
        #expect {
            try NotebookValidator().validate(document)
        } throws: { error in
            String(describing: error).contains(message)
        }
    }
}
