"""Helpers for the papermill differential tests: papermill 2.7.0 run in-process through its click
command, notebooks to run, parameter values generated from a fixed seed, a YAML writer that carries
every value exactly (explicit float tags, escaped strings), and notebook normalisation."""

from __future__ import annotations

import json
import logging
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path

import nbformat

PYTHON_KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


@dataclass
class PapermillResult:
    exit_code: int
    exception: BaseException | None
    output: str
    warnings: list[str]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def run_papermill(args: list[str], cwd: Path) -> PapermillResult:
    """`papermill ARGS` in this process (click's test runner), in `cwd`, with its warnings."""
    from click.testing import CliRunner
    from papermill.cli import papermill

    handler = _Collect()
    logger = logging.getLogger("papermill")
    logger.addHandler(handler)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(papermill, args)
    finally:
        os.chdir(old)
        logger.removeHandler(handler)
    exception = result.exception if not isinstance(result.exception, SystemExit) else None
    return PapermillResult(result.exit_code, exception, result.output, handler.messages)


def quire_warnings(stderr: bytes) -> list[str]:
    prefix = "quire: warning: "
    return [line[len(prefix):] for line in stderr.decode().splitlines() if line.startswith(prefix)]


def notebook(cells, kernelspec=PYTHON_KERNELSPEC, language_info="python", minor=5) -> dict:
    """An nbformat 4 notebook from (cell_type, source, tags) triples, as a JSON dict."""
    out = []
    for i, (cell_type, source, tags) in enumerate(cells):
        cell = {"cell_type": cell_type, "metadata": {"tags": tags} if tags is not None else {}, "source": source}
        if minor >= 5:
            cell["id"] = f"cell-{i}"
        if cell_type == "code":
            cell.update(execution_count=None, outputs=[])
        out.append(cell)
    metadata = {}
    if kernelspec is not None:
        metadata["kernelspec"] = kernelspec
    if language_info is not None:
        metadata["language_info"] = {"name": language_info}
    return {"cells": out, "metadata": metadata, "nbformat": 4, "nbformat_minor": minor}


def write_json(path: Path, value) -> Path:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# MARK: - Values


def _printable_in_yaml(ch: str) -> bool:
    o = ord(ch)
    printable = 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or o >= 0x10000
    return printable and o not in (0xFEFF, 0x2028, 0x2029)  # BOM and YAML 1.1 line breaks are escaped


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that PyYAML and libyaml read back as exactly `text`."""
    out = ['"']
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif _printable_in_yaml(ch):
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append("\\U%08x" % ord(ch))
    out.append('"')
    return "".join(out)


def to_yaml(value) -> str:
    """Flow-style YAML for a JSON-like value; floats carry `!!float` so every float survives."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "!!float .nan"
        if math.isinf(value):
            return "!!float -.inf" if value < 0 else "!!float .inf"
        return "!!float '%r'" % value
    if isinstance(value, str):
        return yaml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(to_yaml(v) for v in value) + "]"
    return "{" + ", ".join(f"{yaml_string(k)}: {to_yaml(v)}" for k, v in value.items()) + "}"


STRING_ALPHABET = list("abcXYZ019 _-.,;:/'\"\\{}[]#$%&*!?=<>@`~|^") + [
    "\n", "\t", "\r", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\xa0", "é", "ß", "Ω", "中", "\u200b", "\u2028",
    "\ufeff", "\ufffd", "😀", "\U0010fffd", "e\u0301",
]
FLOATS = [0.0, -0.0, 1.5, 1e-05, 1e-4, 1e16, 1e15, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, 123.456, 1e22, -2.5e-7,
          float("nan"), float("inf"), float("-inf"), 1000.0, 3.141592653589793]
INTS = [0, 1, -1, 7, 2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**53 + 1, 2**63 - 1, 2**63, -2**63 - 1, 10**30, -10**40]


def random_string(rng: random.Random) -> str:
    text = "".join(rng.choice(STRING_ALPHABET) for _ in range(rng.randint(0, 12)))
    # Yams drops a byte-order mark at the start of a YAML string (a known difference, tested on its own).
    return "x" + text if text.startswith("\ufeff") else text


def random_value(rng: random.Random, depth: int = 0):
    kind = rng.choice(["str", "str", "int", "float", "bool", "none", "list", "dict"] if depth < 3 else ["str", "int", "float"])
    if kind == "str":
        return random_string(rng)
    if kind == "int":
        return rng.choice(INTS)
    if kind == "float":
        return rng.choice(FLOATS)
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_string(rng): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def contains(value, predicate) -> bool:
    if predicate(value):
        return True
    if isinstance(value, list):
        return any(contains(v, predicate) for v in value)
    if isinstance(value, dict):
        return any(contains(v, predicate) for v in value.values())
    return False


# MARK: - Comparing notebooks


def injected_cell(nb: dict) -> dict:
    cells = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(cells) == 1, f"expected one injected cell, found {len(cells)}"
    return cells[0]


def normalised(nb: dict, all_ids: bool = False) -> dict:
    """The notebook with random cell ids (the injected cell's, or all of them) and papermill's
    version replaced by placeholders."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        if all_ids or "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "RANDOM"
    papermill = nb["metadata"].get("papermill")
    if isinstance(papermill, dict) and "version" in papermill:
        papermill["version"] = "VERSION"
    return nb


def same_bytes_but_ids(ours: bytes, theirs: bytes, ours_nb: dict, theirs_nb: dict) -> bool:
    """Quire's file equals papermill's byte for byte once the injected cell's random id is the same
    in both (papermill writes no final newline; Quire writes nbformat.write's)."""
    try:
        ours_id, theirs_id = injected_cell(ours_nb)["id"], injected_cell(theirs_nb)["id"]
    except AssertionError:
        return ours == theirs + b"\n"
    ours = ours.replace(f'"id": "{ours_id}"'.encode(), b'"id": "RANDOM"')
    theirs = theirs.replace(f'"id": "{theirs_id}"'.encode(), b'"id": "RANDOM"')
    return ours == theirs + b"\n"


def validate(path: Path) -> None:
    nbformat.validate(nbformat.read(str(path), as_version=nbformat.NO_CONVERT))
