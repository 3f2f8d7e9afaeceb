// SPDX-License-Identifier: Apache-2.0

/// The syntax tree of a schema regular expression (see `SchemaPattern` for the supported subset).
indirect enum RegexNode: Sendable {
    case scalar(Unicode.Scalar)
    case any
    case set(RegexClass)
    case start
    /// `$` (true) or `\Z` (false).
    case end(Bool)
    case concat([RegexNode])
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)

    /// Whether every match starts at the beginning of the text, and the literal scalars it starts with.
    var anchoring: (Bool, [Unicode.Scalar]) {
        switch self {
        case .start: return (true, [])
        case .concat(let items):
            guard case .start? = items.first else { return (false, []) }
            var prefix: [Unicode.Scalar] = []
            for item in items.dropFirst() {
                guard case .scalar(let c) = item else { break }
                prefix.append(c)
            }
            return (true, prefix)
        default: return (false, [])
        }
    }
}

/// A recursive-descent parser for the supported subset of Python `re` syntax.
struct RegexParser {
    private let text: [Unicode.Scalar]
    private let source: String
    private var i = 0
    /// The largest `{m,n}` bound accepted (larger ones would blow up the compiled program).
    private static let maximumRepeat = 1000

    init(_ text: [Unicode.Scalar], source: String) {
        self.text = text
        self.source = source
    }

    /// Parses the whole pattern.
    mutating func parseWhole() throws(SchemaPatternError) -> RegexNode {
        let node = try parseAlternation()
        if i < text.count { throw failure("unbalanced ')'") }
        return node
    }

    private func failure(_ reason: String) -> SchemaPatternError {
        SchemaPatternError(pattern: source, reason: "\(reason) at position \(i)")
    }

    private var peek: Unicode.Scalar? { i < text.count ? text[i] : nil }

