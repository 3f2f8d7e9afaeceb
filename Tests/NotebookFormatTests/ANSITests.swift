// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct ANSITests {
    @Test func coloursBecomeSpans() {
        #expect(ANSI.toHTML("\u{1B}[0;31mValueError\u{1B}[0m: <x>")
            == "<span class=\"ansi-red-fg\">ValueError</span>: &lt;x&gt;")
        #expect(ANSI.toHTML("\u{1B}[1;92mok\u{1B}[39m!") == "<span class=\"ansi-green-intense-fg ansi-bold\">ok</span><span class=\"ansi-bold\">!</span>")
    }

    @Test func extendedColoursAreInlineStyles() {
        #expect(ANSI.toHTML("\u{1B}[38;2;255;0;16mx\u{1B}[m") == "<span style=\"color:#ff0010\">x</span>")
        #expect(ANSI.toHTML("\u{1B}[48;5;196mx") == "<span style=\"background-color:#ff0000\">x</span>")
    }

    @Test func otherSequencesAreDropped() {
        #expect(ANSI.toHTML("a\u{1B}[2Kb\u{1B}[") == "ab\u{1B}[")
    }
}
