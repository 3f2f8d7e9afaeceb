"""`quire format` writes exactly what nbformat writes, on the whole corpus."""

from __future__ import annotations

import warnings

import nbformat
import pytest
from conftest import run_quire


def nbformat_bytes(path) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
        text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def has_missing_or_repeated_ids(path) -> bool:
    """nbformat gives such cells random ids, so bytes cannot be compared."""
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        return False
    ids = [c.get("id") for c in nb.get("cells", [])]
    return None in ids or len(set(ids)) != len(ids)


def test_format_is_byte_identical_to_nbformat(quire_bin, v4_corpus):
    compared = 0
    mismatches = []
    for path in v4_corpus:
        if has_missing_or_repeated_ids(path):
            continue
        result = run_quire(quire_bin, "format", "-", input=path.read_bytes())
        assert result.returncode == 0, f"{path}: {result.stderr.decode()}"
        if result.stdout != nbformat_bytes(path):
            mismatches.append(path.name)
        compared += 1
    assert compared > 250
    assert not mismatches, f"{len(mismatches)} of {compared} differ: {mismatches[:10]}"


def test_missing_ids_are_generated_like_nbformat(quire_bin, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("x"), nbformat.v4.new_code_cell("2")]
    del nb.cells[0]["id"]
    nb.cells[2]["id"] = nb.cells[1]["id"]
    import json

    result = run_quire(quire_bin, "format", "-", input=json.dumps(nb).encode())
    assert result.returncode == 0
    out = json.loads(result.stdout)
    ids = [c["id"] for c in out["cells"]]
    assert len(set(ids)) == 3 and all(len(i) == 8 for i in (ids[0], ids[2]))
    assert ids[1] == nb.cells[1]["id"]


def test_upgrade_matches_nbformat_upgrade(quire_bin, tmp_path):
    import json

    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# t"},
                    {"cell_type": "code", "metadata": {}, "source": "1", "outputs": [], "execution_count": None}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 2}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(nb))
    result = run_quire(quire_bin, "format", "--upgrade", str(path))
    assert result.returncode == 0, result.stderr
    ours = json.loads(path.read_text())
    upgraded = nbformat.v4.upgrade(nbformat.from_dict(json.loads(json.dumps(nb))), from_version=4, from_minor=2)
    theirs = json.loads(nbformat.writes(upgraded))
    for a, b in zip(ours["cells"], theirs["cells"]):
        assert len(a.pop("id")) == len(b.pop("id")) == 8
    assert ours == theirs


@pytest.mark.parametrize(
    "text, expected",
    [
        (b'{"cells": [}', b"line 1, column 12"),
        (b'{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5,\n}', b"line 6, column 1"),
        (b'{"cells": [], "nbformat": 4, "nbformat_minor": 5}', b"'metadata' is missing"),
        (b'{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}', b"'cells' is missing"),
        (b"[1, 2]", b"top level is a JSON array"),
        (b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', b"nbformat 3"),
        (b"\xff\xfe", b"not valid UTF-8"),
    ],
)
def test_bad_input_is_reported_with_location(quire_bin, tmp_path, text, expected):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(text)
    result = run_quire(quire_bin, "format", str(path))
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert str(path).encode() in result.stderr
    assert path.read_bytes() == text, "a failed command must leave the file untouched"


def test_numbers_and_strings_are_written_as_python_writes_them(quire_bin):
    import json
    import random
    import struct

    rng = random.Random(7)
    floats = [0.1, 1e-05, 1e-04, 1e16, 1e15, 123456789012345678.0, 5e-324, 1.7976931348623157e308, -0.0, 2.5, 1.0]
    floats += [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(3000)]
    floats += [rng.uniform(-1e6, 1e6) for _ in range(1000)] + [float(rng.randint(-10**17, 10**17)) for _ in range(500)]
    floats = [f for f in floats if f == f and abs(f) != float("inf")]
    ints = [0, -1, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 10**40, -(10**40)]
    strings = ["\x00\x01\x1f\x7f", "\u2028\u2029", "é and e\u0301", "\"\\/", "🙂", "\ud7ff\ue000\uffff"]
    keys = {"b": 1, "B": 2, "a10": 3, "a2": 4, "é": 5, "e\u0301": 6, "": 7, "\U0001f600": 8, "\uffff": 9}
    nb = {"cells": [], "metadata": {"floats": floats, "ints": ints, "strings": strings, "keys": keys,
                                    "special": [float("nan"), float("inf"), float("-inf")]},
          "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb)
    result = run_quire(quire_bin, "format", "-", input=text.encode())
    assert result.returncode == 0, result.stderr
    expected = nbformat.writes(nbformat.reads(text, as_version=nbformat.NO_CONVERT)) + "\n"
    assert result.stdout.decode() == expected


@pytest.mark.parametrize(
    "command",
    [["format", "--check"], ["validate", "--quiet"], ["convert", "--to", "script", "--stdout", "--quiet"],
     ["convert", "--to=markdown", "--stdout", "-q"]],
)
def test_long_command_lines_reach_every_file_in_order(quire_bin, v4_corpus, command):
    # More than 64 files take quire's fast path past ArgumentParser (LongFileList) in every command
    # that takes files: with the options before, between or after the files, one long command must
    # print what the same files give in short commands (up to 64 files, the usual parser), in order.
    names = [str(p) for p in v4_corpus[:150]]
    assert len(names) == 150
    name, options = command[0], command[1:]
    expected_out, expected_err = b"", b""
    for chunk in (names[:50], names[50:100], names[100:]):
        result = run_quire(quire_bin, name, *options, *chunk)
        expected_out += result.stdout
        expected_err += result.stderr
    layouts = [[*options, *names], [*names[:70], *options, *names[70:]], [*names, *options], [*options, "--", *names]]
    for layout in layouts:
        result = run_quire(quire_bin, name, *layout)
        assert (result.stdout, result.stderr) == (expected_out, expected_err), layout[:3]
