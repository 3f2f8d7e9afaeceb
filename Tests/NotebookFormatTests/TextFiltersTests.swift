// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct TextFiltersTests {
    @Test func dedentRemovesTheCommonMargin() {
        #expect(TextFilters.dedent("  a\n    b\n  c") == "a\n  b\nc")
        #expect(TextFilters.dedent("  a\n   \n  b\n") == "a\n\nb\n")
        #expect(TextFilters.dedent("\ta\n  b") == "\ta\n  b")
        #expect(TextFilters.dedent("  a\r\n  b") == "a\r\nb")
    }

    @Test func indentAddsFourSpacesButNotAfterTheLastNewline() {
        #expect(TextFilters.indent("a\nb\n") == "    a\n    b\n")
        #expect(TextFilters.indent("a\n\nb") == "    a\n    \n    b")
        #expect(TextFilters.indent("") == "    ")
    }

    @Test func commentLines() {
        #expect(TextFilters.commentLines("# T\nx\n") == "# # T\n# x\n# ")
    }

    @Test func stripANSIRemovesEscapeSequencesOnOneLine() {
        #expect(TextFilters.stripANSI("\u{1B}[0;31mError\u{1B}[0m: x") == "Error: x")
        #expect(TextFilters.stripANSI("\u{1B}[1\nx") == "\u{1B}[1\nx")
    }

    @Test func pathToURLQuotesEachPart() {
        #expect(TextFilters.pathToURL("my nb_files/my nb_1_0.png") == "my%20nb_files/my%20nb_1_0.png")
        #expect(TextFilters.pathToURL("é/a~b") == "%C3%A9/a~b")
    }

    @Test func base64DecodesLikeBinascii() throws {
        #expect(try Base64.decode("QUJD\nRA==").get() == Array("ABCD".utf8))
        #expect(try Base64.decode("QUI=QUI=").get() == Array("AB".utf8))
        #expect(try Base64.decode("QU=IQUJD=").get() == [0x41, 0x42, 0x10, 0x50, 0x90])
        #expect(throws: Base64Error.self) { try Base64.decode("QQ").get() }
        #expect(throws: Base64Error.self) { try Base64.decode("Q===").get() }
        #expect(Base64.encode(Array("ABCD".utf8)) == "QUJDRA==")
    }
}
