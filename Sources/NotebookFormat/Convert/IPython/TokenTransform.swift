// SPDX-License-Identifier: Apache-2.0

/// One piece of IPython special syntax found in the tokens (IPython's `TokenTransformBase`
/// subclasses `MagicAssign`, `SystemAssign`, `EscapedCommand` and `HelpEnd`).
struct TokenTransform {
    typealias Line = [Unicode.Scalar]

    enum Kind { case magicAssign, systemAssign, escapedCommand, helpEnd }

    var kind: Kind
    /// 0-based line and column where the syntax starts.
    var line: Int
    var column: Int
    /// For help: the 0-based line of the `?`.
    var questionLine = 0

    var priority: Int { kind == .helpEnd ? 5 : 10 }

    init(_ kind: Kind, _ start: (row: Int, column: Int), questionLine: Int = 0) {
        self.kind = kind
        line = start.row - 1
        column = start.column
        self.questionLine = questionLine - 1
    }

    // MARK: - Finding

    /// `_find_assign_op`: the first `=` outside brackets.
    static func assignIndex(_ group: [PythonToken]) -> Int? {
        var level = 0
        for (i, token) in group.enumerated() {
            switch token.text {
            case ["="] where level == 0: return i
            case ["("], ["["], ["{"]: level += 1
            case [")"], ["]"], ["}"]: if level > 0 { level -= 1 }
            default: break
            }
        }
        return nil
    }

    static func findMagicAssign(_ groups: [[PythonToken]]) -> TokenTransform? {
        for group in groups {
            guard let i = assignIndex(group), group.count > i + 2, group[i + 1].text == ["%"],
                group[i + 2].kind == .name
            else { continue }
            return TokenTransform(.magicAssign, group[i + 1].start)
        }
        return nil
    }

    /// `SystemAssign.find_pre_312` (Python 3.11 tokenizes `!` as an error token).
    static func findSystemAssign(_ groups: [[PythonToken]]) -> TokenTransform? {
        for group in groups {
            guard let i = assignIndex(group),
                !PythonString.strip(PythonString.string(group[i].line)).startsWithScalars("="),
                group.count >= i + 2, group[i + 1].kind == .errorToken
            else { continue }
            var ix = i + 1
            while ix < group.count, group[ix].kind == .errorToken {
                if group[ix].text == ["!"] { return TokenTransform(.systemAssign, group[ix].start) }
                if !PythonString.isAllSpace(group[ix].string) { break }
                ix += 1
            }
        }
        return nil
    }

    static func findEscapedCommand(_ groups: [[PythonToken]]) -> TokenTransform? {
        for group in groups {
            guard let first = group.first(where: { $0.kind != .indent && $0.kind != .dedent }) else { continue }
            if first.text.count == 1, "!?%,;/".unicodeScalars.contains(first.text[0]) {
                return TokenTransform(.escapedCommand, first.start)
            }
        }
        return nil
    }

    static func findHelpEnd(_ groups: [[PythonToken]]) -> TokenTransform? {
        for group in groups where group.count > 2 && group[group.count - 2].text == ["?"] {
            guard let first = group.first(where: { $0.kind != .indent && $0.kind != .dedent }) else { continue }
            return TokenTransform(.helpEnd, first.start, questionLine: group[group.count - 2].start.row)
        }
        return nil
    }

    // MARK: - Rewriting

    /// The lines with this syntax rewritten, or nil where IPython raises `SyntaxError`.
    func apply(_ lines: [Line]) -> [Line]? {
        guard line >= 0, line < lines.count, column <= lines[line].count else { return nil }
        let head = PythonString.string(lines[line][..<column])
        if kind == .helpEnd { return applyHelp(lines, head: head) }
        let end = Self.endOfContinuedLine(lines, line)
        let text = Self.assembleContinuedLine(lines, line, column, end)
        let call: String
        switch kind {
        case .magicAssign:
            let (name, args) = PythonString.partitionAtSpace(String(text.dropFirst()))
            call = "get_ipython().run_line_magic(\(PythonString.repr(name)), \(PythonString.repr(args)))"
        case .systemAssign:
            call = "get_ipython().getoutput(\(PythonString.repr(String(text.dropFirst()))))"
        default:
            guard let escaped = Self.escapedCall(text) else { return nil }
            call = escaped
        }
        return Array(lines[..<line]) + [Array((head + call + "\n").unicodeScalars)] + lines[min(end + 1, lines.count)...]
    }

    /// `find_end_of_continued_line`.
    static func endOfContinuedLine(_ lines: [Line], _ start: Int) -> Int {
        var end = start
        while lines[end].suffix(2).elementsEqual(["\\", "\n"]) {
            end += 1
            if end >= lines.count { break }
        }
        return end
    }