    private mutating func parseAlternation() throws(SchemaPatternError) -> RegexNode {
        var branches = [try parseConcatenation()]
        while peek == "|" {
            i += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func parseConcatenation() throws(SchemaPatternError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            let atom = try parseAtom()
            items.append(try parseQuantifier(atom))
        }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseAtom() throws(SchemaPatternError) -> RegexNode {
        guard let c = peek else { throw failure("unexpected end") }
        i += 1
        switch c {
        case "(":
            if peek == "?" {
                guard i + 1 < text.count, text[i + 1] == ":" else { throw failure("only (?:...) groups are supported") }
                i += 2
            }
            let inner = try parseAlternation()
            guard peek == ")" else { throw failure("missing ')'") }
            i += 1
            return inner
        case "[": return .set(try parseClass())
        case ".": return .any
        case "^": return .start
        case "$": return .end(true)
        case "\\":
            guard let e = peek else { throw failure("trailing backslash") }
            i += 1
            if e == "A" { return .start }
            if e == "Z" { return .end(false) }
            return .scalar(try escaped(e))
        case "*", "+", "?": throw failure("nothing to repeat")
        case "{":
            i -= 1
            if (try? quantifierBounds()) != nil { throw failure("nothing to repeat") }
            i += 1
            return .scalar(c)
        default: return .scalar(c)
        }
    }

    /// The scalar an escape stands for; letters and digits other than the C escapes are refused.
    private func escaped(_ e: Unicode.Scalar) throws(SchemaPatternError) -> Unicode.Scalar {
        switch e {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        default:
            if e.isASCII && (e.properties.isAlphabetic || ("0"..."9").contains(e)) {
                throw failure("escape \\\(e) is not supported")
            }
            return e
        }
    }

    private mutating func parseQuantifier(_ atom: RegexNode) throws(SchemaPatternError) -> RegexNode {
        var bounds: (Int, Int?)
        switch peek {
        case "*": bounds = (0, nil); i += 1
        case "+": bounds = (1, nil); i += 1
        case "?": bounds = (0, 1); i += 1
        case "{":
            guard let b = try quantifierBounds() else { return atom }
            bounds = b
        default: return atom
        }
        switch atom {
        case .start, .end: throw failure("nothing to repeat")
        default: break
        }
        if peek == "?" { i += 1 }  // lazy: the same language, and only whether a match exists matters
        if let c = peek, c == "*" || c == "+" || c == "?" { throw failure("multiple repeat") }
        return .repetition(atom, min: bounds.0, max: bounds.1)
    }

    /// Parses `{m}`, `{m,}`, `{,n}` or `{m,n}` at the cursor; nil (cursor unmoved) when it is a literal brace.
    private mutating func quantifierBounds() throws(SchemaPatternError) -> (Int, Int?)? {
        var j = i + 1
        let low = digits(&j)
        var high = low
        if j < text.count, text[j] == "," {
            j += 1
            high = digits(&j)
        } else if low == nil {
            return nil
        }
        guard j < text.count, text[j] == "}" else { return nil }
        let lower = low ?? 0
        if lower > RegexParser.maximumRepeat || (high ?? 0) > RegexParser.maximumRepeat {
            throw failure("repeat count too large")
        }
        if let high, high < lower { throw failure("min repeat greater than max repeat") }
        i = j + 1
        return (lower, high)
    }

    /// A decimal number starting at `j` (capped just above the largest bound), or nil when there is none.
    private func digits(_ j: inout Int) -> Int? {
        var value: Int?
        while j < text.count, ("0"..."9").contains(text[j]) {
            value = min((value ?? 0) * 10 + Int(text[j].value - 48), RegexParser.maximumRepeat + 1)
            j += 1
        }
        return value
    }

    private mutating func parseClass() throws(SchemaPatternError) -> RegexClass {
        var set = RegexClass()
        if peek == "^" {
            set.negated = true
            i += 1
        }
        var first = true
        while true {
            guard let c = peek else { throw failure("unterminated character set") }
            if c == "]" && !first {
                i += 1
                return set
            }
            first = false
            let low = try classScalar()
            if peek == "-", i + 1 < text.count, text[i + 1] != "]" {
                i += 1
                let high = try classScalar()
                guard low.value <= high.value else { throw failure("bad character range") }
                set.ranges.append(low.value...high.value)
            } else {
                set.ranges.append(low.value...low.value)
            }
        }
    }

    private mutating func classScalar() throws(SchemaPatternError) -> Unicode.Scalar {
        guard let c = peek else { throw failure("unterminated character set") }
        i += 1
        guard c == "\\" else { return c }
        guard let e = peek else { throw failure("trailing backslash") }
        i += 1
        return try escaped(e)
    }
}

/// Turns a syntax tree into NFA instructions.
struct RegexCompiler {
    var program: [RegexInstruction] = []

    mutating func emit(_ node: RegexNode) {
        switch node {
        case .scalar(let c): program.append(.scalar(c))
        case .any: program.append(.any)
        case .set(let set): program.append(.set(set))
        case .start: program.append(.assertStart)
        case .end(let allowFinalNewline): program.append(.assertEnd(allowFinalNewline))
        case .concat(let items): for item in items { emit(item) }
        case .alternate(let branches):
            var exits: [Int] = []
            for branch in branches.dropLast() {
                let split = program.count
                program.append(.split(split + 1, -1))
                emit(branch)
                exits.append(program.count)
                program.append(.jump(-1))
                program[split] = .split(split + 1, program.count)
            }
            if let last = branches.last { emit(last) }
            for exit in exits { program[exit] = .jump(program.count) }
        case .repetition(let body, let low, let high):
            for _ in 0..<low { emit(body) }
            if let high {
                for _ in low..<max(low, high) { emitOptional(body) }
            } else {
                let loop = program.count
                program.append(.split(loop + 1, -1))
                emit(body)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }

    private mutating func emitOptional(_ body: RegexNode) {
        let split = program.count
        program.append(.split(split + 1, -1))
        emit(body)
        program[split] = .split(split + 1, program.count)
    }
}
