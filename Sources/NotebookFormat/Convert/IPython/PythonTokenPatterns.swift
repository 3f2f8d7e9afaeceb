// SPDX-License-Identifier: Apache-2.0

/// The regular expressions of Python 3.11's pure-Python `tokenize` module, written out as
/// matchers over a line of Unicode scalars. Each returns the end of the match (or nil), giving
/// the same result as `re.match` with Python's leftmost-alternative backtracking.
enum PythonTokenPatterns {
    typealias Line = [Unicode.Scalar]

    /// `PseudoToken = Whitespace + group(PseudoExtras, Number, Funny, ContStr, Name)`: the span of
    /// the group, or nil when nothing matches at `pos`.
    static func pseudoToken(_ line: Line, _ pos: Int) -> (start: Int, end: Int)? {
        var q = pos
        while q < line.count, line[q] == " " || line[q] == "\u{0C}" || line[q] == "\t" { q += 1 }
        if let end = lineContinuation(line, q) { return (q, end) }
        if q == line.count { return (q, q) }
        if line[q] == "#" {
            var e = q
            while e < line.count, line[e] != "\r", line[e] != "\n" { e += 1 }
            return (q, e)
        }
        if let (prefix, quote) = stringStart(line, q), q + prefix + 2 < line.count,
            line[q + prefix + 1] == quote, line[q + prefix + 2] == quote
        {
            return (q, q + prefix + 3)
        }
        if let end = number(line, q) { return (q, end) }
        if line[q] == "\n" { return (q, q + 1) }
        if line[q] == "\r", q + 1 < line.count, line[q + 1] == "\n" { return (q, q + 2) }
        if let end = operatorToken(line, q) { return (q, end) }
        if let end = continuedString(line, q) { return (q, end) }
        var e = q
        while e < line.count, PythonString.isWord(line[e]) { e += 1 }
        return e > q ? (q, e) : nil
    }

    /// `\\\r?\n` at `q`.
    static func lineContinuation(_ line: Line, _ q: Int) -> Int? {
        guard q < line.count, line[q] == "\\" else { return nil }
        if q + 1 < line.count, line[q + 1] == "\n" { return q + 2 }
        if q + 2 < line.count, line[q + 1] == "\r", line[q + 2] == "\n" { return q + 3 }
        return nil
    }

    /// A valid string prefix (any case of b, r, u, f, br, rb, fr, rf) followed by a quote at `q`:
    /// the prefix length and the quote.
    static func stringStart(_ line: Line, _ q: Int) -> (Int, Unicode.Scalar)? {
        var n = 0
        while n < 2, q + n < line.count, "bBrRuUfF".unicodeScalars.contains(line[q + n]) { n += 1 }
        for length in (0...n).reversed() where q + length < line.count {
            let quote = line[q + length]
            guard quote == "'" || quote == "\"" else { continue }
            let prefix = String(String.UnicodeScalarView(line[q..<(q + length)])).lowercased()
            if ["", "b", "r", "u", "f", "br", "rb", "fr", "rf"].contains(prefix) { return (length, quote) }
        }
        return nil
    }

    // MARK: - Numbers

    /// `[0-9](?:_?[0-9])*`.
    static func digitPart(_ line: Line, _ p: Int, _ isDigit: (Unicode.Scalar) -> Bool = isASCIIDigit) -> Int? {
        guard p < line.count, isDigit(line[p]) else { return nil }
        return underscoredRun(line, p + 1, isDigit)
    }

    /// `(?:_?[digit])*` from `p`: where the run of digits (single underscores between) ends.
    static func underscoredRun(_ line: Line, _ p: Int, _ isDigit: (Unicode.Scalar) -> Bool) -> Int {
        var e = p
        while true {
            if e < line.count, isDigit(line[e]) {
                e += 1
            } else if e + 1 < line.count, line[e] == "_", isDigit(line[e + 1]) {
                e += 2
            } else {
                return e
            }
        }
    }

    static func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// `[eE][-+]?[0-9](?:_?[0-9])*`.
    static func exponent(_ line: Line, _ p: Int) -> Int? {
        guard p < line.count, line[p] == "e" || line[p] == "E" else { return nil }
        var q = p + 1
        if q < line.count, line[q] == "-" || line[q] == "+" { q += 1 }
        return digitPart(line, q)
    }