    /// `assemble_continued_line`: the pieces joined by spaces without their backslashes.
    static func assembleContinuedLine(_ lines: [Line], _ start: Int, _ column: Int, _ end: Int) -> String {
        var parts = [PythonString.string(lines[start][column...])]
        if end > start { parts += lines[(start + 1)...min(end, lines.count - 1)].map { PythonString.string($0) } }
        var pieces = parts.dropLast().map { String(PythonString.rstrip($0).unicodeScalars.dropLast()) }
        pieces.append(PythonString.rstrip(parts[parts.count - 1]))
        return pieces.joined(separator: " ")
    }

    /// `EscapedCommand.transform`'s call for `!cmd`, `!!cmd`, `?x`, `??x`, `%magic`, `,f a b`,
    /// `;f a b` and `/f a b`; nil for `/` without a name (IPython's `SyntaxError`).
    static func escapedCall(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        let double = scalars.count > 1 && (scalars[0...1] == ["!", "!"] || scalars[0...1] == ["?", "?"])
        let escape = PythonString.string(scalars.prefix(double ? 2 : 1))
        let content = PythonString.string(scalars.dropFirst(double ? 2 : 1))
        let (name, args) = PythonString.partitionAtSpace(content)
        switch escape {
        case "!": return "get_ipython().system(\(PythonString.repr(content)))"
        case "!!": return "get_ipython().getoutput(\(PythonString.repr(content)))"
        case "?", "??":
            if content.isEmpty { return "get_ipython().show_usage()" }
            return helpCall(content, escape)
        case "%": return "get_ipython().run_line_magic(\(PythonString.repr(name)), \(PythonString.repr(args)))"
        case ",": return name + "(\"" + PythonString.splitWords(args).joined(separator: "\", \"") + "\")"
        case ";": return name + "(\"" + args + "\")"
        case "/":
            if name.isEmpty { return nil }
            return name + "(" + PythonString.splitWords(args).joined(separator: ", ") + ")"
        default: return ""
        }
    }

    /// `_make_help_call`.
    static func helpCall(_ target: String, _ escape: String) -> String {
        let method = escape == "??" ? "pinfo2" : target.unicodeScalars.contains("*") ? "psearch" : "pinfo"
        return "get_ipython().run_line_magic(\(PythonString.repr(method)), \(PythonString.repr(target)))"
    }

    private func applyHelp(_ lines: [Line], head: String) -> [Line]? {
        guard questionLine >= line, questionLine < lines.count else { return nil }
        let piece = Array(lines[line...questionLine].joined())
        guard let (target, escape) = Self.helpTarget(Array(piece[column...])) else { return nil }
        let call = Self.helpCall(target, escape)
        return Array(lines[..<line]) + [Array((head + call + "\n").unicodeScalars)] + lines[(questionLine + 1)...]
    }

    /// `_help_end_re.search(content)`: the name before a final `?` or `??` (the leftmost start
    /// that matches), with the escape.
    static func helpTarget(_ content: [Unicode.Scalar]) -> (String, String)? {
        var text = content[...]
        if text.last == "\n" { text = text.dropLast() }
        let escape: String
        if text.suffix(2).elementsEqual(["?", "?"]) {
            escape = "??"
        } else if text.last == "?" {
            escape = "?"
        } else {
            return nil
        }
        let body = text.dropLast(escape.count)
        for start in body.indices where isHelpName(body[start...]) {
            return (PythonString.string(body[start...]), escape)
        }
        return nil
    }

    /// Full match of `%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*`.
    static func isHelpName(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        var i = s.startIndex
        var percents = 0
        while i < s.endIndex, s[i] == "%", percents < 2 {
            i += 1
            percents += 1
        }
        func word() -> Bool {
            guard i < s.endIndex, !PythonString.isDecimalDigit(s[i]) else { return false }
            let start = i
            while i < s.endIndex, s[i] == "*" || PythonString.isWord(s[i]) { i += 1 }
            return i > start
        }
        guard word() else { return false }
        while i < s.endIndex {
            if s[i] == "." {
                i += 1
                guard word() else { return false }
            } else if s[i] == "[" {
                i += 1
                if i < s.endIndex, s[i] == "-" { i += 1 }
                let digits = i
                while i < s.endIndex, s[i] >= "0" && s[i] <= "9" { i += 1 }
                guard i > digits, i < s.endIndex, s[i] == "]" else { return false }
                i += 1
            } else {
                return false
            }
        }
        return true
    }
}
