// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import NotebookFormat

/// The draft-04 validator core, keyword by keyword, on small inline schemas.
struct SchemaValidatorTests {
    private func check(
        _ schema: JSONSchema,
        _ value: JSONValue,
        definitions: [(name: String, schema: JSONSchema)] = []
    ) -> [SchemaIssue] {
        let compiled = CompiledSchema(SchemaDocument(root: schema, definitions: definitions))
        let issues = compiled.validate(value)
        // The early-exit walk must agree with the full one.
        #expect(compiled.isValid(value) == issues.isEmpty)
        return issues
    }

    @Test func integerIsNotNumberAndBooleansAreNeither() {
        #expect(check(.integer, 3).isEmpty)
        #expect(check(.integer, .number(.bigInteger("100000000000000000000000"))).isEmpty)
        #expect(check(.integer, 3.0).map(\.keyword) == ["type"])
        #expect(check(.integer, true).map(\.keyword) == ["type"])
        #expect(check(JSONSchema.any.type(.number), 2.5).isEmpty)
        #expect(check(JSONSchema.any.type(.number), false).count == 1)
        #expect(check(JSONSchema.any.types(.integer, .null), nil).isEmpty)
        #expect(
            check(JSONSchema.any.types(.integer, .null), "1").first?.message
                == "\"1\" is not of type \"integer\" or \"null\""
        )
    }

    @Test func objectKeywordsReportInWrittenOrder() {
        let schema = JSONSchema.object
            .additionalProperties(false)
            .required("a", "b")
            .properties(["b": .string, "a": .integer])
        let issues = check(schema, ["a": "x", "z": 1, "y": 2])
        #expect(issues.map(\.keyword) == ["additionalProperties", "required", "type"])
        #expect(issues[0].message == "additional properties not allowed: \"z\", \"y\"")
        #expect(issues[1].message == "\"b\" is a required property")
        #expect(issues[2].path == JSONPath([.key("a")]))
        #expect(issues[2].location == "#/properties/a")
        #expect(check(schema, "not an object").isEmpty == false)
        #expect(check(JSONSchema.any.required("a"), 5).isEmpty)  // `required` ignores non-objects
    }

    @Test func patternPropertiesAndAdditionalSchemas() {
        let schema = JSONSchema.object
            .additionalProperties(.string)
            .patternProperties(["^x-": .integer])
        #expect(check(schema, ["x-a": 1, "b": "s"]).isEmpty)
        let issues = check(schema, ["x-a": "no", "b": 2])
        #expect(issues.map(\.path.description) == ["b", "[\"x-a\"]"])
        #expect(issues[0].location == "#/additionalProperties")
        #expect(issues[1].location == "#/patternProperties/^x-")
    }

    @Test func oneOfAnyOfAllOfNot() {
        let oneOf = JSONSchema.oneOf(.string, JSONSchema.array.items(.string))
        #expect(check(oneOf, ["a"]).isEmpty)
        let none = check(oneOf, 5)
        #expect(none.map(\.keyword) == ["oneOf"])
        #expect(none[0].message == "5 is not valid under any of string, array of string")
        #expect(none[0].instance == 5)
        let both = check(JSONSchema.oneOf(.any, .integer), 5)
        #expect(both.first?.message.contains("valid under more than one") == true)
        #expect(check(JSONSchema.any.anyOf([.any, .integer]), 5).isEmpty)
        #expect(check(JSONSchema.any.anyOf([.string, .boolean]), 5).map(\.keyword) == ["anyOf"])
        // allOf reports the branches' own problems.
        #expect(check(JSONSchema.any.allOf([.integer, JSONSchema.any.minimum(3)]), 1).map(\.keyword) == ["minimum"])
        let not = check(.not(.oneOfValues("a", "b")), "a")
        #expect(not.first?.message == "\"a\" must not be one of \"a\", \"b\"")
        #expect(check(.not(.oneOfValues("a")), "c").isEmpty)
    }

    @Test func enumUsesJSONEquality() {
        let flags = JSONSchema.oneOfValues(true, false, "auto")
        #expect(check(flags, true).isEmpty)
        #expect(check(flags, 1).map(\.keyword) == ["enum"])  // 1 is not true in JSON Schema
        #expect(check(.oneOfValues(1), 1.0).isEmpty)  // but 1 and 1.0 are the same number
        #expect(check(.oneOfValues("é"), "e\u{301}").count == 1)  // strings compare code points
    }

    @Test func stringKeywordsCountCodePoints() {
        let schema = JSONSchema.string.minLength(1).maxLength(2).pattern("^[a-z\u{e9}]+$")
        #expect(check(schema, "é").isEmpty)
        #expect(check(schema, "e\u{301}").map(\.keyword) == ["pattern"])  // two code points, one not allowed
        #expect(check(schema, "").map(\.keyword) == ["minLength", "pattern"])
        #expect(check(schema, "abc").map(\.keyword) == ["maxLength"])
        #expect(check(JSONSchema.any.minLength(3).pattern("^a"), 5).isEmpty)  // string keywords ignore other types
    }

    @Test func numericLimits() {
        let schema = JSONSchema.any.minimum(0).maximum(4)
        #expect(check(schema, 0).isEmpty)
        #expect(check(schema, -1).first?.message == "-1 is less than the minimum of 0")
        #expect(check(schema, 4.5).map(\.keyword) == ["maximum"])
        #expect(check(schema, .number(.bigInteger("-100000000000000000000000"))).map(\.keyword) == ["minimum"])
        #expect(check(schema, .number(.double(.nan))).isEmpty)  // NaN compares false, as in Python
        #expect(check(schema, true).isEmpty)  // booleans are not numbers
    }

    @Test func uniqueItems() {
        let schema = JSONSchema.array.uniqueItems(true)
        #expect(check(schema, ["a", "b"]).isEmpty)
        #expect(check(schema, [1, 1.0]).map(\.keyword) == ["uniqueItems"])
        #expect(check(schema, [1, true]).isEmpty)
        #expect(check(schema, ["é", "e\u{301}"]).isEmpty)
        #expect(check(schema, [["a": 1], ["a": 1]]).count == 1)
    }

    @Test func refsFollowDefinitionsAndIgnoreSiblings() {
        let definitions: [(name: String, schema: JSONSchema)] = [("misc/name", .string)]
        let schema = JSONSchema.object.properties(["n": JSONSchema.ref("misc/name").adding(.minLength(5))])
        #expect(check(schema, ["n": "ab"], definitions: definitions).isEmpty)  // draft-04: siblings of $ref ignored
        let issues = check(schema, ["n": 1], definitions: definitions)
        #expect(issues.first?.location == "#/definitions/misc/name")
        #expect(check(.ref("nowhere"), 1).first?.keyword == "$ref")
    }

    @Test func itemsReportIndexes() {
        let issues = check(JSONSchema.array.items(.string), ["a", 1, "b", nil])
        #expect(issues.map(\.path.description) == ["[1]", "[3]"])
    }
}

extension SchemaValidatorTests {
    @Test func aSchemaThatRefersToItselfEndlesslyIsReportedNotFollowedForever() {
        let issues = check(.ref("loop"), 1, definitions: [("loop", .ref("loop"))])
        #expect(issues.map(\.keyword) == ["$ref"])
    }

    @Test func recursiveSchemasFollowDeepValues() {
        let definitions: [(name: String, schema: JSONSchema)] = [
            ("node", JSONSchema.object.properties(["child": .ref("node")]).required("id"))
        ]
        var value: JSONValue = ["id": 1]
        for _ in 0..<300 { value = ["id": 1, "child": value] }
        #expect(check(.ref("node"), value, definitions: definitions).isEmpty)
        value = ["child": value]
        #expect(check(.ref("node"), value, definitions: definitions).map(\.path.description) == ["(top level)"])
    }
}
