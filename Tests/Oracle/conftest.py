"""Shared fixtures for the differential tests: the quire binary, the corpus, and helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

# quire finds kernelspecs through a Python environment: the one running the tests, wherever the
# test's working directory is (without it, quire would look for ./.venv from there).
os.environ.setdefault("QUIRE_PYTHON", sys.executable)


@pytest.fixture(scope="session")
def quire_bin() -> str:
    """Path of the built `quire` binary (QUIRE_BIN, else the debug build)."""
    path = os.environ.get("QUIRE_BIN") or str(ROOT / ".build" / "debug" / "quire")
    assert Path(path).exists(), f"quire binary not found at {path}: run swift build or set QUIRE_BIN"
    return path


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory) -> list[Path]:
    """Generated notebooks (read-only: copy before changing them)."""
    return corpus.generate(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="session")
def real_corpus() -> list[Path]:
    """Real notebooks from the pinned sdists of the Jupyter tools (read-only)."""
    return corpus.collect_real(ROOT / ".cache" / "corpus")


@pytest.fixture(scope="session")
def v4_corpus(generated_corpus, real_corpus) -> list[Path]:
    """Every corpus notebook that nbformat reads as an nbformat 4 notebook without errors."""
    import nbformat

    keep = []
    for path in generated_corpus + real_corpus:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
        except Exception:
            continue
        if nb.get("nbformat") == 4:
            keep.append(path)
    assert len(keep) > 250, f"corpus unexpectedly small: {len(keep)}"
    return keep


def run_quire(quire_bin: str, *args: str, input: bytes | None = None, cwd: str | None = None) -> subprocess.CompletedProcess:
    """Runs quire with arguments, capturing bytes output."""
    return subprocess.run([quire_bin, *args], input=input, capture_output=True, cwd=cwd, timeout=120)
