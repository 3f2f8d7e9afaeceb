"""The notebook corpus shared by the differential tests.

Two parts:
- generated: varied notebooks made here from a fixed seed (v4.0 to v4.5, every output type, images,
  HTML, widgets metadata, non-ASCII, odd line ends, floats and big integers, huge outputs, unknown
  keys, other languages);
- real: the test notebooks shipped in the source distributions of nbformat, nbconvert, nbclient,
  nbdime, nbstripout and papermill, downloaded from PyPI once and cached under `.cache/corpus/`
  (never committed).
"""

from __future__ import annotations

import base64
import io
import json
import random
import re
import tarfile
import urllib.request
from pathlib import Path

REAL_SOURCES = [
    ("nbconvert", "7.17.2"),
    ("nbformat", "5.11.1"),
    ("nbclient", "0.11.0"),
    ("nbdime", "4.0.4"),
    ("nbstripout", "0.9.1"),
    ("papermill", "2.7.0"),
]

PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2271b"
        "d90000000049454e44ae426082"
    )
).decode()

WORDS = "alpha beta gamma delta Ωmega naïve café 数据 データ emoji🙂 tab\there".split(" ")


def _lines(rng: random.Random, n: int, end: str = "\n") -> str:
    return end.join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) for _ in range(n))


def _source(rng: random.Random) -> object:
    kind = rng.randint(0, 7)
    if kind == 0:
        return ""
    if kind == 1:
        return [_lines(rng, 1)]
    if kind == 2:
        text = _lines(rng, rng.randint(2, 5)) + ("\n" if rng.random() < 0.5 else "")
        return text  # a plain string, as some writers store it
    if kind == 3:
        return [line + "\n" for line in _lines(rng, 3).split("\n")]
    if kind == 4:
        return "windows\r\nline ends\r\nhere"
    if kind == 5:
        return ["a\u2028b\u2029c\x0bd\x0ce\x1cf\x85g\rh"]
    if kind == 6:
        return ["no newline", " joined"]
    return ['print("quotes \\"and\\" back\\\\slashes")\n', "x = {'a': [1, 2.5, None]}\n", "%matplotlib inline"]


def _outputs(rng: random.Random, count: int | None) -> list:
    outs = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.randint(0, 8)
        if kind == 0:
            outs.append({"output_type": "stream", "name": rng.choice(["stdout", "stderr"]), "text": _lines(rng, 3) + "\n"})
        elif kind == 1:
            outs.append({"output_type": "stream", "name": "stdout", "text": ["one\n", "two"]})
        elif kind == 2:
            outs.append({
                "output_type": "execute_result", "execution_count": count, "metadata": {},
                "data": {"text/plain": ["<b>%s</b>" % rng.choice(WORDS)], "text/html": "<b>bold</b>\n<i>it</i>"},
            })
        elif kind == 3:
            outs.append({
                "output_type": "display_data", "metadata": {"image/png": {"width": 10, "height": 10}},
                "data": {"image/png": PNG_1PX, "text/plain": "<Figure size 10x10>"},
            })
        elif kind == 4:
            outs.append({
                "output_type": "display_data", "metadata": {},
                "data": {
                    "application/vnd.jupyter.widget-view+json": {"model_id": "abc123", "version_major": 2, "version_minor": 0},
                    "application/json": {"z": [1, 2, {"y": None}], "a": 0.1, "big": 12345678901234567890123},
                    "text/plain": "Widget",
                },
            })
        elif kind == 5:
            outs.append({
                "output_type": "error", "ename": "ValueError", "evalue": "bad value ü",
                "traceback": ["\x1b[0;31m---------\x1b[0m", "\x1b[0;31mValueError\x1b[0m: bad value ü"],
            })
        elif kind == 6:
            outs.append({
                "output_type": "display_data", "metadata": {},
                "data": {"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1" height="1"/>\n</svg>',
                         "application/javascript": "console.log('hi');\nalert(1)", "text/latex": "$x^2$",
                         "text/markdown": "**md** output"},
            })
        elif kind == 7:
            outs.append({"output_type": "execute_result", "execution_count": count, "metadata": {"scrapbook": {"name": "x"}},
                         "data": {"text/plain": "3.14", "application/scrapbook.scrap.json+json": {"data": [1.5, 1e-05, 1e16]}}})
        else:
            outs.append({"output_type": "stream", "name": "stdout", "text": "progress\r50%\r100%\n\x08done\n"})
    return outs


def _cell_metadata(rng: random.Random, cell_type: str) -> dict:
    meta: dict = {}
    options = [
        ("tags", lambda: rng.sample(["parameters", "keep_output", "hide", "slow", "injected-parameters"], rng.randint(1, 2))),
        ("collapsed", lambda: rng.random() < 0.5),
        ("scrolled", lambda: rng.choice([True, False, "auto"])),
        ("ExecuteTime", lambda: {"end_time": "2020-01-01T00:00:01.000Z", "start_time": "2020-01-01T00:00:00.500Z"}),
        ("jupyter", lambda: {"source_hidden": True, "outputs_hidden": False}),
        ("papermill", lambda: {"duration": 0.123, "status": "completed", "exception": False}),
        ("Zeta", lambda: {"b": 1, "B": 2, "a10": 3, "a2": 4, "é": 5, "e": 6}),
        ("keep_output", lambda: rng.random() < 0.5),
        ("init_cell", lambda: rng.random() < 0.5),
        ("heading_collapsed", lambda: True),
        ("hidden", lambda: True),
    ]
    if cell_type == "code":
        options.append(("execution", lambda: {"iopub.execute_input": "2021-01-01T00:00:00.1Z", "shell.execute_reply": "2021-01-01T00:00:00.2Z"}))
    for key, make in rng.sample(options, rng.randint(0, 4)):
        meta[key] = make()
    return meta


