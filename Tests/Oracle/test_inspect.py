"""`quire inspect` against papermill 2.7.0: the text `papermill --help-notebook` prints after its usage
line, its exit code, `inspect_notebook`'s dict for `--json`, and the warnings for lines it cannot
parse, on generated parameter cells (annotations, type comments, help, multi-line values, bad lines)."""

from __future__ import annotations

import json
import logging
import random

import pytest
from conftest import run_quire
from papermill import inspect_notebook
from papermill_support import notebook, quire_warnings, run_papermill, write_json

LINES = [
    "alpha = 0.1", "alpha: float = 0.1  # learning rate", "name = 'world'  # type: str", "n: \"int\" = 3 # type: float   how many",
    "t: List[int] = []", "u: np.ndarray = 1", "x = \"a#b\"  # hash", "bad = a == b", "d = dict(a=1)", "1x = 2", "w =",
    "   indented = 5   ", "# a comment line", "", "   ", "opts = {", '    "a": 1,  # first', '    "b": [1, 2]', "}  # the options",
    "lst = [", "  1,", "  2]", "très_long_nom_de_paramètre_ici = 'é'  # aide", "tab\t=\t1\t#\thelp", "k: 'Dict[str, int]' = {}",
    "v:Optional[str]=None#type:ignore", "z = 1 # type:  int  trailing words", "q = 2 # type:", "s = '''doc'''",
    "y: int", "just words", "e = 1e-3  #  spaced help  ", "p = (1,", "     2)", "r = x if y else z  # cond", "ß = 'ss'",
    "name2 = \"O'Brien\"  # type: str  # double", "a.b = 3", "c[0] = 1", "f = lambda x: x", "__dunder__ = True",
]


def cell_sources():
    rng = random.Random(11)
    sources = ["\n".join(rng.choice(LINES) for _ in range(rng.randint(1, 14))) for _ in range(80)]
    return sources + ["\n".join(LINES), "", "x = 1\r\ny = 2\rz = 3\x0bw = 4\u2028v = 5"]


def papermill_inspect(path):
    """inspect_notebook's result and the warnings papermill logs on the way."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    logger = logging.getLogger("papermill")
    handler, level = Collect(level=logging.WARNING), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        return inspect_notebook(str(path)), records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.mark.parametrize("index", range(len(cell_sources())))
def test_inspect_matches_papermill(quire_bin, tmp_path, index):
    source = cell_sources()[index]
    write_json(tmp_path / "nb.ipynb", notebook([("markdown", "m", []), ("code", source, ["parameters"]), ("code", "x", [])]))
    expected, expected_warnings = papermill_inspect(tmp_path / "nb.ipynb")
    help_text = run_papermill(["nb.ipynb", "--help-notebook"], tmp_path)
    assert help_text.exit_code == 0

    ours = run_quire(quire_bin, "inspect", "nb.ipynb", cwd=str(tmp_path))
    assert ours.returncode == 0, ours.stderr.decode()
    assert ours.stdout.decode() == help_text.output.split("\n", 2)[2]
    assert quire_warnings(ours.stderr) == expected_warnings

    ours_json = run_quire(quire_bin, "inspect", "nb.ipynb", "--json", cwd=str(tmp_path))
    assert ours_json.returncode == 0
    assert json.loads(ours_json.stdout) == expected
    assert list(json.loads(ours_json.stdout)) == list(expected)


@pytest.mark.parametrize("cells,kernelspec", [
    ([("code", "a = 1", [])], None),  # no parameters cell: exit 1
    ([("code", "a <- 1", ["parameters"])], {"name": "ir", "language": "R", "display_name": "R"}),  # no introspection for R
    ([("code", "", ["parameters"])], None),  # nothing to infer
    ([("code", "a = 1", ["x", "parameters"]), ("code", "b = 2", ["parameters"])], None),  # the first one counts
])
def test_special_notebooks_match_papermill(quire_bin, tmp_path, cells, kernelspec):
    nb = notebook(cells) if kernelspec is None else notebook(cells, kernelspec=kernelspec, language_info=kernelspec["language"])
    write_json(tmp_path / "nb.ipynb", nb)
    theirs = run_papermill(["nb.ipynb", "--help-notebook"], tmp_path)
    ours = run_quire(quire_bin, "inspect", "nb.ipynb", cwd=str(tmp_path))
    assert ours.returncode == theirs.exit_code
    assert ours.stdout.decode() == theirs.output.split("\n", 2)[2]
    expected, expected_warnings = papermill_inspect(tmp_path / "nb.ipynb")
    ours_json = run_quire(quire_bin, "inspect", "nb.ipynb", "--json", cwd=str(tmp_path))
    assert ours_json.returncode == 0 and json.loads(ours_json.stdout) == expected
    assert quire_warnings(ours_json.stderr) == expected_warnings


def test_not_a_notebook_is_named(quire_bin, tmp_path):
    (tmp_path / "x.ipynb").write_text("{}")
    proc = run_quire(quire_bin, "inspect", "x.ipynb", cwd=str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.decode() == "quire: x.ipynb: not a notebook: the required key 'nbformat' is missing\n"
