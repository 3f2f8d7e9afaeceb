// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import NotebookFormat

/// The shortcuts of the stripping path must change nothing that is written: line lists kept as
/// lists, cell ids compared byte for byte, and the byte scans of the JSON reader and writer.
struct StripReadingTests {
    /// Line lists built from pieces that exercise every line-break rule (`\r\n` across items too).
    private static let pieces = ["a", "\n", "\r", "\r\n", "\u{2028}", "\u{85}", "b\n", "\u{c}", "é"]

    @Test func canonicalLineListsAreExactlyTheListsASplitGivesBack() {
        var items = [""]
        for p in Self.pieces { items.append(p) }
        for p in Self.pieces { for q in Self.pieces { items.append(p + q) } }
        var lists: [[String]] = [[]]
        for a in items {
            lists.append([a])
            for b in items { lists.append([a, b]) }
        }
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            lists.append(
                (0..<Int.random(in: 3...5, using: &generator)).map { _ in items.randomElement(using: &generator)! }
            )
        }
        for list in lists {
            let expected = PythonText.splitLinesKeepingEnds(list.joined()) == list
            #expect(PythonText.isCanonicalLineList(list.map { .string($0) }) == expected, "\(list)")
        }
        #expect(!PythonText.isCanonicalLineList([.string("a\n"), .number(.int(1))]))
    }

    @Test(arguments: [
        #"["a\n", "b"]"#, #"["a", "b\n"]"#, #"["a\r", "\nb"]"#, #"[""]"#, #"[]"#, #"["a\n", ""]"#, #"["x\u2028y"]"#,
    ])
    func readingForStrippingWritesWhatReadingWrites(lines: String) throws {
        let text = """
            {"cells": [{"cell_type": "code", "execution_count": 1, "id": "c", "metadata": {}, "source": \(lines),
              "outputs": [{"output_type": "stream", "name": "stdout", "text": \(lines)},
                          {"output_type": "error", "ename": "E", "evalue": "v", "traceback": [], "text": \(lines)},
                          {"output_type": "display_data", "metadata": {},
                           "data": {"text/plain": \(lines), "image/png": \(lines), "application/json": \(lines)}}]},
              {"cell_type": "markdown", "id": "m", "metadata": {}, "source": \(lines),
               "attachments": {"a.svg": {"image/svg+xml": \(lines), "text/x-other": \(lines)}}}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            """
        let bytes = Array(text.utf8)
        #expect(try Notebook.readForStripping(from: bytes).fileBytes() == Notebook.read(from: bytes).fileBytes())
        var kept = try Notebook.readForStripping(from: bytes)
        var joined = try Notebook.read(from: bytes)
        let options = StripOptions(keepOutput: true, maxSize: 3)
        #expect(try kept.strip(options) == joined.strip(options))
        #expect(kept.fileBytes() == joined.fileBytes())
    }

    @Test func cellIDsAreComparedByteForByte() throws {
        // "é" precomposed and decomposed are one Swift string but two Python strings: no repair.
        let nfc = "\u{e9}"
        let nfd = "e\u{301}"
        var nb = try Notebook.read(from: Array(notebook(ids: [nfc, nfd]).utf8))
        #expect(nb.repairCellIDs() == 0)
        #expect(nb.cells.map(\.id) == [nfc, nfd])
        // Past the few compared one by one, repeats are still found.
        var many = try Notebook.read(from: Array(notebook(ids: (0..<40).map { "id\($0 % 30)" }).utf8))
        #expect(many.repairCellIDs() == 10)
        #expect(Set(many.cells.compactMap(\.id)).count == 40)
    }

    @Test func stringsSurviveTheEightByteScansAtEveryOffset() throws {
        for special: UInt8 in [0x00, 0x09, 0x0A, 0x1F, 0x22, 0x5C, 0x7F, 0x20, 0x21, 0x5B, 0x5D] {
            for offset in 0..<20 {
                var scalars = String(repeating: "x", count: offset)
                scalars.unicodeScalars.append(Unicode.Scalar(special))
                scalars += String(repeating: "y", count: 20 - offset) + "é"
                let written = PythonJSONWriter().string(.string(scalars))
                #expect(try JSONParser.parse(written) == .string(scalars))
                #expect(written == reference(scalars))
            }
        }
    }

    private func notebook(ids: [String]) -> String {
        let cells = ids.map { #"{"cell_type": "raw", "id": "\#($0)", "metadata": {}, "source": ""}"# }
        return #"{"cells": [\#(cells.joined(separator: ", "))], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
    }

    /// Python's `json.dumps(s, ensure_ascii=False)`, written out the slow way.
    private func reference(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A small deterministic random number generator (SplitMix64), so that failures repeat.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
