"""`quire kernelspec list` against `jupyter kernelspec list` run by the same Python, in the same
environment: byte-identical text, and the --json form equal as JSON (and byte for byte)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_quire

# Variables that steer jupyter_core's paths; removed so that only what a scenario sets applies.
PATH_VARIABLES = ("JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_PREFER_ENV_PATH", "JUPYTER_PLATFORM_DIRS",
                  "XDG_DATA_HOME", "XDG_DATA_DIRS", "IPYTHONDIR", "CONDA_PREFIX", "CONDA_DEFAULT_ENV",
                  "JUPYTER_CONFIG_DIR", "PYTHONUSERBASE")


def install(data_dir: Path, directory_name: str, spec: dict | str) -> None:
    """Writes <data_dir>/kernels/<directory_name>/kernel.json (a dict as JSON, a str verbatim)."""
    folder = data_dir / "kernels" / directory_name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8")


def spec(display_name: str, language: str = "python", **extra) -> dict:
    return {"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": display_name, "language": language, **extra}


def jupyter_list(python: str, env: dict, cwd: Path, *flags: str) -> subprocess.CompletedProcess:
    """What `jupyter kernelspec list` prints (the `jupyter-kernelspec` script runs this app)."""
    return subprocess.run([python, "-m", "jupyter_client.kernelspecapp", "list", *flags],
                          capture_output=True, env=env, cwd=cwd, timeout=120)


def quire_list(quire_bin: str, python: str, env: dict, cwd: Path, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([quire_bin, "kernelspec", "list", "--python", python, *flags],
                          capture_output=True, env=env, cwd=cwd, timeout=120)


def compare(quire_bin: str, python: str, env: dict, cwd: Path) -> str:
    """Asserts both listings agree and returns jupyter's text (for scenario-specific checks)."""
    expected = jupyter_list(python, env, cwd)
    got = quire_list(quire_bin, python, env, cwd)
    assert expected.returncode == 0, expected.stderr.decode()
    assert got.returncode == 0, got.stderr.decode()
    assert got.stdout == expected.stdout, f"\nquire:\n{got.stdout.decode()}\njupyter:\n{expected.stdout.decode()}"
    expected_json = jupyter_list(python, env, cwd, "--json")
    got_json = quire_list(quire_bin, python, env, cwd, "--json")
    assert got_json.returncode == 0, got_json.stderr.decode()
    assert json.loads(got_json.stdout) == json.loads(expected_json.stdout)
    assert got_json.stdout == expected_json.stdout
    return expected.stdout.decode()


@pytest.fixture
def env(tmp_path: Path) -> dict:
    """The process environment without Jupyter path variables, with a fresh empty HOME."""
    clean = {k: v for k, v in os.environ.items() if k not in PATH_VARIABLES}
    home = tmp_path / "home"
    home.mkdir()
    clean["HOME"] = str(home)
    return clean


def test_jupyter_path_data_dir_precedence_and_malformed_specs(quire_bin, env, tmp_path):
    first, second, data = tmp_path / "first", tmp_path / "second", tmp_path / "data"
    install(first, "alpha", spec("Alpha"))
    install(first, "Mixed-Case.Kernel_1", spec("Mixed case", interrupt_mode="Message", env={"A": "1"}))
    install(first, "shared", spec("Shared from first"))
    install(second, "shared", spec("Shared from second"))
    install(second, "beta", spec("Bêta ✓ 😀", "r", metadata={"debugger": True, "x": [1, 2.5, None]}))
    install(second, "a-very-long-kernel-name-that-sets-the-column-width", spec("Long"))
    install(data, "gamma", spec("Gamma", kernel_protocol_version="5.5"))
    install(data, "python3", spec("Python from the data dir"))  # the venv's own python3 comes first
    install(data, "broken", '{"argv": [')                      # listed in text, left out of --json
    install(data, "bad-mode", json.dumps(spec("x", interrupt_mode="never")))
    install(data, "not an object", "[1, 2]")
    install(data, "bad name", spec("Space in name"))
    install(data, "extra-keys", {**spec("Extra"), "future_key": {"k": 1}, "mimetype": "text/x-python"})
    install(data, "empty", "{}")
    (data / "kernels" / "no-kernel-json").mkdir()
    (data / "kernels" / "a-file").write_text("not a directory")
    env.update(JUPYTER_PATH=f"{first}:{second}/", JUPYTER_DATA_DIR=str(data))
    text = compare(quire_bin, sys.executable, env, tmp_path)
    assert "Shared from" not in text and f"{first}/kernels/shared" in text
    assert "broken" in text and "mixed-case.kernel_1" in text


def test_xdg_data_home(quire_bin, env, tmp_path):
    xdg = tmp_path / "xdg"
    install(xdg / "jupyter", "from-xdg", spec("XDG"))
    env["XDG_DATA_HOME"] = str(xdg)
    assert "from-xdg" in compare(quire_bin, sys.executable, env, tmp_path)


def test_default_user_data_dir_under_home(quire_bin, env, tmp_path):
    install(Path(env["HOME"]) / ".local" / "share" / "jupyter", "home-kernel", spec("Home"))
    assert "home-kernel" in compare(quire_bin, sys.executable, env, tmp_path)


@pytest.mark.parametrize("prefer_env", ["0", "1", "off", "yes"])
def test_prefer_env_path(quire_bin, env, tmp_path, prefer_env):
    data = tmp_path / "data"
    install(data, "python3", spec("User python3"))
    env.update(JUPYTER_DATA_DIR=str(data), JUPYTER_PREFER_ENV_PATH=prefer_env)
    compare(quire_bin, sys.executable, env, tmp_path)


def test_platform_dirs(quire_bin, env, tmp_path):
    xdg, site1, site2 = tmp_path / "xdg", tmp_path / "site1", tmp_path / "site2"
    install(xdg / "jupyter", "platform-user", spec("User"))
    install(site1 / "jupyter", "site-one", spec("Site one"))
    install(site2 / "jupyter", "site-two", spec("Site two"))
    install(site2 / "jupyter", "site-one", spec("Shadowed"))
    env.update(JUPYTER_PLATFORM_DIRS="1", XDG_DATA_HOME=str(xdg), XDG_DATA_DIRS=f"{site1}:relative:{site2}")
    text = compare(quire_bin, sys.executable, env, tmp_path)
    assert "site-two" in text and "platform-user" in text


def test_ipython_dir(quire_bin, env, tmp_path):
    install(tmp_path / "ipython", "from-ipython", spec("IPython dir"))
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    assert "from-ipython" in compare(quire_bin, sys.executable, env, tmp_path)


def test_native_kernel_from_another_environment(quire_bin, env, tmp_path):
    """A venv with no installed kernelspecs whose Python imports ipykernel: both add ipykernel's
    own python3 spec, pointing at that environment's interpreter."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site_packages = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "ipykernel").is_dir())
    purelib = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "oracle.pth").write_text(site_packages + "\n")
    install(tmp_path / "data", "other", spec("Other"))
    env["JUPYTER_DATA_DIR"] = str(tmp_path / "data")
    text = compare(quire_bin, str(venv / "bin" / "python"), env, tmp_path)
    assert "ipykernel/resources" in text


def test_explicit_python_that_cannot_run_is_an_error(quire_bin, env, tmp_path):
    got = quire_list(quire_bin, str(tmp_path / "no-such-python"), env, tmp_path)
    assert got.returncode == 1
    assert b"cannot run" in got.stderr and str(tmp_path / "no-such-python").encode() in got.stderr