def _notebook(rng: random.Random, index: int) -> dict:
    minor = rng.choice([0, 1, 2, 3, 4, 5, 5, 5])
    language = rng.choice(["python", "python", "python", "R", "julia", "bash"])
    meta: dict = {
        "kernelspec": {"name": {"python": "python3", "R": "ir", "julia": "julia-1.9", "bash": "bash"}[language],
                       "display_name": language.title(), "language": language},
        "language_info": {"name": language, "file_extension": {"python": ".py", "R": ".r", "julia": ".jl", "bash": ".sh"}[language]},
    }
    if language == "python":
        meta["language_info"].update({"codemirror_mode": {"name": "ipython", "version": 3}, "mimetype": "text/x-python",
                                      "nbconvert_exporter": "python", "pygments_lexer": "ipython3", "version": "3.11.7"})
    extras = [
        ("widgets", {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2, "version_minor": 0}}),
        ("papermill", {"parameters": {"x": 1}, "duration": 1.5, "start_time": "2024-01-01T00:00:00.000000", "exception": None}),
        ("title", "Notebook ☃ %d" % index),
        ("numbers", {"float": 0.1, "tiny": 1e-05, "huge": 1e16, "neg": -2.5e-300, "whole": 3.0, "big": 2**80, "neg0": -0.0}),
        ("celltoolbar", "Tags"),
        ("signature", "sha256:deadbeef"),
        ("keep_output", True),
        ("unknown_tool", {"nested": {"": [], "list": [[], {}], "Key": "v"}}),
    ]
    for key, value in rng.sample(extras, rng.randint(0, 4)):
        meta[key] = value
    cells = []
    count = 0
    for c in range(rng.randint(0, 12)):
        cell_type = rng.choice(["code", "code", "code", "markdown", "raw"])
        cell: dict = {"cell_type": cell_type, "metadata": _cell_metadata(rng, cell_type), "source": _source(rng)}
        if minor >= 5:
            cell["id"] = "%s-%d" % (rng.choice(["cell", "a1b2c3d4", "X_y"]), c)
        if cell_type == "code":
            count += 1
            ec = rng.choice([count, None])
            cell["execution_count"] = ec
            cell["outputs"] = _outputs(rng, ec)
        elif cell_type == "raw" and rng.random() < 0.5:
            cell["metadata"]["format"] = rng.choice(["text/x-python", "text/html", "text/markdown", "text/restructuredtext"])
        elif cell_type == "markdown" and rng.random() < 0.3 and minor >= 1:
            cell["source"] = "An image: ![pic](attachment:pic.png)\n"
            cell["attachments"] = {"pic.png": {"image/png": PNG_1PX, "text/plain": ["pic\n", "ture"]}}
        cells.append(cell)
    return {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": minor}


def generate(directory: Path, count: int = 300, seed: int = 20261122) -> list[Path]:
    """Writes `count` varied notebooks (plus a few special ones) into `directory` as plain
    `json.dumps` output (not nbformat's canonical form), and returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        nb = _notebook(rng, i)
        style = rng.randint(0, 2)
        if style == 0:
            text = json.dumps(nb)
        elif style == 1:
            text = json.dumps(nb, indent=2, ensure_ascii=True)
        else:
            text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path = directory / ("gen-%04d.ipynb" % i)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    huge = _notebook(random.Random(seed + 1), 9999)
    huge["cells"].append({"cell_type": "code", "execution_count": 1, "id": "huge", "metadata": {}, "source": "print('x' * 10**6)",
                          "outputs": [{"output_type": "stream", "name": "stdout", "text": ("x" * 999 + "\n") * 1000}]})
    huge["nbformat_minor"] = 5
    for cell in huge["cells"]:
        cell.setdefault("id", "h%d" % id(cell))
    path = directory / "huge.ipynb"
    path.write_text(json.dumps(huge), encoding="utf-8")
    paths.append(path)
    empty = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = directory / "empty.ipynb"
    path.write_text(json.dumps(empty), encoding="utf-8")
    paths.append(path)
    return paths


def collect_real(cache: Path) -> list[Path]:
    """The test notebooks from the pinned sdists, downloaded once into `cache`. Returns [] when PyPI
    cannot be reached (the generated corpus still runs)."""
    done = cache / ".complete"
    if not done.exists():
        cache.mkdir(parents=True, exist_ok=True)
        for name, version in REAL_SOURCES:
            index = urllib.request.urlopen(f"https://pypi.org/simple/{name}/", timeout=60).read().decode()
            links = re.findall(r'href="([^"]+/%s-%s\.tar\.gz)[^"]*"' % (re.escape(name), re.escape(version)), index)
            data = urllib.request.urlopen(links[0], timeout=120).read()
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                for member in tar.getmembers():
                    if member.isfile() and member.name.endswith(".ipynb"):
                        target = cache / name / member.name.split("/", 1)[-1].replace("/", "__")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(tar.extractfile(member).read())
        done.write_text("ok\n")
    return sorted(p for p in cache.rglob("*.ipynb"))
