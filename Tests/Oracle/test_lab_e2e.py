"""End to end: the real JupyterLab 4 front-end in headless Chromium against the server under test
(`quire lab` by default; QUIRE_LAB_SERVER=jupyter runs the same steps against `jupyter lab`).

A notebook is created with the Python 3 kernel; cells print, display HTML, read stdin and are
interrupted, an ipywidgets slider is shown and updated from the kernel; the notebook is saved, reopened after a page reload, and read back from disk with nbformat.
Numbered screenshots of the steps go to $QUIRE_TEST_ARTIFACTS, else .build/test-artifacts/lab_e2e."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import ROOT
from lab_browser import KERNEL_START_TIMEOUT, Lab, Server, browser_log, free_port, start_browser

TOKEN = "quire-e2e-token-0123456789"
NAME = "e2e.ipynb"
WHO = "Ada Lovelace"
CODE = [
    "print(6*7)",
    "from IPython.display import HTML; HTML('<b id=\"quire-html\">bold</b>')",
    "name = input('who? ')",
    "print('hello', name)",
    # The print proves the sleep has begun before the interrupt is sent: ipykernel ignores SIGINT
    # between executions, so an interrupt that arrives too early would be lost.
    "import time; print('sleeping', flush=True); time.sleep(60)",
]
# ipywidgets: the slider renders only if the widgets lab extension loaded and comm_open reached the
# page; the readout changes only if a comm_msg from the kernel reaches the page's widget model.
WIDGET_CODE = [
    "import ipywidgets as w; slider = w.IntSlider(value=7, description='quire'); slider",
    "slider.value = 11",
]


def artifacts_dir() -> Path:
    """The screenshot folder, emptied: $QUIRE_TEST_ARTIFACTS or <repo>/.build/test-artifacts/lab_e2e."""
    folder = Path(os.environ.get("QUIRE_TEST_ARTIFACTS") or ROOT / ".build" / "test-artifacts" / "lab_e2e")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def server_command(request, root: Path) -> tuple[list[str], str | None]:
    """The argv of the chosen server, and the base URL when we chose the port (else read from its output)."""
    kind = os.environ.get("QUIRE_LAB_SERVER", "quire")
    if kind == "jupyter":
        port = free_port()
        jupyter = str(Path(sys.executable).parent / "jupyter")
        return ([jupyter, "lab", str(root), "--no-browser", "--ip", "127.0.0.1", "--port", str(port),
                 f"--ServerApp.token={TOKEN}", "--allow-root"], f"http://127.0.0.1:{port}")
    assert kind == "quire", f"QUIRE_LAB_SERVER must be quire or jupyter, not {kind!r}"
    quire_bin = request.getfixturevalue("quire_bin")
    probe = subprocess.run([quire_bin, "lab", "--help"], capture_output=True, text=True, timeout=60)
    # ArgumentParser answers an unknown subcommand's --help with the top-level help and status 0.
    assert probe.returncode == 0 and "quire lab" in probe.stdout, (
        f"`{quire_bin} lab --help` (exit status {probe.returncode}) shows no `quire lab` usage: no lab command yet?\n"
        f"{probe.stdout}{probe.stderr}")
    return [quire_bin, "lab", str(root), "--ip", "127.0.0.1", "--port", "0", "--token", TOKEN], None


def isolated_env(tmp: Path) -> dict[str, str]:
    """The environment with Jupyter's config, data, runtime and IPython folders moved under tmp."""
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[var] = str(tmp / var.lower())
        Path(env[var]).mkdir()
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture
def lab_server(request, tmp_path):
    """The server under test, serving a fresh root folder; yields (server, base URL, root)."""
    root = tmp_path / "root"
    root.mkdir()
    argv, base_url = server_command(request, root)
    server = Server(argv, isolated_env(tmp_path), cwd=str(tmp_path))
    try:
        printed = server.wait_for_url(KERNEL_START_TIMEOUT)
        assert base_url in (None, printed), f"the server printed {printed}, expected {base_url}"
        yield server, printed, root
    finally:
        server.stop()


