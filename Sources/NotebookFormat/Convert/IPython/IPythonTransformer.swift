// SPDX-License-Identifier: Apache-2.0

/// IPython syntax to plain Python, as nbconvert's `ipython2python` filter does with IPython 9's
/// `TransformerManager.transform_cell`: `%magic` → `get_ipython().run_line_magic(…)`, `!cmd` →
/// `get_ipython().system(…)`, `x = !cmd`, `x = %magic`, `%%cell` magics, `obj?` / `obj??` help,
/// and the `, ; /` autocall escapes; prompts and common indentation are removed first.
///
/// Where IPython raises (an unindent to no outer level, or more than 500 rewrites) nbconvert
/// fails; here the code converted so far is returned instead.
public enum IPythonTransformer {
    typealias Line = [Unicode.Scalar]

    /// The cell as plain Python, ending with a newline.
    public static func transformCell(_ cell: String) -> String {
        let text = cell.unicodeScalars.last == "\n" ? cell : cell + "\n"
        var lines = PythonText.splitLinesKeepingEnds(text).map { Array($0.unicodeScalars) }
        lines = CleanupTransforms.leadingEmptyLines(lines)
        lines = CleanupTransforms.leadingIndent(lines)
        lines = CleanupTransforms.classicPrompt(lines)
        lines = CleanupTransforms.ipythonPromptStrip(lines)
        lines = CleanupTransforms.cellMagic(lines)
        for _ in 0..<500 {
            guard let next = transformOnce(lines) else { break }
            lines = next
        }
        return PythonString.string(lines: lines)
    }

    /// `do_one_token_transform`: the earliest special syntax rewritten, or nil when none is left.
    static func transformOnce(_ lines: [Line]) -> [Line]? {
        guard let groups = tokensByLine(lines) else { return nil }
        var candidates: [TokenTransform] = []
        if let t = TokenTransform.findMagicAssign(groups) { candidates.append(t) }
        if let t = TokenTransform.findSystemAssign(groups) { candidates.append(t) }
        if let t = TokenTransform.findEscapedCommand(groups) { candidates.append(t) }
        if let t = TokenTransform.findHelpEnd(groups) { candidates.append(t) }
        let ordered = candidates.enumerated().sorted { a, b in
            let ka = (a.element.line, a.element.column, a.element.priority, a.offset)
            let kb = (b.element.line, b.element.column, b.element.priority, b.offset)
            return ka < kb
        }
        for (_, transform) in ordered {
            if let result = transform.apply(lines) { return result }
        }
        return nil
    }

    /// `make_tokens_by_line`: tokens grouped into logical lines (NEWLINE, or NL outside brackets,
    /// ends a group). Nil when tokenizing fails with an indentation error.
    static func tokensByLine(_ lines: [Line]) -> [[PythonToken]]? {
        var groups: [[PythonToken]] = [[]]
        var depth = 0
        do throws(PythonTokenizeError) {
            try PythonTokenizer.tokenize(lines) { token in
                groups[groups.count - 1].append(token)
                if token.kind == .newline || (token.kind == .nl && depth <= 0) {
                    groups.append([])
                } else if token.kind == .op, token.text == ["("] || token.text == ["["] || token.text == ["{"] {
                    depth += 1
                } else if token.kind == .op, token.text == [")"] || token.text == ["]"] || token.text == ["}"] {
                    if depth > 0 { depth -= 1 }
                }
            }
        } catch {
            if error == .indentation { return nil }
        }
        if groups.last?.isEmpty == true { groups.removeLast() }
        return groups
    }
}
