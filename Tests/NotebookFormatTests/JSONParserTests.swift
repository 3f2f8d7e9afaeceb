// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct JSONParserTests {
    @Test func parsesEveryValueKind() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5, 1e3, true, false, null, "s\n\u00e9\ud83d\ude00"], "b": {}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(
            object["a"]
                == .array([1, .number(.double(-2.5)), .number(.double(1000)), true, false, nil, "s\né😀"]))
        #expect(object["b"] == .object(JSONObject()))
    }

    @Test func keepsIntegersOfAnySize() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .number(.int(Int.max)))
        #expect(try JSONParser.parse("-9223372036854775809") == .number(.bigInteger("-9223372036854775809")))
    }

    @Test func acceptsPythonsNonFiniteNumbers() throws {
        #expect(try JSONParser.parse("Infinity") == .number(.double(.infinity)))
        #expect(try JSONParser.parse("-Infinity") == .number(.double(-.infinity)))
        guard case .number(.double(let nan)) = try JSONParser.parse("NaN") else {
            Issue.record("NaN is not a double")
            return
        }
        #expect(nan.isNaN)
    }

    @Test func repeatedKeysKeepTheLastValueInTheFirstPosition() throws {
        let object = try #require(try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#).objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func keysDifferingOnlyInNormalisationStayDistinct() throws {
        let object = try #require(try JSONParser.parse("{\"\u{e9}\": 1, \"e\u{301}\": 2}").objectValue)
        #expect(object.count == 2)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a property name"),
        ("[1, 2", 1, 6, "expected ',' or ']'"),
        ("{\n  \"a\" 1}", 2, 7, "expected ':'"),
        ("\"abc", 1, 1, "unterminated string"),
        ("\"a\u{1}\"", 1, 3, "invalid control character"),
        ("[01]", 1, 3, "expected ',' or ']'"),
        ("\"\\ud800\"", 1, 8, "unpaired surrogate"),
        ("[1] x", 1, 5, "extra data"),
        ("", 1, 1, "empty"),
        ("\"\\q\"", 1, 3, "invalid escape"),
    ])
    func reportsWhereTheTextIsWrong(text: String, line: Int, column: Int, reason: String) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == line && error.column == column && error.reason.contains(reason)
        }
    }

    @Test func rejectsInvalidUTF8WithItsOffset() {
        #expect {
            try JSONParser.parse([UInt8(ascii: "\""), 0x61, 0xFF, UInt8(ascii: "\"")])
        } throws: { error in
            (error as? JSONParseError)?.offset == 2
        }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("1".utf8)) == 1)
    }
}