def drive_lab(lab: Lab, root: Path) -> None:
    """The browser steps: new notebook, the five cells, save, reload and reopen, with screenshots."""
    lab.open()
    lab.shot("opened")
    lab.new_notebook()
    lab.shot("notebook-kernel-idle")

    lab.run_cell(0, CODE[0])
    assert lab.wait_output(0, "42").strip() == "42"
    lab.run_cell(1, CODE[1])
    bold = lab.find(".jp-OutputArea-output b#quire-html", "the rendered <b>", root=lab.cell(1))
    assert bold.text == "bold"
    lab.shot("print-and-html")

    lab.run_cell(2, CODE[2])
    stdin = lab.find(".jp-Stdin-input", "the stdin input box", root=lab.cell(2))
    assert "who?" in lab.cell(2).text
    lab.shot("stdin-prompt")
    stdin.send_keys(WHO, Keys.ENTER)
    lab.wait_done(2)
    lab.run_cell(3, CODE[3])
    assert lab.wait_output(3, f"hello {WHO}")
    lab.shot("stdin-answered")

    lab.run_cell(4, CODE[4])
    lab.wait_output(4, "sleeping")
    assert "*" in lab.prompt(4), "the sleep should still be running"
    lab.shot("sleeping")
    lab.interrupt()
    lab.wait_output(4, "KeyboardInterrupt", timeout=30)
    lab.wait_done(4)
    lab.wait_kernel_idle()
    lab.shot("interrupted")

    lab.run_cell(5, WIDGET_CODE[0])
    readout = lab.find(".widget-slider .widget-readout", "the rendered IntSlider's readout", root=lab.cell(5))
    assert readout.text == "7", readout.text
    lab.run_cell(6, WIDGET_CODE[1])
    lab.wait_done(6)
    lab.wait_text(readout, "11")
    lab.shot("widget")

    lab.save_as(NAME)
    assert (root / NAME).is_file(), f"{NAME} not written in {root}: {sorted(os.listdir(root))}"
    lab.shot("saved")

    lab.reopen(NAME)
    lab.wait_kernel_idle()
    lab.wait_output(0, "42")
    lab.find(".jp-OutputArea-output b#quire-html", "the rendered <b> after reopening", root=lab.cell(1))
    lab.wait_output(3, f"hello {WHO}")
    lab.wait_output(4, "KeyboardInterrupt")
    sources = [cell.find_element(By.CSS_SELECTOR, ".cm-content").text for cell in lab.cells()]
    assert sources[:5] == CODE, sources
    lab.shot("reopened")


def check_saved_notebook(path: Path) -> None:
    """The notebook on disk is valid and holds the sources and outputs seen in the browser."""
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert [cell.source for cell in cells[:5]] == CODE

    def texts(cell) -> str:
        """Stream text and text/plain and text/html data of a cell's outputs, joined."""
        parts = []
        for out in cell.outputs:
            parts.append(out.get("text", ""))
            parts.extend(out.get("data", {}).get(kind, "") for kind in ("text/plain", "text/html"))
        return "".join(parts)

    assert texts(cells[0]) == "42\n"
    assert '<b id="quire-html">bold</b>' in texts(cells[1])
    assert WHO in texts(cells[2]), "JupyterLab keeps the answered prompt as an output"
    assert f"hello {WHO}" in texts(cells[3])
    errors = [out for out in cells[4].outputs if out.output_type == "error"]
    assert [out.ename for out in errors] == ["KeyboardInterrupt"], cells[4].outputs


def test_lab_notebook_round_trip(lab_server, capsys):
    """JupyterLab runs, interrupts, saves and reopens a notebook on the server under test."""
    server, base_url, root = lab_server
    shots = artifacts_dir()
    with capsys.disabled():
        print(f"\nlab e2e screenshots: {shots}")
    driver = start_browser()
    try:
        drive_lab(Lab(driver, base_url, TOKEN, shots), root)
        check_saved_notebook(root / NAME)
    except Exception as error:
        raise AssertionError(
            f"{type(error).__name__}: {error}\n"
            f"--- screenshots: {shots}\n--- browser console:\n{browser_log(driver)}\n"
            f"--- server output:\n{server.output()}") from error
    finally:
        driver.quit()
