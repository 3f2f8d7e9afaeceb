// SPDX-License-Identifier: Apache-2.0

@testable import NotebookFormat
import Testing

struct HTMLConversionTests {
    @Test func escapingCoversTextAndAttributes() {
        #expect(HTMLText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func untrustedHTMLIsSandboxedWithoutScripts() {
        let html = HTMLOutputs.sandboxed("<b>x</b><SCRIPT>alert(1)</script ><i>y</i>")
        #expect(html.hasPrefix("<iframe class=\"html\" sandbox=\"\""))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("&lt;script"))
        #expect(html.contains("&lt;b&gt;x&lt;/b&gt;&lt;i&gt;y&lt;/i&gt;"))
    }

    @Test func untrustedPagesHaveAPolicyAndNoNotebookScripts() {
        var cell = Cell(type: "code", source: "x")
        cell.json["outputs"] = [
            ["output_type": "display_data", "metadata": [:],
             "data": ["application/javascript": "alert(1)", "text/plain": "js"]],
            ["output_type": "display_data", "metadata": [:], "data": ["image/svg+xml": "<svg onload=\"alert(1)\"/>"]],
        ]
        var notebook = Notebook()
        notebook.cells = [cell]
        let page = HTMLExporter.export(notebook, title: "t", trusted: false).text
        #expect(page.contains("Content-Security-Policy"))
        #expect(!page.lowercased().contains("<script"))
        #expect(!page.contains("<svg"))
        #expect(page.contains("data:image/svg+xml;base64,"))
        let trusted = HTMLExporter.export(notebook, title: "t", trusted: true).text
        #expect(trusted.contains("<script>alert(1)</script>"))
        #expect(!trusted.contains("Content-Security-Policy"))
    }

    @Test func carriageReturnsKeepTheLastText() {
        #expect(HTMLOutputs.applyCarriageReturns("a\r50%\r100%\nb\r\n") == "100%\nb\n")
    }
}
