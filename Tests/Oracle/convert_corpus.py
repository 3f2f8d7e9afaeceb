"""Generated code-cell sources full of IPython syntax, for comparing `quire convert --to script`
with nbconvert's `ipython2python` (IPython's TransformerManager)."""

from __future__ import annotations

import json
import random
from pathlib import Path

FRAGMENTS = [
    # line magics
    "%time x", "%timeit -n1 -r1 f(x)", "%matplotlib inline", "%load_ext autoreload", "%autoreload 2",
    "%config InlineBackend.figure_format = 'retina'", "%env A=1", "%cd ..", "%pwd", "%who", "%%time?",
    "%time café = 1", "%run -i 'script.py'", "%pip install 'numpy<2'", "%conda install x", "%time",
    "%%%x", "% time x", "%time\tx", "%store -r data", "%lsmagic",
    # cell magics (only count at the start of a cell)
    "%%bash\necho hi\nls", "%%writefile f.py\nprint('a')\n", "%%time\nx = 1", "%%capture out --no-stderr\nprint(1)",
    "%%html\n<b>x</b>", "%%javascript\nconsole.log('x')", "%%R -i df\nplot(df)", "%%sql\nselect 1",
    "%%bash  \n", "%%script python3\nprint(\"it's\")", "%%latex\n\\alpha",
    # shell
    "!ls -la", "!!ls", "!echo 'a' \"b\"", "files = !ls", "x = !echo $HOME", "a, b = !ls", "x=!ls",
    "!pip install numpy", "! ls", "!echo 数据 🙂", "x = ! ls", "y = %who_ls", "y = %time f(x)",
    "z = %%bash", "d['k'] = !ls", "x == !ls", "x = 1 if y else !ls",
    # help
    "x?", "x??", "np.sum?", "np.sum??", "?x", "??x", "obj.attr[0]?", "obj.attr[-1]??", "a*b?", "np.*sum*?",
    "%time?", "%%bash?", "f(x)?", "x.y?z?", "?", "??", "1x?", "x.1y?", "   x?", "print(x?)", "x ?",
    "obj.method()?", "x[0][1]?", "x?\ny = 2",
    # autocall escapes
    ",f a b", ";f a b  c", "/f a b", "/", ",f", "/print 1 2",
    # continuations
    "!ls \\\n  -la \\\n  -h", "%time \\\nx", "x = !ls \\\n -la", "y = %time \\\n   f(x)", "a = 1 + \\\n  2",
    # blocks
    "if x:\n    !ls\n    %time y\nelse:\n    x = !ls", "for i in range(3):\n    %time f(i)", "def f():\n    x = !ls\n    return x",
    "with open(f) as g:\n    g?", "class A:\n    %who\n    pass", "if x:\n\t!ls\n\t%time y",
    # strings and comments
    "s = '%time x'", "s = \"!ls\"", "'''\n!ls\n%time x\n'''", "\"\"\"\n>>> x\n\"\"\"", "# %time x\n%time y",
    "s = f'{x!r}'", "s = 'a' # !ls", "x = '''a\n%time\n''' ; !ls", "r'\\'", "b'x' + u'y'", "s = 'unterminated",
    "s = \"unterminated\\\ncontinued\"", "x = '''unterminated\n%time x", "a = (1,\n%time x\n)",
    # prompts
    ">>> x = 1\n>>> y = 2", ">>> for i in range(2):\n...     print(i)", "In [1]: x = 1\n   ...: y = 2",
    "In [12]: %time x", "[ins] In [3]: !ls", ">>> %time x\n>>> !ls", "   >>> x", "...: y", "In [x]: y",
    "x = '''\n>>> not a prompt\n'''\n>>> y", ">>>x", "...", "x = ...",
    # indentation, blank lines, odd whitespace
    "   %time x\n   y", "\n\n%time x", "  \n  !ls\n", "if x:\n    a\n  b", "x = %", "x = (", "a = 1 +\\\n",
    "x = %time \\\ny", "%time x\r\n!ls\r\n", "x\x0c = 1", "\t%time x", "print('ok')\n\n\n", "",
    "   ", "\n", "x = 1;\n%time x;", "@decorator\ndef f(): pass", "lambda: !ls", "x = [!ls]",
    "x = {'a': 1}\n%time x['a']", "async def f():\n    await x\n    !ls", "0x1F?", "1.5e3j?",
    "x = 1_000?", "print(\"\"\"a\"\"\")?", "x = y = %time z", "x: int = !ls", "x += !ls",
]


def sources(count: int = 400, seed: int = 4242) -> list[str]:
    """Every fragment alone, then random mixes of fragments with random leading indentation."""
    rng = random.Random(seed)
    out = list(FRAGMENTS)
    while len(out) < count:
        parts = rng.sample(FRAGMENTS, rng.randint(2, 5))
        text = "\n".join(parts)
        if rng.random() < 0.2:
            text = "    " + text.replace("\n", "\n    ")
        if rng.random() < 0.1:
            text = "\n" + text
        if rng.random() < 0.1:
            text += "\n"
        out.append(text)
    return out


PY_INFO = {"name": "python", "nbconvert_exporter": "python", "file_extension": ".py",
           "mimetype": "text/x-python", "pygments_lexer": "ipython3"}


def write_notebooks(directory: Path, per_notebook: int = 1) -> list[Path]:
    """The sources as Python notebooks, `per_notebook` code cells each (with a markdown cell and
    a raw cell so the whole template is exercised)."""
    directory.mkdir(parents=True, exist_ok=True)
    items = sources()
    paths = []
    for start in range(0, len(items), per_notebook):
        cells = []
        for k, src in enumerate(items[start:start + per_notebook]):
            cells.append({"cell_type": "code", "execution_count": (k + 1) if k % 3 else None, "id": f"c{k}",
                          "metadata": {}, "outputs": [], "source": src})
        cells.append({"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Notes\n%time is *not* run\n"})
        cells.append({"cell_type": "raw", "id": "r", "metadata": {}, "source": "raw text"})
        nb = {"cells": cells, "metadata": {"language_info": PY_INFO}, "nbformat": 4, "nbformat_minor": 5}
        path = directory / f"magics_{start:04d}.ipynb"
        path.write_text(json.dumps(nb), encoding="utf-8")
        paths.append(path)
    return paths
