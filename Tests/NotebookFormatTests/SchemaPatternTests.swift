// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import NotebookFormat

/// The pattern engine matches as Python's `re.search` does on `str` (checked against Python by hand:
/// `bool(re.search(pattern, text))` for each row).
struct SchemaPatternTests {
    @Test(arguments: [
        ("^[a-zA-Z0-9-_]+$", "abc-_9", true),
        ("^[a-zA-Z0-9-_]+$", "ok\n", true),  // `$` also matches before a final newline
        ("^[a-zA-Z0-9-_]+$", "ok\n\n", false),
        ("^[a-zA-Z0-9-_]+$", "bad id", false),
        ("^[a-zA-Z0-9-_]+$", "", false),
        ("^[a-zA-Z0-9-_]+$", "é", false),
        ("^.+$", "a\n", true),
        ("^.+$", "\n", false),  // `.` does not match a newline
        ("^.+$", "a\nb", false),
        ("^.+$", "", false),
        ("^[^,]+$", "a\nb", true),  // a negated class does
        ("^[^,]+$", "a,b", false),
        ("^[^,]+$", "\n", true),
        ("^.*$", "a\nb", false),
        ("^.*$", "", true),
        ("^.*$", "x\n", true),
        (".*", "", true),
        ("^application/(.*\\+)?json$", "application/json", true),
        ("^application/(.*\\+)?json$", "application/vnd.x+json", true),
        ("^application/(.*\\+)?json$", "application/json\n", true),
        ("^application/(.*\\+)?json$", "application/xjson", false),
        ("^application/(.*\\+)?json$", "text/json", false),
        ("^application/(.*\\+)?json$", "application/a\n+json", false),
        ("b", "abc", true),  // unanchored search
        ("^b", "abc", false),
        ("a|b$", "xb", true),
        ("x{2,3}y", "xxy", true),
        ("x{2,3}y", "xy", false),
        ("\\Aa\\Z", "a\n", false),  // `\Z` is the very end
        ("ab?c", "ac", true),
        ("(?:ab)+$", "ababab", true),
        ("[]]", "x]", true),
        ("{", "a{b", true),
        ("a{,2}b", "aab", true),
    ])
    func matchesLikePythonSearch(pattern: String, text: String, expected: Bool) throws {
        #expect(try SchemaPattern(pattern).matches(text) == expected)
    }

    @Test(arguments: ["\\d+", "(?=a)", "a**", "*a", "[a", "(a", "a)", "[z-a]", "x{5,2}", "\\w"])
    func rejectsSyntaxOutsideTheSubset(pattern: String) {
        #expect(throws: SchemaPatternError.self) { try SchemaPattern(pattern) }
        #expect(!SchemaPattern.literal(pattern).isSupported)
        #expect(!SchemaPattern.literal(pattern).matches("anything"))
    }

    @Test func takesLinearTimeOnPathologicalInput() throws {
        // A backtracking engine needs 2^n steps here; the NFA needs n.
        let pattern = try SchemaPattern("^(a|a)*(a|a)*(a|a)*b$")
        #expect(!pattern.matches(String(repeating: "a", count: 5000)))
    }
}
