"""`quire validate` agrees with `nbformat.validate`: verdicts, error locations, messages and bad input.

nbformat's verdict is `nbformat.validator.validate` on the parsed JSON with warnings ignored: it
repairs missing and repeated cell ids (4.5+) before checking, so those notebooks are valid for it
(and for quire, which warns). `isvalid` does not repair them; see test_ids_are_warnings.
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from pathlib import Path

import nbformat
import pytest
from conftest import run_quire
from nbformat import validator as nbvalidator
from validate_mutations import mutations

# MARK: - Verdicts against nbformat


def nbformat_verdict(document) -> tuple[str, list | None, str]:
    """("valid" | "invalid" | "crash", error path, message) from nbformat.validate."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbvalidator.validate(copy.deepcopy(document))
    except nbvalidator.ValidationError as error:
        return "invalid", list(error.absolute_path), error.message
    except Exception as error:  # nbformat fails on some malformed input (e.g. a cell_type that is a number)
        return "crash", None, repr(error)
    return "valid", None, ""


def render_path(parts: list) -> str:
    """A path as quire writes it: cells[3].outputs[0].data["image/png"]."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += ("." if out else "") + part
        else:
            out += "[" + json.dumps(part, ensure_ascii=False) + "]"
    return out or "(top level)"


def quire_reports(quire_bin, paths: list[Path]) -> dict[str, list[str]]:
    """Runs `quire validate --verbose` on all files at once; returns each file's lines (file prefix removed)."""
    result = run_quire(quire_bin, "validate", "--verbose", *map(str, paths))
    assert result.returncode in (0, 1), result.stderr
    reports: dict[str, list[str]] = {str(p): [] for p in paths}
    for line in result.stdout.decode().splitlines():
        name, _, rest = line.partition(".ipynb: ")
        assert name + ".ipynb" in reports, f"unexpected output line: {line}"
        reports[name + ".ipynb"].append(rest)
    assert result.stderr.decode().strip().startswith(f"{len(paths)} files checked"), result.stderr
    return reports


def errors_of(lines: list[str]) -> list[str]:
    return [line for line in lines if line != "valid" and not re.match(r"^.*?: warning: ", line)]


def compare(quire_bin, tmp_path: Path, documents: list[tuple[str, object]]) -> dict:
    """Writes each document, validates all with both tools, and returns the disagreements."""
    paths = []
    for i, (_, document) in enumerate(documents):
        path = tmp_path / f"v{i:05d}.ipynb"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    reports = quire_reports(quire_bin, paths)
    stats = {"valid": 0, "invalid": 0, "crash": 0, "paths compared": 0}
    verdicts, locations = [], []
    for (label, document), path in zip(documents, paths):
        status, where, message = nbformat_verdict(document)
        stats[status] += 1
        lines = reports[str(path)]
        ours_valid = "valid" in lines
        if ours_valid != (status == "valid"):
            verdicts.append(f"{label}: nbformat {status} ({message[:80]}), quire {lines[:2]}")
            continue
        if status != "invalid" or message.startswith("No schema"):
            continue  # nothing to locate (nbformat's version error has no path)
        first = errors_of(lines)[0]
        stats["paths compared"] += 1
        if not first.startswith(render_path(where) + ": "):
            locations.append(f"{label}: nbformat at {render_path(where)} ({message[:60]}), quire: {first}")
    return {"verdicts": verdicts, "locations": locations, "stats": stats}


@pytest.fixture(scope="module")
def bases(v4_corpus) -> list[dict]:
    """Small valid notebooks of every minor version, with every output type among them."""
    return base_notebooks(v4_corpus)


