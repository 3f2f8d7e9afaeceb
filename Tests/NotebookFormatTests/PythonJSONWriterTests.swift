// SPDX-License-Identifier: Apache-2.0

import Foundation
import NotebookFormat
import Testing

struct PythonJSONWriterTests {
    @Test func writesNbformatsLayout() {
        let value: JSONValue = ["b": [1, "x"], "a": [:], "c": [], "B": nil]
        #expect(PythonJSONWriter().string(value) == "{\n \"B\": null,\n \"a\": {},\n \"b\": [\n  1,\n  \"x\"\n ],\n \"c\": []\n}")
    }

    @Test func sortsKeysByCodePoint() {
        let value: JSONValue = ["cell2": 1, "cell10": 2, "collapsed": 3, "ExecuteTime": 4, "é": 5, "z": 6]
        let text = PythonJSONWriter(indent: 0).string(value)
        let order = ["ExecuteTime", "cell10", "cell2", "collapsed", "z", "é"].map { "\"\($0)\"" }
        var position = text.startIndex
        for key in order {
            let found = text.range(of: key, range: position..<text.endIndex)
            #expect(found != nil, "\(key) out of order in \(text)")
            if let found { position = found.upperBound }
        }
    }

    @Test func escapesOnlyWhatPythonEscapes() {
        let text = PythonJSONWriter().string("\"\\/\u{8}\u{c}\n\r\t\u{1}\u{7f}é\u{2028}")
        #expect(text == "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\u{7f}é\u{2028}\"")
    }

    @Test(arguments: [
        (0.1, "0.1"), (1e-5, "1e-05"), (1e-4, "0.0001"), (1e16, "1e+16"), (1e15, "1000000000000000.0"),
        (1.0, "1.0"), (-0.0, "-0.0"), (123456789012345678.0, "1.2345678901234568e+17"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.5e300, "1.5e+300"), (Double.infinity, "Infinity"), (-Double.infinity, "-Infinity"), (Double.nan, "NaN"),
        (100.0, "100.0"), (0.000123, "0.000123"), (2.5e-5, "2.5e-05"),
    ])
    func formatsFloatsAsPythonRepr(value: Double, expected: String) {
        #expect(PythonNumberFormat.repr(value) == expected)
    }

    @Test func writesBigIntegersVerbatim() {
        #expect(PythonJSONWriter().string(.number(.bigInteger("-123456789012345678901234567890"))) == "-123456789012345678901234567890")
    }

    @Test func writesSingleLineLikeJSONDumpsDefaults() {
        // json.dumps({"b": [1, "x", {}], "a": {"k": None}, "c": []}, ensure_ascii=False)
        let value: JSONValue = ["b": [1, "x", [:]], "a": ["k": nil], "c": [], "é": "ü"]
        let text = PythonJSONWriter(indent: nil, sortKeys: false).string(value)
        #expect(text == "{\"b\": [1, \"x\", {}], \"a\": {\"k\": null}, \"c\": [], \"é\": \"ü\"}")
    }

    @Test func escapesNonASCIIWhenAsked() {
        // json.dumps({"é": "✓😀\n\x7f"}, indent=2) == '{\n  "\\u00e9": "\\u2713\\ud83d\\ude00\\n\\u007f"\n}'
        let text = PythonJSONWriter(indent: 2, sortKeys: false, asciiOnly: true).string(["é": "✓😀\n\u{7f}"])
        #expect(text == "{\n  \"\\u00e9\": \"\\u2713\\ud83d\\ude00\\n\\u007f\"\n}")
    }
}
