"""Targeted mutations of valid notebooks, for comparing `quire validate` with `nbformat.validate`.

Each mutation changes one thing a schema rule is about (a required key removed, a wrong type, a bad
enum value, an id that breaks the pattern, ...). Some mutations leave the notebook valid on purpose
(values the schema accepts, or repairs nbformat makes); the test does not know which: it asks nbformat.
"""

from __future__ import annotations

import copy
from typing import Callable, Iterator

Mutation = tuple[str, dict]

REQUIRED = {
    "code": ["cell_type", "metadata", "source", "outputs", "execution_count"],
    "markdown": ["cell_type", "metadata", "source"],
    "raw": ["cell_type", "metadata", "source"],
}
OUTPUT_REQUIRED = {
    "execute_result": ["output_type", "data", "metadata", "execution_count"],
    "display_data": ["output_type", "data", "metadata"],
    "stream": ["output_type", "name", "text"],
    "error": ["output_type", "ename", "evalue", "traceback"],
}
BIG = 10**30


def _variant(nb: dict, label: str, change: Callable[[dict], object]) -> Mutation:
    d = copy.deepcopy(nb)
    change(d)
    return (label, d)


def _set(path: list, value) -> Callable[[dict], None]:
    def change(d):
        target = d
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return change


def _drop(path: list) -> Callable[[dict], None]:
    def change(d):
        target = d
        for step in path[:-1]:
            target = target[step]
        target.pop(path[-1], None)
    return change


def mutations(nb: dict) -> Iterator[Mutation]:
    """Every mutation that applies to this (valid) notebook."""
    yield from _top_level(nb)
    yield from _notebook_metadata(nb)
    seen_types = set()
    for index, cell in enumerate(nb["cells"]):
        kind = cell.get("cell_type")
        if kind in REQUIRED and kind not in seen_types:
            seen_types.add(kind)
            yield from _cell(nb, index, cell)
    seen_outputs = set()
    for index, cell in enumerate(nb["cells"]):
        for k, output in enumerate(cell.get("outputs", [])):
            kind = output.get("output_type")
            if kind in OUTPUT_REQUIRED and kind not in seen_outputs:
                seen_outputs.add(kind)
                yield from _output(nb, ["cells", index, "outputs", k], output)
    yield from _future(nb)


def _top_level(nb: dict) -> Iterator[Mutation]:
    for key in ["metadata", "nbformat_minor", "cells"]:
        yield _variant(nb, f"drop {key}", _drop([key]))
    yield _variant(nb, "unknown top-level key", _set(["extra"], 1))
    yield _variant(nb, "metadata is a list", _set(["metadata"], []))
    for value in ["5", 1.5, 5.5, 7.0, True, 99, -1, 5.0, 3.0, BIG, -BIG, float("nan"), None]:
        yield _variant(nb, f"nbformat_minor {value!r}", _set(["nbformat_minor"], value))
    for value in [{}, None, 5]:
        yield _variant(nb, f"cells {value!r}", _set(["cells"], value))
    yield _variant(nb, "a cell that is a number", lambda d: d["cells"].append(5))


def _notebook_metadata(nb: dict) -> Iterator[Mutation]:
    for label, key, value in [
        ("empty kernelspec", "kernelspec", {}),
        ("kernelspec name is a number", "kernelspec", {"name": 1, "display_name": "x"}),
        ("kernelspec is a string", "kernelspec", "python3"),
        ("language_info without name", "language_info", {"version": "3"}),
        ("codemirror_mode is a number", "language_info", {"name": "python", "codemirror_mode": 3}),
        ("codemirror_mode is an object", "language_info", {"name": "python", "codemirror_mode": {"name": "ipython"}}),
        ("orig_nbformat 0", "orig_nbformat", 0),
        ("orig_nbformat string", "orig_nbformat", "4"),
        ("title is a number", "title", 5),
        ("authors is an object", "authors", {}),
        ("authors items are numbers", "authors", [1]),
    ]:
        yield _variant(nb, label, _set(["metadata", key], value))


