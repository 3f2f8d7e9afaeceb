// SPDX-License-Identifier: Apache-2.0

import Execution
import NotebookFormat
import Testing

/// `-p` typing (papermill's `_resolve_type` over Python's `int()` and `float()`), YAML typing
/// (PyYAML's YAML 1.1 safe loader without timestamps), and the merge order of the sources. The
/// differential test Tests/Oracle/test_run_parameters.py checks the same against Python.
@Suite struct ParameterValueTests {
    @Test(
        arguments: [
            ("True", JSONValue.bool(true)), ("False", false), ("None", nil), ("true", "true"), ("none", "none"),
            ("1_000", 1000), (" 7 ", 7), ("+3", 3), ("-0", 0), ("010", 10), ("0_0", 0), ("١٢٣", 123), ("１２３", 123),
            ("\u{2007}1", 1), ("\u{1C}1", "\u{1C}1"), ("0x10", "0x10"), ("1__0", "1__0"), ("_1", "_1"), ("1_", "1_"),
            ("1e3", 1000.0), ("1.5", 1.5), ("1_0.5", 10.5), (".5", 0.5), ("5.", 5.0), ("1e1_0", 1e10), ("1_e3", "1_e3"),
            ("", ""), (" ", " "), ("+", "+"), ("1 2", "1 2"), ("0x1p3", "0x1p3"), ("infinit", "infinit"),
            ("12345678901234567890", .number(.bigInteger("12345678901234567890"))),
            ("-000123456789012345678901234567890", .number(.bigInteger("-123456789012345678901234567890"))),
        ] as [(String, JSONValue)]
    )
    func typedValue(text: String, expected: JSONValue) {
        #expect(ParameterSources.typedValue(text) == expected)
    }

    @Test func nonFiniteFloats() {
        for text in ["nan", "-nan", "NaN", "+nan"] {
            guard case .number(.double(let d)) = ParameterSources.typedValue(text) else {
                Issue.record("\(text)"); continue
            }
            #expect(d.isNaN)
        }
        #expect(ParameterSources.typedValue("inf") == .number(.double(.infinity)))
        #expect(ParameterSources.typedValue("-Infinity") == .number(.double(-.infinity)))
        #expect(ParameterSources.typedValue("iNfInItY") == .number(.double(.infinity)))
        #expect(ParameterSources.typedValue("1e400") == .number(.double(.infinity)))
        #expect(ParameterSources.typedValue("1e-400") == .number(.double(0)))
    }

    @Test func integersBeyondPythonsDigitLimitBecomeFloats() {
        #expect(ParameterSources.typedValue(String(repeating: "1", count: 4300)).typeName == "integer")
        #expect(ParameterSources.typedValue(String(repeating: "1", count: 4301)) == .number(.double(.infinity)))
    }

    @Test(
        arguments: [
            ("0o17", JSONValue.string("0o17")), ("017", 15), ("0x1F", 31), ("1_000", 1000), ("0b1_01", 5), ("1:30", 90),
            ("1:30.5", 90.5), ("-1:30", -90), ("yes", true), ("No", false), ("ON", true), ("y", "y"), ("1e3", "1e3"),
            ("1.0e3", "1.0e3"), ("1.0e+3", 1000.0), (".5", 0.5), ("-.5", "-.5"), ("1.", 1.0),
            ("-.Inf", .number(.double(-.infinity))),
            ("09", "09"), ("0_", 0), ("2001-01-01", "2001-01-01"), ("~", nil), ("", nil), ("1__0", 10), ("-0", 0),
            ("!!int '12'", 12), ("!!float 1", 1.0), ("!!int 0o17", 15), ("!!bool yEs", true), ("!!str 1", "1"),
            ("! 1", 1),
            ("! '1'", 1), ("'1'", "1"), ("\"yes\"", "yes"), ("!!int ' 12 '", 12), ("!!null x", nil),
            ("12345678901234567890123", .number(.bigInteger("12345678901234567890123"))),
            ("0x123456789abcdef0123", .number(.bigInteger("5373003642731685151011"))),
            ("1:0:0:0:0:0:0:0:0:0:0:0", .number(.bigInteger("36279705600000000000"))), ("190:20:30.15", 685230.15),
        ] as [(String, JSONValue)]
    )
    func yamlScalar(text: String, expected: JSONValue) throws {
        let parameters = try ParameterYAML.parameters(in: "a: \(text)", source: "-y")
        #expect(parameters["a"] == expected)
    }

