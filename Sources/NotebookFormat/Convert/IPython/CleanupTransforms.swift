// SPDX-License-Identifier: Apache-2.0

/// The cleanup and line transforms of IPython's `TransformerManager` (IPython 9
/// `inputtransformer2`): leading blank lines, common indentation, `>>>` and `In [n]:` prompts,
/// and `%%cell` magics.
enum CleanupTransforms {
    typealias Line = [Unicode.Scalar]

    /// `leading_empty_lines`: drops leading blank lines unless every line is blank.
    static func leadingEmptyLines(_ lines: [Line]) -> [Line] {
        guard let first = lines.firstIndex(where: { !$0.isEmpty && !$0.allSatisfy(PythonString.isSpace) }) else {
            return lines
        }
        return Array(lines[first...])
    }

    /// `leading_indent`: `textwrap.dedent` over the whole block, split again into lines.
    static func leadingIndent(_ lines: [Line]) -> [Line] {
        guard !lines.isEmpty else { return lines }
        return dedentLines(lines)
    }

    static func dedentLines(_ lines: [Line]) -> [Line] {
        let joined = PythonString.string(lines: lines)
        return PythonText.splitLinesKeepingEnds(TextFilters.dedent(joined)).map { Array($0.unicodeScalars) }
    }

    // MARK: - Prompts

    /// `^\s*` followed by `marker`, then an optional space or tab: the length to strip, or nil.
    static func doctestPrompt(_ line: ArraySlice<Unicode.Scalar>, _ marker: String, optionalBlank: Bool = true) -> Int? {
        var i = line.startIndex
        while i < line.endIndex, PythonString.isSpace(line[i]) { i += 1 }
        let m = Array(marker.unicodeScalars)
        guard line[i...].starts(with: m) else { return nil }
        i += m.count
        if optionalBlank, i < line.endIndex, line[i] == " " || line[i] == "\t" { i += 1 }
        return i - line.startIndex
    }

    /// `(?<!\\)("""|''')` found left to right: each triple quote and where it starts.
    static func tripleQuotes(_ line: Line) -> [(Int, Line)] {
        var found: [(Int, Line)] = []
        var i = 0
        while i + 2 < line.count {
            let c = line[i]
            if (c == "\"" || c == "'"), line[i + 1] == c, line[i + 2] == c, i == 0 || line[i - 1] != "\\" {
                found.append((i, [c, c, c]))
                i += 3
            } else {
                i += 1
            }
        }
        return found
    }

    /// `PromptStripper._triple_quote_mask`: which lines lie in a triple-quoted string whose `>>>`
    /// text must be kept.
    static func tripleQuoteMask(_ lines: [Line]) -> [Bool] {
        var mask: [Bool] = []
        var inTriple: Line?
        var preserve = false
        var seenPrompt = false
        for line in lines {
            mask.append(inTriple != nil && preserve)
            for (start, quote) in tripleQuotes(line) {
                if inTriple == nil {
                    inTriple = quote
                    let before = line[..<start]
                    var stripped = before
                    if let n = doctestPrompt(stripped, ">>>") { stripped = stripped.dropFirst(n) }
                    if let n = doctestPrompt(stripped, "...") { stripped = stripped.dropFirst(n) }
                    let hadPrompt = stripped.count != before.count
                    let promptedCode = hadPrompt && seenPrompt
                    let prefix = PythonString.strip(PythonString.string(stripped)).unicodeScalars
                    preserve = !promptedCode && prefix.allSatisfy { "rubfRUBF".unicodeScalars.contains($0) }
                    mask[mask.count - 1] = preserve
                } else if inTriple == quote {
                    inTriple = nil
                    preserve = false
                }
            }
            seenPrompt = seenPrompt || doctestPrompt(line[...], ">>>", optionalBlank: false) != nil
        }
        return mask
    }