def _cell(nb: dict, index: int, cell: dict) -> Iterator[Mutation]:
    kind = cell["cell_type"]
    at = ["cells", index]
    minor = nb.get("nbformat_minor", 0)
    for key in REQUIRED[kind] + (["id"] if "id" in cell else []):
        yield _variant(nb, f"{kind} cell without {key}", _drop(at + [key]))
    others = [t for t in REQUIRED if t != kind]
    for value in [5, "foo", "unrecognized", others[0], None]:
        yield _variant(nb, f"{kind} cell_type {value!r}", _set(at + ["cell_type"], value))
    for key, value in [("metadata", []), ("source", 5), ("source", ["a", 1]), ("source", {"a": "b"}), ("extra", 1)]:
        yield _variant(nb, f"{kind} {key} = {value!r}", _set(at + [key], value))
    for value in [{}, {"a.png": {"image/png": 5}}, {"a.png": "x"}, 5, {"a.png": {"application/json": {"x": 1}}}]:
        yield _variant(nb, f"{kind} attachments {value!r}", _set(at + ["attachments"], value))
    if minor >= 5:
        for value in ["x" * 65, "x" * 64, "", "bad id!", "ok\n", "\u00e9t\u00e9", 5, None]:
            yield _variant(nb, f"{kind} id {value!r}", _set(at + ["id"], value))
        if len(nb["cells"]) > 1:
            other = 1 if index == 0 else 0
            yield _variant(nb, f"{kind} duplicate id", _set(at + ["id"], nb["cells"][other].get("id")))
    else:
        yield _variant(nb, f"{kind} id before 4.5", _set(at + ["id"], "abc"))
    meta = at + ["metadata"]
    for value in [["a", "a"], ["a,b"], "a", [1], [], ["ok", "fine"], ["a\nb"]]:
        yield _variant(nb, f"{kind} tags {value!r}", _set(meta + ["tags"], value))
    for value in ["", 5, "a\nb", "a\n", "\n", "ok"]:
        yield _variant(nb, f"{kind} name {value!r}", _set(meta + ["name"], value))
    for value in [5, {"source_hidden": "x"}]:
        yield _variant(nb, f"{kind} jupyter metadata {value!r}", _set(meta + ["jupyter"], value))
    if kind == "code":
        for key, value in [("collapsed", "yes"), ("scrolled", "auto"), ("scrolled", 1), ("scrolled", "x"),
                           ("execution", 5), ("execution", {"iopub.status.busy": 5}), ("execution", {"custom": 5}),
                           ("execution", {"multi\nline": 5}), ("execution", {"end\n": 5})]:
            yield _variant(nb, f"code metadata {key} = {value!r}", _set(meta + [key], value))
        for value in [-1, "1", 1.5, True, BIG, -BIG, None, 0]:
            yield _variant(nb, f"code execution_count {value!r}", _set(at + ["execution_count"], value))
        yield _variant(nb, "code outputs is an object", _set(at + ["outputs"], {}))
    if kind == "raw":
        yield _variant(nb, "raw format is a number", _set(meta + ["format"], 5))


def _output(nb: dict, at: list, output: dict) -> Iterator[Mutation]:
    kind = output["output_type"]
    for key in OUTPUT_REQUIRED[kind]:
        yield _variant(nb, f"{kind} output without {key}", _drop(at + [key]))
    # Not "output" or "cell": nbformat recurses without end on those (its narrowing re-enters itself).
    for value in ["foo", 5, "cell_id", "misc", "unrecognized_output", "stream" if kind != "stream" else "error"]:
        yield _variant(nb, f"{kind} output_type {value!r}", _set(at + ["output_type"], value))
    yield _variant(nb, f"{kind} extra key", _set(at + ["extra"], 1))
    if kind == "stream":
        for key, value in [("name", 5), ("name", "weird"), ("text", 5), ("text", [1]), ("text", ["a", None])]:
            yield _variant(nb, f"stream {key} = {value!r}", _set(at + [key], value))
    if kind in ("execute_result", "display_data"):
        for value in [5, {"text/plain": 5}, {"text/plain": ["a", 1]}, {"application/json": {"a": 1}},
                      {"application/vnd.x+json": 5}, {"application/json\n": 5}, {"text/json": 5}, {"a": "b"}]:
            yield _variant(nb, f"{kind} data {value!r}", _set(at + ["data"], value))
        yield _variant(nb, f"{kind} metadata 5", _set(at + ["metadata"], 5))
    if kind == "execute_result":
        for value in [-1, "x", None]:
            yield _variant(nb, f"execute_result execution_count {value!r}", _set(at + ["execution_count"], value))
    if kind == "error":
        for key, value in [("ename", 5), ("evalue", None), ("traceback", "x"), ("traceback", [1])]:
            yield _variant(nb, f"error {key} = {value!r}", _set(at + [key], value))


def _future(nb: dict) -> Iterator[Mutation]:
    """A notebook from a newer minor version: nbformat relaxes the schema."""
    def future(change):
        def both(d):
            d["nbformat_minor"] = 9
            for cell in d["cells"]:
                cell.setdefault("id", "c%d" % id(cell))
            change(d)
        return both
    yield _variant(nb, "future: unknown cell type", future(lambda d: d["cells"].append({"cell_type": "widget", "metadata": {}})))
    yield _variant(nb, "future: unknown cell type without metadata",
                   future(lambda d: d["cells"].append({"cell_type": "widget"})))
    yield _variant(nb, "future: extra keys", future(lambda d: (d.__setitem__("x", 1), d["cells"] and d["cells"][0].__setitem__("x", 1))))
    yield _variant(nb, "future: bad execution_count", future(
        lambda d: d["cells"].append({"cell_type": "code", "id": "z", "metadata": {}, "source": "", "outputs": [], "execution_count": "x"})))
    yield _variant(nb, "future: unknown output type", future(lambda d: d["cells"].append(
        {"cell_type": "code", "id": "z", "metadata": {}, "source": "", "execution_count": None, "outputs": [{"output_type": "hologram"}]})))
    yield _variant(nb, "future: bad mime value", future(lambda d: d["cells"].append(
        {"cell_type": "code", "id": "z", "metadata": {}, "source": "", "execution_count": None,
         "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"text/plain": 5}}]})))
