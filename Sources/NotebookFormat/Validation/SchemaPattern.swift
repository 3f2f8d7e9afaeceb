// SPDX-License-Identifier: Apache-2.0

/// A regular expression from a JSON Schema `pattern` or `patternProperties` key, compiled once and
/// matched as Python's `re.search` matches a `str` (the engine nbformat's validator uses): over
/// Unicode code points, unanchored unless the pattern says `^`, with `$` matching at the end or just
/// before a final `"\n"`.
///
/// The syntax is the subset schemas use: literals, `.`, `^`, `$`, `\A`, `\Z`, classes (`[a-z_]`,
/// `[^,]`), groups (`(...)`, `(?:...)`), `|`, and the quantifiers `*`, `+`, `?`, `{m,n}` (greedy or
/// lazy). Anything else is rejected when the pattern is built, never guessed at. Matching runs a
/// Thompson NFA, so it takes time linear in the text whatever the pattern.
struct SchemaPattern: Sendable {
    /// The pattern as written in the schema.
    let source: String
    private let program: [RegexInstruction]
    /// True when every match must start at the beginning of the text (`^` or `\A` first).
    private let anchored: Bool
    /// Scalars every match must start with when the pattern is anchored (a quick reject).
    private let anchoredPrefix: [Unicode.Scalar]

    /// Compiles `source`; throws when it uses syntax outside the supported subset.
    init(_ source: String) throws(SchemaPatternError) {
        var parser = RegexParser(Array(source.unicodeScalars), source: source)
        let tree = try parser.parseWhole()
        var compiler = RegexCompiler()
        compiler.emit(tree)
        compiler.program.append(.match)
        self.source = source
        self.program = compiler.program
        (self.anchored, self.anchoredPrefix) = tree.anchoring
    }

    /// A stand-in for a pattern that could not be compiled: it never matches.
    init(unsupported source: String) {
        self.source = source
        self.program = [.set(RegexClass())]
        self.anchored = false
        self.anchoredPrefix = []
        self.isSupported = false
    }

    /// False for the stand-in made by `init(unsupported:)`.
    private(set) var isSupported = true

    /// True when the pattern matches somewhere in `text` (Python `re.search(pattern, text)`).
    func matches(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        if !anchoredPrefix.isEmpty, !scalars.starts(with: anchoredPrefix) { return false }
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        var index = scalars.startIndex
        while true {
            let position = Position(scalars, index)
            // Search semantics: a new attempt starts at every position.
            if index == scalars.startIndex || !anchored, addThread(0, at: position, to: &current) { return true }
            guard index < scalars.endIndex else { return false }
            let scalar = scalars[index]
            index = scalars.index(after: index)
            let after = Position(scalars, index)
            next.clear()
            for pc in current.pcs where program[pc].consumes(scalar) {
                if addThread(pc + 1, at: after, to: &next) { return true }
            }
            swap(&current, &next)
            if current.pcs.isEmpty, anchored { return false }
        }
    }

    /// Follows the empty transitions from `pc` at `position`; true when `match` is reachable.
    private func addThread(_ pc: Int, at position: Position, to list: inout ThreadList) -> Bool {
        guard list.insert(pc) else { return false }
        switch program[pc] {
        case .match: return true
        case .jump(let target): return addThread(target, at: position, to: &list)
        case .split(let first, let second):
            return addThread(first, at: position, to: &list) || addThread(second, at: position, to: &list)
        case .assertStart:
            return position.atStart && addThread(pc + 1, at: position, to: &list)
        case .assertEnd(let allowFinalNewline):
            let ok = position.atEnd || (allowFinalNewline && position.beforeFinalNewline)
            return ok && addThread(pc + 1, at: position, to: &list)
        case .scalar, .any, .set:
            list.pcs.append(pc)
            return false
        }
    }
}

/// A pattern that cannot be compiled: what is wrong, and where.
struct SchemaPatternError: Error, Sendable, CustomStringConvertible {
    /// The pattern.
    var pattern: String
    /// The problem.
    var reason: String
    /// "pattern: reason".
    var description: String { "unsupported regular expression \(pattern): \(reason)" }
}

// MARK: - Matching machinery

/// The context of a position in the text, for `^` and `$`.
private struct Position {
    var atStart: Bool
    var atEnd: Bool
    var beforeFinalNewline: Bool

    init(_ scalars: String.UnicodeScalarView, _ index: String.UnicodeScalarView.Index) {
        atStart = index == scalars.startIndex
        atEnd = index == scalars.endIndex
        beforeFinalNewline = !atEnd && scalars[index] == "\n" && scalars.index(after: index) == scalars.endIndex
    }
}

/// The set of NFA states alive at one position: a list plus a membership mark per instruction.
private struct ThreadList {
    var pcs: [Int] = []
    private var seen: [Bool]
    private var visited: [Int] = []

    init(capacity: Int) {
        seen = Array(repeating: false, count: capacity)
        pcs.reserveCapacity(capacity)
    }

    /// Marks `pc` visited; false when it already was.
    mutating func insert(_ pc: Int) -> Bool {
        if seen[pc] { return false }
        seen[pc] = true
        visited.append(pc)
        return true
    }

    mutating func clear() {
        for pc in visited { seen[pc] = false }
        visited.removeAll(keepingCapacity: true)
        pcs.removeAll(keepingCapacity: true)
    }
}

/// One instruction of the compiled NFA.
enum RegexInstruction: Sendable {
    case scalar(Unicode.Scalar)
    /// `.`: any scalar but `"\n"`.
    case any
    case set(RegexClass)
    case split(Int, Int)
    case jump(Int)
    case assertStart
    /// `$` (true: also just before a final newline) or `\Z` (false).
    case assertEnd(Bool)
    case match

    func consumes(_ s: Unicode.Scalar) -> Bool {
        switch self {
        case .scalar(let c): return c == s
        case .any: return s != "\n"
        case .set(let set): return set.contains(s)
        default: return false
        }
    }
}

/// A character class: ranges of scalars, possibly negated.
struct RegexClass: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var negated = false

    func contains(_ s: Unicode.Scalar) -> Bool {
        let inside = ranges.contains { $0.contains(s.value) }
        return inside != negated
    }
}
