// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    @Test(arguments: [
        ("# Title", "<h1 id=\"title\">Title</h1>\n"),
        ("Title\n===", "<h1 id=\"title\">Title</h1>\n"),
        ("a *b* **c** ~~d~~ `e<f>`", "<p>a <em>b</em> <strong>c</strong> <del>d</del> <code>e&lt;f&gt;</code></p>\n"),
        ("***both***", "<p><em><strong>both</strong></em></p>\n"),
        ("snake_case_name", "<p>snake_case_name</p>\n"),
        ("$a_1 * b_2$", "<p><span class=\"math\">$a_1 * b_2$</span></p>\n"),
        ("\\*not em\\*", "<p>*not em*</p>\n"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>\n"),
        ("- a\n- b", "<ul>\n<li>a\n</li>\n<li>b\n</li>\n</ul>\n"),
        ("3. c\n4. d", "<ol start=\"3\">\n<li>c\n</li>\n<li>d\n</li>\n</ol>\n"),
        ("- a\n  - b", "<ul>\n<li>a\n<ul>\n<li>b\n</li>\n</ul>\n</li>\n</ul>\n"),
        ("> q", "<blockquote>\n<p>q</p>\n</blockquote>\n"),
        ("```py\nx < 1\n```", "<pre><code class=\"language-py\">x &lt; 1\n</code></pre>\n"),
        ("    code", "<pre><code>code\n</code></pre>\n"),
        ("---", "<hr>\n"),
        ("| a | b |\n|:-|-:|\n| 1 | 2 |",
         "<table>\n<thead>\n<tr><th style=\"text-align:left\">a</th><th style=\"text-align:right\">b</th></tr>\n</thead>\n"
            + "<tbody>\n<tr><td style=\"text-align:left\">1</td><td style=\"text-align:right\">2</td></tr>\n</tbody>\n</table>\n"),
        ("[x](https://a.b \"t\")", "<p><a href=\"https://a.b\" title=\"t\">x</a></p>\n"),
        ("[x](javascript:alert(1))", "<p><a href=\"\">x</a></p>\n"),
        ("<https://a.b>", "<p><a href=\"https://a.b\">https://a.b</a></p>\n"),
        ("a <b>raw</b>", "<p>a &lt;b&gt;raw&lt;/b&gt;</p>\n"),
        ("<div onclick=\"x()\">\nhi\n</div>", "<p class=\"md-html\">&lt;div onclick=&quot;x()&quot;&gt;\nhi\n&lt;/div&gt;</p>\n"),
        ("$$\nx^2\n$$", "<div class=\"math\">$$\nx^2\n$$</div>\n"),
    ])
    func rendersCommonMarkdown(markdown: String, html: String) {
        #expect(renderer.render(markdown) == html)
    }

    @Test func trustedHTMLPassesThrough() {
        let trusted = MarkdownRenderer(allowsHTML: true)
        #expect(trusted.render("a <b>raw</b>") == "<p>a <b>raw</b></p>\n")
        #expect(trusted.render("<div>\nhi\n</div>") == "<div>\nhi\n</div>\n")
    }

    @Test func attachmentImagesBecomeDataURIs() {
        let r = MarkdownRenderer(attachments: ["a.png": "data:image/png;base64,AAAA"])
        #expect(r.render("![alt *x*](attachment:a.png)") == "<p><img src=\"data:image/png;base64,AAAA\" alt=\"alt x\"></p>\n")
        #expect(r.render("![m](attachment:missing.png)") == "<p><img src=\"\" alt=\"m\"></p>\n")
    }
}