    @Test func yamlMergeKeysAndKeyTypes() throws {
        let merged = try ParameterYAML.parameters(
            in: "a: &a {x: 1}\nb: &b {x: 2, z: 0}\nc:\n  w: 9\n  <<: [*a, *b]",
            source: "-y"
        )
        #expect(merged["c"] == ["x": 1, "z": 0, "w": 9])
        #expect(merged["c"]?.objectValue?.keys == ["x", "z", "w"])
        let keys = try ParameterYAML.parameters(in: "{1: a, true: b, null: c, 1.5: d, =: e}", source: "-y")
        #expect(keys.keys == ["1", "true", "null", "1.5", "="])
        #expect(try ParameterYAML.parameters(in: "", source: "-y").isEmpty)
        #expect(try ParameterYAML.parameters(in: "---\n...\n", source: "-y").isEmpty)
        #expect(try ParameterYAML.parameters(in: "~", source: "-y").isEmpty)
    }

    @Test(arguments: [
        (
            "a: [1",
            "-y: invalid YAML: while parsing a flow sequence (line 1, column 4): did not find expected ',' or ']' (line 2, column 1)"
        ),
        ("[1, 2]", "-y: the YAML is an array, not a mapping of parameter names to values"),
        ("5", "-y: the YAML is an integer, not a mapping of parameter names to values"),
        (
            "a: !!binary aGk=",
            "-y: invalid YAML: values tagged !!binary cannot be parameters (papermill cannot store them in a notebook either) (line 1, column 4)"
        ),
        ("a: !foo x", "-y: invalid YAML: could not determine a constructor for the tag '!foo' (line 1, column 4)"),
        ("a: !!bool maybe", "-y: invalid YAML: 'maybe' is not a YAML boolean (line 1, column 4)"),
        ("a: 0x_", "-y: invalid YAML: '0x_' is not a YAML integer (line 1, column 4)"),
        (
            "a: <<",
            "-y: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:merge' (line 1, column 4)"
        ),
        ("? [1]\n: a", "-y: invalid YAML: found unhashable key (a sequence) (line 1, column 3)"),
        (
            "a: 1\n---\nb: 2",
            "-y: invalid YAML: expected a single document in the stream (line 1, column 1): but found another document (line 2, column 1)"
        ),
    ])
    func yamlErrorsNameTheSourceAndPlace(text: String, message: String) {
        #expect(throws: ExecutionError(.invalidParameter, message)) {
            try ParameterYAML.parameters(in: text, source: "-y")
        }
    }

    @Test func mergeOrderAndPositions() throws {
        let sources = ParameterSources(
            base64: ["YjogZnJvbS1iCmM6IDE="],  // "b: from-b\nc: 1"
            yaml: ["{a: 1, b: from-y}", "d: [1, 2]"],
            typed: [.init(name: "a", value: "2.5"), .init(name: "e", value: "-5")],
            raw: [.init(name: "a", value: "raw"), .init(name: "PAPERMILL_INPUT_PATH", value: "x")],
            injectInputPath: true
        )
        let merged = try sources.merged(inputPath: "in_{a}.ipynb", outputPath: "out.ipynb")
        #expect(merged.keys == ["PAPERMILL_INPUT_PATH", "b", "c", "a", "d", "e"])
        #expect(merged["PAPERMILL_INPUT_PATH"] == "x")
        #expect(merged["b"] == "from-y")
        #expect(merged["a"] == "raw")
        #expect(merged["e"] == -5)
    }

    @Test func base64FollowsPythonsLenientDecoder() throws {
        // Characters outside the alphabet are skipped; decoding stops at completed padding.
        let lenient = ParameterSources(base64: ["YTo g\neA==!!trailing garbage"])
        #expect(try lenient.merged(inputPath: "i", outputPath: "o") == JSONObject([("a", "x")]))
        #expect(throws: ExecutionError(.invalidParameter, "-b: not base64: Incorrect padding")) {
            try ParameterSources(base64: ["YTo"]).merged(inputPath: "i", outputPath: "o")
        }
        let tooShort =
            "-b: not base64: Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4"
        #expect(throws: ExecutionError(.invalidParameter, tooShort)) {
            try ParameterSources(base64: ["YTogM"]).merged(inputPath: "i", outputPath: "o")
        }
    }

    @Test func missingParameterFileIsNamed() {
        #expect(
            throws: ExecutionError(
                .invalidParameter,
                "-f: cannot open for reading: No such file or directory",
                path: "/nonexistent/p.yaml"
            )
        ) {
            try ParameterSources(files: ["/nonexistent/p.yaml"]).merged(inputPath: "i", outputPath: "o")
        }
    }
}