    /// The ends `Floatnumber` can match at `p`, in the order Python's regex tries them.
    static func floatEnds(_ line: Line, _ p: Int) -> [Int] {
        var ends: [Int] = []
        func withExponent(_ e: Int) {
            if let x = exponent(line, e) { ends.append(x) }
            ends.append(e)
        }
        if let d = digitPart(line, p), d < line.count, line[d] == "." {
            if let f = digitPart(line, d + 1) { withExponent(f) }
            withExponent(d + 1)
        }
        if p < line.count, line[p] == ".", let f = digitPart(line, p + 1) { withExponent(f) }
        if let d = digitPart(line, p), let x = exponent(line, d) { ends.append(x) }
        return ends
    }

    /// `Number = group(Imagnumber, Floatnumber, Intnumber)`.
    static func number(_ line: Line, _ p: Int) -> Int? {
        func isJ(_ i: Int) -> Bool { i < line.count && (line[i] == "j" || line[i] == "J") }
        if let d = digitPart(line, p), isJ(d) { return d + 1 }
        let floats = floatEnds(line, p)
        if let e = floats.first(where: isJ) { return e + 1 }
        if let e = floats.first { return e }
        return integer(line, p)
    }

    /// `Intnumber = group(Hexnumber, Binnumber, Octnumber, Decnumber)`.
    static func integer(_ line: Line, _ p: Int) -> Int? {
        guard p < line.count, isASCIIDigit(line[p]) else { return nil }
        if line[p] == "0", p + 1 < line.count {
            let radix: ((Unicode.Scalar) -> Bool)? =
                switch line[p + 1] {
                case "x", "X": { $0.properties.isASCIIHexDigit }
                case "b", "B": { $0 == "0" || $0 == "1" }
                case "o", "O": { $0 >= "0" && $0 <= "7" }
                default: nil
                }
            if let radix {
                let e = underscoredRun(line, p + 2, radix)
                if e > p + 2 { return e }
            }
        }
        if line[p] == "0" { return digitPart(line, p) { $0 == "0" } }
        return digitPart(line, p)
    }

    // MARK: - Operators and strings

    private static let operators: Set<String> = [
        "!=", "%", "%=", "&", "&=", "(", ")", "*", "**", "**=", "*=", "+", "+=", ",", "-", "-=", "->", ".", "...",
        "/", "//", "//=", "/=", ":", ":=", ";", "<", "<<", "<<=", "<=", "=", "==", ">", ">=", ">>", ">>=", "@",
        "@=", "[", "]", "^", "^=", "{", "|", "|=", "}", "~",
    ]

    /// The longest operator of `EXACT_TOKEN_TYPES` at `p` (what the reverse-sorted alternation finds).
    static func operatorToken(_ line: Line, _ p: Int) -> Int? {
        for length in stride(from: 3, through: 1, by: -1) where p + length <= line.count {
            if operators.contains(String(String.UnicodeScalarView(line[p..<(p + length)]))) { return p + length }
        }
        return nil
    }

    /// `ContStr`: a one-line string that is closed, or that ends in a backslash-newline.
    static func continuedString(_ line: Line, _ q: Int) -> Int? {
        guard let (prefix, quote) = stringStart(line, q) else { return nil }
        var i = q + prefix + 1
        var lastEscape = -1
        while i < line.count {
            let c = line[i]
            if c == quote { return i + 1 }
            if c == "\n" { break }
            if c == "\\" {
                guard i + 1 < line.count, line[i + 1] != "\n" else { return i + 1 < line.count ? i + 2 : nil }
                lastEscape = i
                i += 2
                continue
            }
            i += 1
        }
        // Backtracking into a `\\.` that took "\\\r" lets `\\\r?\n` close the token.
        if i < line.count, lastEscape == i - 2, line[i - 1] == "\r" { return i + 1 }
        return nil
    }

    /// The tail patterns `Single`, `Double`, `Single3`, `Double3`: where the string that began
    /// earlier ends on this line, matching from `p`.
    static func stringTail(_ line: Line, _ p: Int, quote: Unicode.Scalar, triple: Bool) -> Int? {
        var i = p
        while i < line.count {
            let c = line[i]
            if c == "\\" {
                guard i + 1 < line.count, line[i + 1] != "\n" else { return nil }
                i += 2
                continue
            }
            if c == quote {
                if !triple { return i + 1 }
                if i + 2 < line.count, line[i + 1] == quote, line[i + 2] == quote { return i + 3 }
            }
            i += 1
        }
        return nil
    }
}
