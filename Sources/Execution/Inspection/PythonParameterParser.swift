// SPDX-License-Identifier: Apache-2.0

import NotebookFormat

/// papermill's `PythonTranslator.inspect`: the parameters cell is split into definitions (a line
/// with one `=` starts one; following lines without `=` continue it, their comments dropped;
/// blank and comment lines are skipped; a line with several `=` is skipped with a warning), and
/// each definition is matched against papermill's `PARAMETER_PATTERN`
///
///     ^(?P<target>\w[\w_]*)\s*(:\s*["']?(?P<annotation>\w[\w_\[\],\s]*)["']?\s*)?=\s*
///     (?P<value>.*?)(\s*#\s*(type:\s*(?P<type_comment>[^\s]*)\s*)?(?P<help>.*))?$
///
/// which is matched here by hand, with Python's Unicode `\w` and `\s`, and the same outcome as
/// Python's backtracking: the value ends where whitespace before the first `#` begins.
enum PythonParameterParser {
    /// The parameters and the warnings for lines that could not be parsed.
    static func parse(_ source: String) -> ParameterInspection {
        var warnings: [String] = []
        var definitions: [String] = []
        var pending: [String] = []
        for (index, line) in PythonText.splitLines(source).enumerated() {
            let stripped = PythonString.strip(line)
            if stripped.isEmpty || stripped.unicodeScalars.first == "#" { continue }
            let equals = line.unicodeScalars.count { $0 == "=" }
            if equals > 0 {
                definitions.append(flatten(pending))
                pending = []
                if equals > 1 {
                    warnings.append("Unable to parse line \(index + 1) '\(line)'.")
                    continue
                }
            }
            pending.append(line)
        }
        definitions.append(flatten(pending))
        let parameters = definitions.filter { !$0.isEmpty }.compactMap(match)
        return ParameterInspection(parameters: parameters, warnings: warnings)
    }

    /// papermill's `flatten_accumulator`: the lines stripped and concatenated, comments removed from
    /// all but the last line (whose comment is the help text).
    private static func flatten(_ lines: [String]) -> String {
        var flat = ""
        for line in lines.dropLast() {
            let scalars = line.unicodeScalars
            if let hash = scalars.firstIndex(of: "#") {
                flat += PythonString.strip(String(scalars[..<hash]))
            } else {
                flat += PythonString.strip(line)
            }
        }
        if let last = lines.last { flat += PythonString.strip(last) }
        return flat
    }

    /// One definition matched against `PARAMETER_PATTERN`, or `nil` when it does not match.
    private static func match(_ definition: String) -> NotebookParameter? {
        let s = Array(definition.unicodeScalars)
        let n = s.count
        let isWord = PythonString.isWord
        let isSpace = PythonString.isSpace
        func skipSpace(_ i: Int) -> Int {
            var i = i
            while i < n, isSpace(s[i]) { i += 1 }
            return i
        }
        guard n > 0, isWord(s[0]) else { return nil }
        var i = 1
        while i < n, isWord(s[i]) { i += 1 }
        let target = PythonString.string(s[0..<i])
        i = skipSpace(i)
        var annotation = ""
        if i < n, s[i] == ":", let (text, equals) = matchAnnotation(s, from: i + 1) {
            annotation = text
            i = equals
        }
        guard i < n, s[i] == "=" else { return nil }
        let valueStart = skipSpace(i + 1)
        var valueEnd = n
        var typeComment = ""
        var help = ""
        if let hash = s[valueStart...].firstIndex(of: "#") {
            valueEnd = hash
            while valueEnd > valueStart, isSpace(s[valueEnd - 1]) { valueEnd -= 1 }
            var k = skipSpace(hash + 1)
            let typePrefix = Array("type:".unicodeScalars)
            if k + typePrefix.count <= n, Array(s[k..<(k + typePrefix.count)]) == typePrefix {
                k = skipSpace(k + typePrefix.count)
                let start = k
                while k < n, !isSpace(s[k]) { k += 1 }
                typeComment = PythonString.string(s[start..<k])
                k = skipSpace(k)
            }
            help = PythonString.string(s[k...])
        }
        let typeName = !annotation.isEmpty ? annotation : !typeComment.isEmpty ? typeComment : "None"
        return NotebookParameter(
            name: PythonString.strip(target),
            inferredTypeName: PythonString.strip(typeName),
            defaultValue: PythonString.strip(PythonString.string(s[valueStart..<valueEnd])),
            help: PythonString.strip(help)
        )
    }

    /// `\s*["']?(?P<annotation>\w[\w_\[\],\s]*)["']?\s*` followed by `=`, from just after the `:`:
    /// the annotation and the index of the `=`, or `nil`.
    private static func matchAnnotation(_ s: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        let n = s.count
        var i = start
        while i < n, PythonString.isSpace(s[i]) { i += 1 }
        if i < n, s[i] == "\"" || s[i] == "'", i + 1 < n, PythonString.isWord(s[i + 1]) { i += 1 }
        guard i < n, PythonString.isWord(s[i]) else { return nil }
        let begin = i
        i += 1
        while i < n,
            PythonString.isWord(s[i]) || PythonString.isSpace(s[i]) || s[i] == "[" || s[i] == "]" || s[i] == ","
        {
            i += 1
        }
        let annotation = PythonString.string(s[begin..<i])
        if i < n, s[i] == "\"" || s[i] == "'" { i += 1 }
        while i < n, PythonString.isSpace(s[i]) { i += 1 }
        guard i < n, s[i] == "=" else { return nil }
        return (annotation, i)
    }
}
