// SPDX-License-Identifier: Apache-2.0

/// One token as Python 3.11's `tokenize.generate_tokens` yields it (columns count scalars, rows
/// start at 1).
struct PythonToken {
    /// The token types IPython's transformers look at (others are `.other`).
    enum Kind { case name, number, string, op, comment, newline, nl, indent, dedent, endMarker, errorToken }

    var kind: Kind
    var text: [Unicode.Scalar]
    var start: (row: Int, column: Int)
    /// The physical line(s) the token came from (`TokenInfo.line`).
    var line: [Unicode.Scalar]

    var string: String { PythonString.string(text) }
}

/// Why tokenizing stopped early: `tokenize.TokenError` (end of input inside a string or bracket)
/// or the `IndentationError` for a dedent to no outer level.
enum PythonTokenizeError: Error {
    case endOfInput
    case indentation
}

/// Tokenizes lines that keep their ends with the results of Python 3.11's `tokenize.generate_tokens`. It
/// calls `emit` for each token and throws where Python raises, after the tokens before the error.
struct PythonTokenizer {
    typealias Line = [Unicode.Scalar]

    private static let tabSize = 8

    static func tokenize(_ lines: [Line], emit: (PythonToken) -> Void) throws(PythonTokenizeError) {
        var lnum = 0
        var parenlev = 0
        var continued = false
        var contstr: Line = []
        var inString = false
        var needcont = false
        var contline: Line = []
        var strstart = (row: 0, column: 0)
        var endQuote: (quote: Unicode.Scalar, triple: Bool) = ("'", false)
        var indents = [0]
        var lastLine: Line = []
        var line: Line = []
        var index = 0
        func token(_ kind: PythonToken.Kind, _ text: ArraySlice<Unicode.Scalar>, _ col: Int, _ from: Line) {
            emit(PythonToken(kind: kind, text: Array(text), start: (lnum, col), line: from))
        }

        lineLoop: while true {
            lastLine = line
            line = index < lines.count ? lines[index] : []
            index += 1
            lnum += 1
            var pos = 0
            let max = line.count

            if inString {
                if line.isEmpty { throw .endOfInput }
                if let end = PythonTokenPatterns.stringTail(line, 0, quote: endQuote.quote, triple: endQuote.triple) {
                    pos = end
                    emit(PythonToken(kind: .string, text: contstr + line[..<end], start: strstart, line: contline + line))
                    contstr = []
                    inString = false
                    needcont = false
                    contline = []
                } else if needcont, !line.hasSuffix(["\\", "\n"]), !line.hasSuffix(["\\", "\r", "\n"]) {
                    emit(PythonToken(kind: .errorToken, text: contstr + line, start: strstart, line: contline))
                    contstr = []
                    inString = false
                    contline = []
                    continue
                } else {
                    contstr += line
                    contline += line
                    continue
                }
            } else if parenlev == 0 && !continued {
                if line.isEmpty { break }
                var column = 0
                measure: while pos < max {
                    switch line[pos] {
                    case " ": column += 1
                    case "\t": column = (column / tabSize + 1) * tabSize
                    case "\u{0C}": column = 0
                    default: break measure
                    }
                    pos += 1
                }
                if pos == max { break }
                if line[pos] == "#" || line[pos] == "\r" || line[pos] == "\n" {
                    if line[pos] == "#" {
                        var end = max
                        while end > pos, line[end - 1] == "\r" || line[end - 1] == "\n" { end -= 1 }
                        token(.comment, line[pos..<end], pos, line)
                        pos = end
                    }
                    token(.nl, line[pos...], pos, line)
                    continue
                }
                if column > indents[indents.count - 1] {
                    indents.append(column)
                    token(.indent, line[..<pos], 0, line)
                }
                while column < indents[indents.count - 1] {
                    guard indents.contains(column) else { throw .indentation }
                    indents.removeLast()
                    token(.dedent, [], pos, line)
                }
            } else {
                if line.isEmpty { throw .endOfInput }
                continued = false
            }

            while pos < max {
                guard let (start, end) = PythonTokenPatterns.pseudoToken(line, pos) else {
                    token(.errorToken, line[pos..<(pos + 1)], pos, line)
                    pos += 1
                    continue
                }
                pos = end
                if start == end { continue }
                let text = line[start..<end]
                let initial = line[start]
                if PythonTokenPatterns.isASCIIDigit(initial) || (initial == "." && text != ["."] && text != [".", ".", "."]) {
                    token(.number, text, start, line)
                } else if initial == "\r" || initial == "\n" {
                    token(parenlev > 0 ? .nl : .newline, text, start, line)
                } else if initial == "#" {
                    token(.comment, text, start, line)
                } else if let (prefix, quote) = PythonTokenPatterns.stringStart(line, start),
                    end - start == prefix + 3, line[end - 1] == quote, line[end - 2] == quote
                {
                    if let close = PythonTokenPatterns.stringTail(line, pos, quote: quote, triple: true) {
                        pos = close
                        token(.string, line[start..<close], start, line)
                    } else {
                        strstart = (lnum, start)
                        contstr = Array(line[start...])
                        contline = line
                        endQuote = (quote, true)
                        inString = true
                        break
                    }
                } else if let (prefix, quote) = PythonTokenPatterns.stringStart(line, start), prefix < end - start {
                    if text.last == "\n" {
                        strstart = (lnum, start)
                        endQuote = (quote, false)
                        contstr = Array(line[start...])
                        needcont = true
                        contline = line
                        inString = true
                        break
                    }
                    token(.string, text, start, line)
                } else if PythonString.isIdentifierStart(initial) {
                    token(.name, text, start, line)
                } else if initial == "\\" {
                    continued = true
                } else {
                    if initial == "(" || initial == "[" || initial == "{" {
                        parenlev += 1
                    } else if initial == ")" || initial == "]" || initial == "}" {
                        parenlev -= 1
                    }
                    token(.op, text, start, line)
                }
            }
        }
        if let last = lastLine.last, last != "\r", last != "\n",
            !PythonString.strip(PythonString.string(lastLine)).startsWithScalars("#")
        {
            emit(PythonToken(kind: .newline, text: [], start: (lnum - 1, lastLine.count), line: []))
        }
        for _ in indents.dropFirst() { emit(PythonToken(kind: .dedent, text: [], start: (lnum, 0), line: [])) }
        emit(PythonToken(kind: .endMarker, text: [], start: (lnum, 0), line: []))
    }
}

extension Array where Element == Unicode.Scalar {
    fileprivate func hasSuffix(_ suffix: [Unicode.Scalar]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