    /// `classic_prompt` (doctest mode): strips `>>>` and `...` prompts outside triple-quoted
    /// strings when a `>>>` line exists, then dedents the stripped runs.
    static func classicPrompt(_ lines: [Line]) -> [Line] {
        guard !lines.isEmpty else { return lines }
        let mask = tripleQuoteMask(lines)
        let hasPrompt = zip(lines, mask).contains { line, inTriple in
            !inTriple && doctestPrompt(line[...], ">>>", optionalBlank: false) != nil
        }
        guard hasPrompt else { return lines }
        var out: [Line] = []
        var strippedMask: [Bool] = []
        for (line, inTriple) in zip(lines, mask) {
            if inTriple {
                out.append(line)
                strippedMask.append(false)
                continue
            }
            let n = doctestPrompt(line[...], ">>>") ?? doctestPrompt(line[...], "...") ?? 0
            out.append(Array(line.dropFirst(n)))
            strippedMask.append(n > 0)
        }
        var result: [Line] = []
        var i = 0
        while i < out.count {
            var j = i
            while j < out.count, mask[j] == mask[i] { j += 1 }
            let segment = Array(out[i..<j])
            if !mask[i], strippedMask[i..<j].contains(true) {
                result += dedentLines(segment)
            } else {
                result += segment
            }
            i = j
        }
        return result
    }

    /// The IPython prompt `In [n]: ` (optionally after `[nav] `, `[ins] ` or a space) or a
    /// continuation `...: `: the length to strip, or nil.
    static func ipythonPrompt(_ line: Line) -> Int? {
        func inPrompt(_ from: Int) -> Int? {
            let head = Array("In [".unicodeScalars)
            guard line[from...].starts(with: head) else { return nil }
            var i = from + head.count
            let digits = i
            while i < line.count, PythonString.isDecimalDigit(line[i]) { i += 1 }
            guard i > digits, line[i...].starts(with: ["]", ":", " "]) else { return nil }
            return i + 3
        }
        for lead in ["[nav] ", "[ins] ", " "] where line.starts(with: Array(lead.unicodeScalars)) {
            if let end = inPrompt(lead.unicodeScalars.count) { return end }
        }
        if let end = inPrompt(0) { return end }
        var i = 0
        while i < line.count, PythonString.isSpace(line[i]) { i += 1 }
        let dots = i
        while i < line.count, line[i] == "." { i += 1 }
        guard i - dots >= 3, i < line.count, line[i] == ":" else { return nil }
        i += 1
        if i < line.count, line[i] == " " { i += 1 }
        return i
    }

    /// `ipython_prompt`: when the first or second line has an IPython prompt, strips it from all.
    static func ipythonPromptStrip(_ lines: [Line]) -> [Line] {
        guard !lines.isEmpty else { return lines }
        guard ipythonPrompt(lines[0]) != nil || (lines.count > 1 && ipythonPrompt(lines[1]) != nil) else {
            return lines
        }
        return lines.map { line in ipythonPrompt(line).map { Array(line.dropFirst($0)) } ?? line }
    }

    // MARK: - Cell magics

    /// `cell_magic`: a block starting with `%%name args` becomes one `run_cell_magic` call
    /// (unless it is `%%name?`, left for the help transform).
    static func cellMagic(_ lines: [Line]) -> [Line] {
        guard let first = lines.first, first.starts(with: ["%", "%"]) else { return lines }
        var i = 2
        while i < first.count, PythonString.isWord(first[i]) { i += 1 }
        if i > 2, i < first.count, first[i] == "?" { return lines }
        let header = PythonString.rstrip(PythonString.string(first.dropFirst(2)))
        let (name, firstLine) = PythonString.partitionAtSpace(header)
        let body = PythonString.string(lines.dropFirst().joined())
        let call =
            "get_ipython().run_cell_magic(\(PythonString.repr(name)), \(PythonString.repr(firstLine)), \(PythonString.repr(body)))\n"
        return [Array(call.unicodeScalars)]
    }
}
