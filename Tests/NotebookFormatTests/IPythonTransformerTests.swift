// SPDX-License-Identifier: Apache-2.0

import NotebookFormat
import Testing

struct IPythonTransformerTests {
    @Test(arguments: [
        ("%time x", "get_ipython().run_line_magic('time', 'x')\n"),
        ("!ls", "get_ipython().system('ls')\n"),
        ("!!ls", "get_ipython().getoutput('ls')\n"),
        ("x = !ls", "x = get_ipython().getoutput('ls')\n"),
        ("x = %who", "x = get_ipython().run_line_magic('who', '')\n"),
        ("%%bash\necho hi", "get_ipython().run_cell_magic('bash', '', 'echo hi\\n')\n"),
        ("%matplotlib inline", "get_ipython().run_line_magic('matplotlib', 'inline')\n"),
        ("a?", "get_ipython().run_line_magic('pinfo', 'a')\n"),
        ("a.b??", "get_ipython().run_line_magic('pinfo2', 'a.b')\n"),
        ("?a", "get_ipython().run_line_magic('pinfo', 'a')\n"),
        ("np.*sum*?", "get_ipython().run_line_magic('psearch', 'np.*sum*')\n"),
        ("%time?", "get_ipython().run_line_magic('pinfo', '%time')\n"),
        ("?", "get_ipython().show_usage()\n"),
        (",f a b", "f(\"a\", \"b\")\n"),
        ("/f a b", "f(a, b)\n"),
        ("!ls \\\n  -la", "get_ipython().system('ls    -la')\n"),
        ("if x:\n    !ls\n", "if x:\n    get_ipython().system('ls')\n"),
        ("s = '%time x'", "s = '%time x'\n"),
        ("'''\n!ls\n'''", "'''\n!ls\n'''\n"),
        ("  %time x\n  y", "get_ipython().run_line_magic('time', 'x')\ny\n"),
        (">>> x = 1\n... y", "x = 1\ny\n"),
        ("In [3]: %pwd", "get_ipython().run_line_magic('pwd', '')\n"),
        ("%run \"it's.py\"", "get_ipython().run_line_magic('run', '\"it\\'s.py\"')\n"),
        ("%time café", "get_ipython().run_line_magic('time', 'café')\n"),
        ("", "\n"),
    ])
    func translatesIPythonSyntax(source: String, python: String) {
        #expect(IPythonTransformer.transformCell(source) == python)
    }

    @Test func badIndentationLeavesTheSyntaxAlone() {
        #expect(IPythonTransformer.transformCell("if x:\n    a\n  !ls") == "if x:\n    a\n  !ls\n")
    }

    @Test(arguments: [
        ("abc", "'abc'"), ("it's", "\"it's\""), ("a'b\"c", "'a\\'b\"c'"), ("tab\there\n", "'tab\\there\\n'"),
        ("\u{7}", "'\\x07'"), ("é数", "'é数'"), ("\u{200B}", "'\\u200b'"), ("\\", "'\\\\'"),
    ])
    func pythonRepr(text: String, repr: String) {
        #expect(PythonString.repr(text) == repr)
    }
}
