// SPDX-License-Identifier: Apache-2.0

/// What `Notebook.strip(_:)` removes, with nbstripout 0.9.1's defaults: every output, every
/// execution count, cell ids renumbered `"0"`, `"1"`, ..., and the default extra metadata keys.
public struct StripOptions: Sendable, Equatable {
    /// `--keep-output`: keep every cell's outputs. `nil` (not given) lets the notebook's
    /// `metadata.keep_output` decide; cells can still opt in with `keep_output` or `init_cell`.
    public var keepOutput: Bool?
    /// `--keep-count`: keep `execution_count` (and `prompt_number`) of cells and outputs.
    public var keepCount: Bool
    /// `--keep-id`: keep cell ids instead of renumbering them by position.
    public var keepID: Bool
    /// Dotted keys to remove: `metadata.<path>` in the notebook metadata, `cell.<path>` in each cell.
    /// Keys in any other form are ignored (see `invalidExtraKeys`).
    public var extraKeys: [String] { didSet { extraKeyPaths = ExtraKeyPaths(extraKeys) } }
    /// `extraKeys` split into paths, once rather than for every notebook.
    private(set) var extraKeyPaths: ExtraKeyPaths
    /// `--drop-empty-cells`: remove cells whose source is empty or only whitespace.
    public var dropEmptyCells: Bool
    /// `--drop-tagged-cells`: remove cells carrying these tags. As in nbstripout 0.9.1, only the
    /// last tag of the list takes effect (its filters all capture the loop's final tag).
    public var dropTaggedCells: [String]
    /// `--strip-init-cells`: strip the outputs of cells marked `init_cell: true` as well.
    public var stripInitCells: Bool
    /// `--drop-output-type`: remove outputs matching `type` or `type:name` even where outputs are kept.
    public var dropOutputTypes: [String]
    /// `--keep-output-type`: keep outputs matching `type` or `type:name` even where outputs are stripped.
    public var keepOutputTypes: [String]
    /// `--max-size`: keep outputs whose total string length is at most this many characters.
    public var maxSize: Int

    /// nbstripout's built-in extra keys, removed unless listed in `--keep-metadata-keys`.
    public static let defaultExtraKeys = [
        "metadata.signature", "metadata.widgets", "cell.metadata.collapsed", "cell.metadata.ExecuteTime",
        "cell.metadata.execution", "cell.metadata.heading_collapsed", "cell.metadata.hidden",
        "cell.metadata.scrolled",
    ]

    /// Options with nbstripout's defaults, changed where given.
    public init(
        keepOutput: Bool? = nil, keepCount: Bool = false, keepID: Bool = false,
        extraKeys: [String] = StripOptions.defaultExtraKeys, dropEmptyCells: Bool = false,
        dropTaggedCells: [String] = [], stripInitCells: Bool = false, dropOutputTypes: [String] = [],
        keepOutputTypes: [String] = [], maxSize: Int = 0
    ) {
        self.keepOutput = keepOutput
        self.keepCount = keepCount
        self.keepID = keepID
        self.extraKeys = extraKeys
        extraKeyPaths = ExtraKeyPaths(extraKeys)
        self.dropEmptyCells = dropEmptyCells
        self.dropTaggedCells = dropTaggedCells
        self.stripInitCells = stripInitCells
        self.dropOutputTypes = dropOutputTypes
        self.keepOutputTypes = keepOutputTypes
        self.maxSize = maxSize
    }

    /// The extra keys nbstripout ignores (with a warning): no `.`, or a first part other than
    /// `metadata` or `cell`.
    public var invalidExtraKeys: [String] {
        extraKeys.filter { StripOptions.splitExtraKey($0) == nil }
    }

    /// Drops every extra key that appears (exactly) in `keep`, as `--keep-metadata-keys` does.
    public mutating func keepMetadataKeys(_ keep: [String]) {
        extraKeys.removeAll { key in keep.contains { $0.utf8.elementsEqual(key.utf8) } }
    }

    /// Splits `metadata.a.b` into (`metadata`, `a.b`); `nil` for a key nbstripout ignores.
    static func splitExtraKey(_ key: String) -> (namespace: String, path: String)? {
        let bytes = Array(key.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let head = String(decoding: bytes[..<dot], as: UTF8.self)
        guard head == "metadata" || head == "cell" else { return nil }
        return (head, String(decoding: bytes[(dot + 1)...], as: UTF8.self))
    }

    /// Parses a `--max-size` value as nbstripout does: an integer, optionally followed by `k`, `m`
    /// or `g` (powers of 1000, any case). Surrounding whitespace, a sign and `_` between digits are
    /// accepted as Python's `int()` accepts them.
    public static func parseSize(_ text: String) throws(NotebookFormatError) -> Int {
        let invalid = NotebookFormatError(
            .invalidOption, "invalid --max-size '\(text)': expected a whole number, optionally followed by k, M or G")
        guard let last = text.unicodeScalars.last else { throw invalid }
        var number = Substring(text)
        var multiplier = 1
        switch last {
        case "0"..."9": break
        case "k", "K": multiplier = 1_000
        case "m", "M": multiplier = 1_000_000
        case "g", "G": multiplier = 1_000_000_000
        default: throw invalid
        }
        if multiplier != 1 { number = number.dropLast() }
        guard let value = pythonInt(number) else { throw invalid }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? (value < 0 ? Int.min : Int.max) : product
    }

    /// Python's `int(text)` for ASCII decimal text; values beyond `Int` are clamped.
    private static func pythonInt(_ text: Substring) -> Int? {
        var scalars = Substring.UnicodeScalarView(text.unicodeScalars)
        while let first = scalars.first, PythonString.isSpace(first) { scalars.removeFirst() }
        while let last = scalars.last, PythonString.isSpace(last) { scalars.removeLast() }
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars.removeFirst()
        }
        var value = 0
        var sawDigit = false
        var previousUnderscore = false
        for scalar in scalars {
            if scalar == "_" {
                guard sawDigit, !previousUnderscore else { return nil }
                previousUnderscore = true
                continue
            }
            guard let digit = Int(exactly: scalar.value), (48...57).contains(digit) else { return nil }
            sawDigit = true
            previousUnderscore = false
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit - 48)
            value = (o1 || o2) ? Int.max : plus
        }
        guard sawDigit, !previousUnderscore else { return nil }
        return negative ? (value == Int.max ? Int.min : -value) : value
    }
}
