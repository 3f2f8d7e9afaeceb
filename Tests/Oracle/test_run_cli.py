"""`quire run` as a command: saving while a cell runs (a killed quire loses nothing that ran),
Ctrl-C, timeouts, a dying kernel, standard input and output, progress and --log-output."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from conftest import run_quire
from test_run_execute import notebook

TICKS = "import time\nfor i in range(600):\n    print('tick', i, flush=True)\n    time.sleep(0.05)"


def wait_for(predicate, what: str, deadline: float = 60.0):
    """Polls `predicate` until it holds (the event), failing after `deadline` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def saved(path: Path):
    """The notebook at `path` if it exists and parses (an atomic save is never half-written)."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def ticks_in(nb, index: int) -> int:
    text = "".join("".join(o.get("text", [])) for o in nb["cells"][index].get("outputs", []))
    return text.count("tick")


def start(quire_bin, tmp_path: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([quire_bin, "run", *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_killed_run_leaves_everything_that_ran_on_disk(quire_bin, tmp_path):
    nbformat.write(notebook("print('first')", TICKS, "print('never')"), tmp_path / "in.ipynb")
    proc = start(quire_bin, tmp_path, "in.ipynb", "out.ipynb", "--autosave-cell-every", "0.5")
    out = tmp_path / "out.ipynb"
    try:
        nb = wait_for(lambda: (lambda nb: nb if nb and ticks_in(nb, 1) >= 5 else None)(saved(out)),
                      "a save during the long cell")
    finally:
        proc.kill()
        proc.communicate()
    nb = saved(out)
    nbformat.validate(nbformat.from_dict(nb))
    assert nb["cells"][0]["outputs"][0]["text"] == ["first\n"]
    assert nb["cells"][0]["metadata"]["papermill"]["status"] == "completed"
    assert nb["cells"][1]["metadata"]["papermill"]["status"] == "running"
    assert ticks_in(nb, 1) >= 5


def test_ctrl_c_interrupts_and_records_it(quire_bin, tmp_path):
    nbformat.write(notebook("print('first')", TICKS, "print('never')"), tmp_path / "in.ipynb")
    proc = start(quire_bin, tmp_path, "in.ipynb", "out.ipynb", "--autosave-cell-every", "0.2")
    wait_for(lambda: (lambda nb: nb and ticks_in(nb, 1) >= 2)(saved(tmp_path / "out.ipynb")), "the long cell to run")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert "interrupted while running cell 2" in err.decode()
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    nbformat.validate(nb)
    cell = next(c for c in nb.cells if "tick" in c.source)
    assert cell.metadata.papermill.status == "failed"
    assert cell.metadata.quire.failure == "interrupted"
    assert cell.outputs[-1].ename == "KeyboardInterrupt"
    assert nb.metadata.quire.failure.reason == "interrupted"


def test_a_timeout_is_reported_as_a_timeout(quire_bin, tmp_path):
    nbformat.write(notebook("import time\ntime.sleep(30)", "print('never')"), tmp_path / "in.ipynb")
    q = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--execution-timeout", "1", cwd=str(tmp_path))
    assert q.returncode == 124, q.stderr.decode()
    assert "timed out" in q.stderr.decode()
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "sleep" in c.source)
    assert cell.metadata.papermill.status == "failed"
    assert cell.metadata.quire.failure == "timeout"
    assert nb.cells[-1].metadata.papermill.status == "pending"


def test_a_dying_kernel_is_reported_as_such(quire_bin, tmp_path):
    nbformat.write(notebook("print('ok')", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "print('never')"),
                   tmp_path / "in.ipynb")
    q = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", cwd=str(tmp_path))
    assert q.returncode == 138, q.stderr.decode()
    assert "the kernel died while running cell 2" in q.stderr.decode()
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    nbformat.validate(nb)
    cell = next(c for c in nb.cells if "SIGKILL" in c.source)
    assert cell.metadata.quire.failure == "kernel_died"
    assert cell.outputs[-1].ename == "DeadKernelError"
    assert "SIGKILL" in cell.outputs[-1].evalue or "signal 9" in cell.outputs[-1].evalue


def test_standard_input_and_output(quire_bin, tmp_path):
    src = nbformat.writes(notebook(("x = 1", ["parameters"]), "print(x * 2)"))
    q = run_quire(quire_bin, "run", "-", "-", "-p", "x", "21", input=src.encode(), cwd=str(tmp_path))
    assert q.returncode == 0, q.stderr.decode()
    nb = nbformat.reads(q.stdout.decode(), as_version=4)
    assert nb.cells[2].outputs[0].text == "42\n"
    assert nb.metadata.papermill.input_path == "-"


def test_log_lines_when_not_a_terminal_and_log_output(quire_bin, tmp_path):
    nbformat.write(notebook("print('hello')", "1 + 1"), tmp_path / "in.ipynb")
    plain = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", cwd=str(tmp_path)).stderr.decode()
    assert "Cell 1/2 completed in" in plain and "Cell 2/2 completed in" in plain
    logged = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--log-output", cwd=str(tmp_path)).stderr.decode()
    assert "Executing Cell 1---" in logged and "Ending Cell 2---" in logged
    assert "\nhello\n" in logged and "\n2\n" in logged


def test_bad_input_names_the_problem(quire_bin, tmp_path):
    (tmp_path / "bad.ipynb").write_text('{"cells": [}')
    q = run_quire(quire_bin, "run", "bad.ipynb", "out.ipynb", cwd=str(tmp_path))
    assert q.returncode != 0 and "bad.ipynb" in q.stderr.decode() and "line 1" in q.stderr.decode()
    nbformat.write(notebook("1"), tmp_path / "in.ipynb")
    q = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "-k", "no-such-kernel", cwd=str(tmp_path))
    assert q.returncode == 1 and "no-such-kernel" in q.stderr.decode()
    assert not (tmp_path / "out.ipynb").exists() or nbformat.read(tmp_path / "out.ipynb", as_version=4)


def test_cwd_sets_the_kernels_working_directory(quire_bin, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.csv").write_text("1,2\n")
    nbformat.write(notebook("print(open('x.csv').read().strip())"), tmp_path / "in.ipynb")
    q = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--cwd", "data", cwd=str(tmp_path))
    assert q.returncode == 0, q.stderr.decode()
    assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0].outputs[0].text == "1,2\n"


def test_progress_line_redraws_on_a_terminal(quire_bin, tmp_path):
    """On a terminal, standard error shows one line redrawn in place (carriage return, erase)."""
    import os
    import pty

    nbformat.write(notebook("import time; time.sleep(1.2)", "1"), tmp_path / "in.ipynb")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([quire_bin, "run", "in.ipynb", "out.ipynb"], cwd=tmp_path,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    text = seen.decode(errors="replace")
    assert "\r\x1b[K" in text
    assert "Executing in.ipynb: 0/2 cells  running cell 1" in text
    assert "2/2 cells" in text
    assert "Cell 1/2 completed" not in text, "no plain log lines on a terminal"