def base_notebooks(v4_corpus) -> list[dict]:
    """Small valid notebooks of every minor version, with every output type among them."""
    chosen, per_minor, output_types = [], {}, set()
    for path in v4_corpus:
        if path.stat().st_size > 40_000:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        if nbformat_verdict(document)[0] != "valid":
            continue
        minor = document.get("nbformat_minor", 0)
        types = {o.get("output_type") for c in document["cells"] for o in c.get("outputs", [])}
        cell_types = {c.get("cell_type") for c in document["cells"]}
        if per_minor.get(minor, 0) >= 3 and types <= output_types:
            continue
        if len(cell_types) < 2 and per_minor.get(minor, 0) >= 1:
            continue
        chosen.append(document)
        per_minor[minor] = per_minor.get(minor, 0) + 1
        output_types |= types
    assert set(per_minor) >= set(range(6)), per_minor
    assert output_types >= {"stream", "execute_result", "display_data", "error"}
    return chosen


def test_corpus_verdicts_match_nbformat(quire_bin, v4_corpus, tmp_path):
    documents = [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in v4_corpus]
    result = compare(quire_bin, tmp_path, documents)
    assert not result["verdicts"], "\n".join(result["verdicts"][:20])
    assert not result["locations"], "\n".join(result["locations"][:20])
    assert result["stats"]["valid"] > 250


def test_mutated_notebooks_match_nbformat(quire_bin, bases, tmp_path):
    documents = [m for nb in bases for m in mutations(nb)]
    result = compare(quire_bin, tmp_path, documents)
    stats = result["stats"]
    print(f"{len(documents)} mutated notebooks: {stats}")
    assert not result["verdicts"], f"{len(result['verdicts'])} verdicts differ:\n" + "\n".join(result["verdicts"][:30])
    assert not result["locations"], f"{len(result['locations'])} locations differ:\n" + "\n".join(result["locations"][:30])
    assert stats["invalid"] > 500 and stats["valid"] > 100 and stats["paths compared"] > 500


def test_every_nbformat_error_is_reported(quire_bin, bases, tmp_path):
    """nbformat's iter_validate gives one (narrowed) error per schema failure: quire reports each location."""
    cases = []
    for label, document in [m for nb in bases[:8] for m in mutations(nb)]:
        # Two more problems at the top, so that most notebooks have several.
        document["extra"] = 1
        if isinstance(document.get("metadata"), dict):
            document["metadata"]["kernelspec"] = {"name": 5}
        minor = document.get("nbformat_minor")
        if nbformat_verdict(document)[0] != "invalid" or not isinstance(minor, int) or isinstance(minor, bool) or minor < 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            d = copy.deepcopy(document)
            nbvalidator._normalize(d, 4, d["nbformat_minor"], True, relax_add_props=False, strip_invalid_metadata=False)
            try:
                theirs = {render_path(list(e.absolute_path)) for e in nbvalidator.iter_validate(d)}
            except Exception:  # nbformat fails on some malformed input (e.g. a cell_type that is a number)
                continue
        path = tmp_path / f"e{len(cases):05d}.ipynb"
        path.write_text(json.dumps(document))
        cases.append((label, path, theirs))
    reports = quire_reports(quire_bin, [path for _, path, _ in cases])
    missing = []
    for label, path, theirs in cases:
        ours = {line.split(": ", 1)[0] for line in errors_of(reports[str(path)])}
        if not theirs <= ours:
            missing.append(f"{label}: nbformat {sorted(theirs)}, quire {sorted(ours)}")
    assert not missing, "\n".join(missing[:20])
    assert sum(len(theirs) > 1 for _, _, theirs in cases) > 5


# MARK: - Messages, warnings and bad input


def small_notebook(minor: int = 5) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = minor
    nb.cells = [nbformat.v4.new_code_cell("1"), nbformat.v4.new_markdown_cell("x"), nbformat.v4.new_code_cell("2")]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    document = json.loads(json.dumps(nb))
    if minor < 5:
        for cell in document["cells"]:
            del cell["id"]
    return document


