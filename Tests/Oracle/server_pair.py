"""The two servers under comparison: jupyter_server as reference, and `quire server` (or, with
QUIRE_DIFF_AGAINST=jupyter, a second jupyter_server) as candidate, on two identical seeded roots."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from server_support import Server, start_server

AGAINST = os.environ.get("QUIRE_DIFF_AGAINST", "quire")
TOKEN = "differential-token-0123"

NOTEBOOK = nbformat.v4.new_notebook(
    cells=[nbformat.v4.new_markdown_cell("# Title\nSome *text*.", id="cell-md"),
           nbformat.v4.new_code_cell("x = 1\nprint(x + 1)", id="cell-code", execution_count=1,
                                     outputs=[nbformat.v4.new_output("stream", name="stdout", text="2\n")])],
    metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
TEXT = "hello, wörld\nsecond line\n"
BINARY = bytes(range(256)) + b"\x00\xff\xfe"


def seed_root(root: Path) -> None:
    """Writes the seed files: a notebook, a text file, a binary file, a subdirectory, a hidden file."""
    root.mkdir(parents=True, exist_ok=True)
    nbformat.write(NOTEBOOK, str(root / "demo.ipynb"))
    (root / "notes.txt").write_text(TEXT, encoding="utf-8")
    (root / "data.bin").write_bytes(BINARY)
    (root / "sub").mkdir()
    (root / "sub" / "inner.txt").write_text("inner\n", encoding="utf-8")
    (root / ".secret").write_text("hidden\n", encoding="utf-8")


def start_pair(tmp: Path, quire_bin: str | None) -> tuple[Server, Server]:
    """Starts the reference and the candidate server (in parallel), each on its own seeded root."""
    kinds = ("jupyter", AGAINST)
    for i in range(2):
        seed_root(tmp / f"root{i}")

    def start(i: int) -> Server:
        """Starts server i on root i with its own Jupyter dirs."""
        return start_server(kinds[i], tmp / f"root{i}", TOKEN, tmp / f"env{i}", quire_bin=quire_bin)

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(start, i) for i in range(2)]
        results, errors = [], []
        for f in futures:
            try:
                results.append(f.result())
            except Exception as e:  # noqa: BLE001 -- stop whatever did start, then fail with both errors
                errors.append(str(e))
    if errors:
        for s in results:
            s.stop()
        pytest.fail("could not start the servers:\n" + "\n".join(errors), pytrace=False)
    return results[0], results[1]


def candidate_binary(request) -> str | None:
    """The quire binary when quire is compared (a missing binary fails the test, it never skips)."""
    if AGAINST == "jupyter":
        return None
    if AGAINST != "quire":
        pytest.fail(f"QUIRE_DIFF_AGAINST must be 'quire' or 'jupyter', not {AGAINST!r}", pytrace=False)
    try:
        return request.getfixturevalue("quire_bin")
    except (Exception, pytest.skip.Exception) as e:  # noqa: BLE001 -- errors and skips become failures
        pytest.fail(f"`quire server` is not available: {e}", pytrace=False)
