"""`quire strip` against the real `nbstripout` executable on crafted notebooks: the keep_output /
init_cell / tags rules, --max-size boundaries, dropped cells, dotted extra keys, the "only rewrite
when changed" rule and the error cases (same exit code, nothing written)."""

from __future__ import annotations

import json
import math

import pytest
from nbstripout._utils import get_size
from strip_support import NBSTRIPOUT, isolated_env, run_oracle_batch, run_tool


def code(source="x = 1", outputs=None, metadata=None, count=1, **extra):
    cell = {"cell_type": "code", "execution_count": count, "metadata": metadata or {}, "source": source,
            "outputs": [stream("out\n"), result(count)] if outputs is None else outputs}
    cell.update(extra)
    return cell


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def result(count, text="42"):
    return {"output_type": "execute_result", "execution_count": count, "metadata": {}, "data": {"text/plain": text}}


def notebook(cells, metadata=None, minor=5):
    for i, cell in enumerate(cells):
        if minor >= 5:
            cell.setdefault("id", f"c{i}")
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": minor}


KEEP_RULES = [
    code(metadata={"keep_output": True}), code(metadata={"keep_output": False}), code(metadata={"tags": ["keep_output"]}),
    code(metadata={"keep_output": True, "tags": ["keep_output"]}), code(metadata={"init_cell": True}),
    code(metadata={"init_cell": False, "tags": ["keep_output"]}), code(metadata={"init_cell": True, "keep_output": False}),
    code(metadata={"init_cell": 0}), code(metadata={"init_cell": "yes"}), code(metadata={"keep_output": "no"}),
    code(metadata={"keep_output": 0}), code(metadata={"keep_output": []}), code(metadata={"tags": "my_keep_output_tag"}),
    code(metadata={"tags": {"keep_output": 1}}), code(metadata={"tags": ["keep", "output"]}),
    {"cell_type": "markdown", "metadata": {"tags": ["keep_output"]}, "source": "# md", "execution_count": 3},
    code(metadata={"collapsed": True, "scrolled": "auto", "ExecuteTime": {"a": 1}, "execution": {}, "hidden": 1}),
    code(prompt_number=7), code(outputs=[]), code(count=None, outputs=[stream("big " * 40, "stderr")]),
    code(outputs=[{"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]},
                  {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo=", "text/plain": "fig"}}]),
]

KEEP_OPTIONS = [[], ["--keep-output"], ["--strip-init-cells"], ["--keep-count"], ["--keep-output", "--strip-init-cells"],
                ["--keep-output-type", "stream"], ["--keep-output-type", "error", "stream:stderr"], ["--max-size", "30"],
                ["--drop-output-type", "stream"], ["--keep-output", "--drop-output-type", "display_data", "stream:stdout"],
                ["--keep-id"], ["--drop-empty-cells", "--drop-tagged-cells", "keep_output"]]

NOTEBOOK_LEVEL = [{}, {"keep_output": True}, {"keep_output": False}, {"keep_output": "0"}, {"keep_output": None},
                  {"keep_output": True, "widgets": {"x": 1}, "signature": "s"}]


def compare_many(quire_bin, tmp_path, cases: list[tuple[bytes, list[str]]], stdin=True):
    """For each (file bytes, options): nbstripout and quire strip a copy in place and (if `stdin`)
    read it from standard input; asserts the same exit codes, files and output. nbstripout runs
    through nbstripout_runner.py, all cases in one process."""
    env = isolated_env(tmp_path)
    jobs = []
    for i, (data, options) in enumerate(cases):
        for tool in ("theirs", "ours"):
            folder = tmp_path / tool / str(i)
            folder.mkdir(parents=True)
            (folder / "nb.ipynb").write_bytes(data)
        jobs.append({"args": [str(tmp_path / "theirs" / str(i) / "nb.ipynb"), *options]})
        if stdin:
            jobs.append({"args": options, "stdin": data})
    outcomes = iter(run_oracle_batch(jobs, env, tmp_path))
    for i, (data, options) in enumerate(cases):
        a = next(outcomes)
        ours = tmp_path / "ours" / str(i) / "nb.ipynb"
        b = run_tool([quire_bin, "strip", str(ours), *options], env, tmp_path)
        context = f"case {i} {options}: nbstripout {a.rc} {a.stderr[-300:]!r}; quire {b.rc} {b.stderr!r}"
        assert b.rc == a.rc, context
        if a.rc == 0:
            assert ours.read_bytes() == (tmp_path / "theirs" / str(i) / "nb.ipynb").read_bytes(), context
        else:
            # nbstripout truncates the file before a failing nbformat.write, leaving it empty; quire
            # never leaves a half-written file.
            assert (tmp_path / "theirs" / str(i) / "nb.ipynb").read_bytes() in (data, b""), context
            assert ours.read_bytes() == data, "a failed strip leaves the file untouched: " + context
            assert b.stderr.strip(), "the error is explained: " + context
        if stdin:
            a_in = next(outcomes)
            b_in = run_tool([quire_bin, "strip", *options], env, tmp_path, input=data)
            assert (b_in.rc, b_in.stdout) == (a_in.rc, a_in.stdout), f"stdin {context}: {a_in.stderr[-300:]!r} / {b_in.stderr!r}"


def keep_rules_notebook(metadata) -> bytes:
    return json.dumps(notebook(json.loads(json.dumps(KEEP_RULES)), metadata), indent=2).encode()


def test_keep_output_rules_under_every_option(quire_bin, tmp_path):
    cases = [(keep_rules_notebook(m), options) for m in NOTEBOOK_LEVEL for options in KEEP_OPTIONS]
    compare_many(quire_bin, tmp_path, cases)


ERROR_CASES = {
    "keep_output false with the tag": notebook([code(), code(metadata={"keep_output": False, "tags": ["keep_output"]})]),
    "keep_output 0 with a tags string": notebook([code(metadata={"keep_output": 0, "tags": "keep_output"})]),
    "tags is a number": notebook([code(metadata={"tags": 3})]),
    "cell metadata is a list": notebook([code() | {"metadata": []}]),
    "cell without metadata": notebook([{"cell_type": "markdown", "source": "x"}]),
    "outputs is a number": notebook([code(outputs=5)]),
    "an output is a string": notebook([code(outputs=["text"])]),
    "code cell without outputs": notebook([{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1}]),
    "stream without text": notebook([code(outputs=[{"output_type": "stream", "name": "stdout"}])], minor=4),
}


def test_errors_match_and_leave_the_file_untouched(quire_bin, tmp_path):
    cases = [(json.dumps(nb).encode(), options) for nb in ERROR_CASES.values()
             for options in ([], ["--keep-output"], ["--keep-count", "--keep-id"])]
    compare_many(quire_bin, tmp_path, cases)


UNREADABLE = [b"", b"{", b"[1, 2]", b'{"nbformat": 5, "nbformat_minor": 0, "cells": [], "metadata": {}}',
              b"\xef\xbb\xbf" + json.dumps(notebook([code()])).encode(),
              json.dumps(notebook([code()])).encode().replace(b"x = 1", b"x = \xff")]


def test_unreadable_input_and_extra_keys_that_break_writing(quire_bin, tmp_path):
    writable = json.dumps(notebook([code(), {"cell_type": "markdown", "metadata": {}, "source": "m"}])).encode()
    cases = [(data, []) for data in UNREADABLE]
    cases += [(writable, ["--extra-keys", keys]) for keys in ("cell.outputs", "cell.metadata", "cell.cell_type", "cell.source")]
    compare_many(quire_bin, tmp_path, cases)


def test_max_size_boundaries(quire_bin, tmp_path):
    outputs = [stream("ü" * 9), result(3, "3.5"), {"output_type": "display_data", "metadata": {"n": [1, 2.5, None, True, False]},
               "data": {"application/json": {"a": 1e-05, "b": -1.5e300, "c": 12345678901234567890123}}}, stream("")]
    data = json.dumps(notebook([code(outputs=[o]) for o in outputs])).encode()
    sizes = sorted({get_size(json.loads(json.dumps(o))) for o in outputs})  # nbstripout's own measure
    values = {str(s + d) for s in sizes for d in (-1, 0, 1)} | {"0", "-1", "1k", "1K", " 25", "+25", "2_5", "1m", "1G"}
    cases = [(data, ["--max-size", v]) for v in sorted(values)]
    cases += [(data, ["--max-size", bad]) for bad in ("10x", "", "k", "1.5k")]
    compare_many(quire_bin, tmp_path, cases)


def test_dropping_cells(quire_bin, tmp_path):
    cells = [code(source=s) for s in ["", "   \n\t", "\u3000", "\x1f", "\u200b", "x", "\x85 \xa0"]]
    cells += [code(metadata={"tags": tags}) for tags in (["a"], ["b"], ["a", "b"], "xab", "a", {"b": 1}, [])]
    cells += [{"cell_type": "markdown", "source": "no metadata tags", "metadata": {}}, code(source=["  ", "\n"])]
    data = json.dumps(notebook(cells)).encode()
    options = (["--drop-empty-cells"], ["--drop-tagged-cells", "a b"], ["--drop-tagged-cells", "b a"],
               ["--drop-tagged-cells", "a"], ["--drop-empty-cells", "--drop-tagged-cells", "  b  "])
    compare_many(quire_bin, tmp_path, [(data, o) for o in options])


def test_dotted_extra_keys_kept_keys_ids_and_unchanged_files(quire_bin, tmp_path):
    nb = notebook([code(metadata={"deep": {"er": 1, "x": 2}, "a.b": 3, "collapsed": False})],
                  {"a.b": 1, "a": {"b": 2, "c": 3}, "widgets": {}, "list": [{"k": 1}]})
    dotted = json.dumps(nb).encode()
    repeated = notebook([code(), code(), code()])
    del repeated["cells"][0]["id"]
    repeated["cells"][2]["id"] = repeated["cells"][1]["id"]
    old = notebook([code(), code(id="kept"), {"cell_type": "raw", "metadata": {}, "source": "r", "id": 5}], minor=4)
    stripped = notebook([code(count=None, outputs=[], source="y"), {"cell_type": "markdown", "metadata": {}, "source": "z"}])
    stripped["cells"][0]["id"], stripped["cells"][1]["id"] = "0", "1"
    stripped["metadata"]["nan"] = math.nan
    unchanged = json.dumps(stripped, indent=4).encode()  # not nbformat's layout: a rewrite would show
    compare_many(quire_bin, tmp_path, [
        (dotted, ["--extra-keys", "metadata.a.b metadata.a.c metadata.x.y cell.metadata.deep.er cell.metadata.a.b "
                                  "metadata.list.k metadata. nodot other.x"]),
        (dotted, ["--keep-metadata-keys", "metadata.widgets cell.metadata.collapsed"]),
        (json.dumps(repeated).encode(), []), (json.dumps(old).encode(), []), (unchanged, []),
        (json.dumps(notebook([code()])).encode(), ["--keep-output-type", "a:b:c"]),
        (json.dumps(notebook([code(outputs=[])])).encode(), ["--keep-output-type", "a:b:c"]),
    ])
    assert (tmp_path / "ours" / "4" / "nb.ipynb").read_bytes() == unchanged


# The real `nbstripout` executable, for the cases where the batch runner could hide something.

def test_the_real_executable_agrees(quire_bin, tmp_path):
    env = isolated_env(tmp_path)
    data = keep_rules_notebook({})
    bad = json.dumps(ERROR_CASES["keep_output false with the tag"]).encode()
    for args, stdin in ((["--keep-count"], data), ([], bad), (["--keep-output-type", "stream", "nb.ipynb"], data)):
        (tmp_path / "nb.ipynb").write_bytes(data)
        a = run_tool([*NBSTRIPOUT, *args], env, tmp_path, input=stdin)
        b = run_tool([quire_bin, "strip", *args], env, tmp_path, input=stdin)
        assert (b.rc, b.stdout) == (a.rc, a.stdout), f"{args}: {a.stderr[-300:]} / {b.stderr}"
        assert (tmp_path / "nb.ipynb").read_bytes() == data, "the file name was taken as an output type"


def test_file_selection_and_stop_at_first_error(quire_bin, tmp_path):
    good = json.dumps(notebook([code()])).encode()
    bad = json.dumps(ERROR_CASES["keep_output false with the tag"]).encode()
    env = isolated_env(tmp_path)
    names = ["a.ipynb", "b.txt", "c.ipynb", "d.ipynb", "e.zpln"]
    contents = [good, good, bad, good, good]
    for args in ([], ["-f"]):
        runs = {}
        for tool, command in (("theirs", NBSTRIPOUT), ("ours", [quire_bin, "strip"])):
            folder = tmp_path / f"{tool}{len(args)}"
            folder.mkdir()
            for name, content in zip(names, contents):
                (folder / name).write_bytes(content)
            runs[tool] = (run_tool([*command, *args, *names], env, folder).rc,
                          [(folder / n).read_bytes() for n in names])
        assert runs["ours"] == runs["theirs"]
        assert runs["ours"][0] == 1