def validate_text(quire_bin, tmp_path, document, *args):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(document) if not isinstance(document, bytes) else document.decode(errors="replace"))
    return path, run_quire(quire_bin, "validate", *args, str(path))


def test_a_problem_names_the_branch_path_and_rule(quire_bin, tmp_path):
    document = small_notebook()
    del document["cells"][2]["outputs"]
    document["cells"][0]["outputs"][0]["name"] = 5
    path, result = validate_text(quire_bin, tmp_path, document)
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines == [
        f"{path}: cells[0].outputs[0].name: stream output: 5 is not of type \"string\" "
        "(rule: type at #/definitions/stream/properties/name)",
        f"{path}: cells[2]: code cell: \"outputs\" is a required property (rule: required at #/definitions/code_cell)",
    ]
    assert nbformat_verdict(document)[1] == ["cells", 0, "outputs", 0, "name"]
    assert result.stderr.decode() == "1 file checked, 1 invalid\n"


def test_ids_are_warnings_as_in_nbformat_validate(quire_bin, tmp_path):
    document = small_notebook()
    del document["cells"][0]["id"]
    document["cells"][2]["id"] = document["cells"][1]["id"]
    path, result = validate_text(quire_bin, tmp_path, document)
    assert nbformat_verdict(document)[0] == "valid"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert not nbvalidator.isvalid(copy.deepcopy(document))  # isvalid does not repair ids
    assert result.returncode == 0, result.stdout
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}: cells[0]: warning: cell has no \"id\"")
    assert lines[1].startswith(f"{path}: cells[2].id: warning: duplicate cell id")
    assert "1 with warnings" in result.stderr.decode()
    quiet = run_quire(quire_bin, "validate", "--quiet", str(path))
    assert quiet.returncode == 0 and quiet.stdout == b"" and quiet.stderr == b""


def test_an_id_in_a_4_4_notebook_is_an_error(quire_bin, tmp_path):
    document = small_notebook(minor=4)
    document["cells"][1]["id"] = "abc"
    _, result = validate_text(quire_bin, tmp_path, document)
    assert nbformat_verdict(document)[0] == "invalid"
    assert result.returncode == 1
    assert b'cells[1]: markdown cell: additional property not allowed: "id"' in result.stdout


@pytest.mark.parametrize(
    "text, expected",
    [
        (b'{"cells": [}', b"not valid JSON: line 1, column 12"),
        (b"[1, 2]", b"not a notebook: the top level is a JSON array"),
        (b'{"cells": [], "metadata": {}}', b"not a notebook: the required key 'nbformat' is missing"),
        (b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', b"nbformat 3 notebooks are not supported"),
        (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', b'(top level): "cells" is a required property'),
        (b"\xff\xfe", b"not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(quire_bin, tmp_path, text, expected):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(text)
    result = run_quire(quire_bin, "validate", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path).encode() + b": ") and expected in lines[0], result.stdout


def test_directories_stdin_and_exit_status(quire_bin, tmp_path):
    good = small_notebook()
    bad = small_notebook()
    bad["cells"][0]["execution_count"] = -1
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.ipynb").write_text(json.dumps(good))
    (tmp_path / "sub" / "b.ipynb").write_text(json.dumps(bad))
    (tmp_path / "notes.txt").write_text("not a notebook")
    result = run_quire(quire_bin, "validate", "--verbose", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        f"{tmp_path}/a.ipynb: valid",
        f"{tmp_path}/sub/b.ipynb: cells[0].execution_count: code cell: -1 is less than the minimum of 0 "
        "(rule: minimum at #/definitions/code_cell/properties/execution_count)",
    ]
    assert result.stderr.decode() == "2 files checked, 1 invalid\n"
    piped = run_quire(quire_bin, "validate", "-", input=json.dumps(good).encode())
    assert piped.returncode == 0 and piped.stdout == b""
    assert run_quire(quire_bin, "validate", str(tmp_path / "missing.ipynb")).returncode == 1
