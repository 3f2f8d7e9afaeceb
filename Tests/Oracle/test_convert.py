"""`quire convert --to script|markdown` writes exactly what `jupyter nbconvert` writes (text and
extracted files), on the whole corpus and on generated sources full of IPython syntax; errors are
clear and leave no files behind. The HTML page is checked in test_convert_html.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from conftest import run_quire

import convert_corpus

VENV_BIN = Path("/tmp/oracle/venv/bin")


def nbconvert_cli(fmt: str, files: list[Path], out: Path) -> None:
    """One `jupyter nbconvert` process for many notebooks (as a user would run it)."""
    if not files:
        return
    result = subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", fmt, "--output-dir", str(out),
                             *map(str, files)], capture_output=True, timeout=1800)
    assert result.returncode == 0, result.stderr.decode()[-3000:]


def nbconvert_accepts(fmt: str, path: Path) -> bool:
    """Whether nbconvert converts the notebook without raising (it stops the whole run when one
    notebook fails, so such notebooks are checked separately)."""
    from nbconvert.exporters import MarkdownExporter, ScriptExporter

    exporter = ScriptExporter() if fmt == "script" else MarkdownExporter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exporter.from_filename(str(path), resources={"unique_key": path.stem, "output_files_dir": path.stem + "_files"})
    except Exception:
        return False
    return True


def script_group(path: Path) -> str:
    """nbconvert's script exporter keeps the first notebook's raw mime type for the rest of a run,
    so notebooks are converted in groups that share one."""
    info = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("language_info", {}) or {}
    if str(info.get("nbconvert_exporter", "")).lower() == "python":
        return "python"
    return "generic:" + str(info.get("mimetype", "text/plain"))


def stage(paths: list[Path], directory: Path) -> list[Path]:
    """Copies notebooks under unique, URL-unfriendly names (spaces, non-ASCII) into one folder."""
    directory.mkdir(parents=True)
    staged = []
    for i, path in enumerate(paths):
        name = re.sub(r"[^\w.-]", "_", path.stem)
        target = directory / f"{i:03d} {name} é.ipynb"
        shutil.copyfile(path, target)
        staged.append(target)
    return staged


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def compare_trees(ours: Path, theirs: Path) -> list[str]:
    a, b = tree(ours), tree(theirs)
    problems = [f"only nbconvert wrote {k}" for k in sorted(set(b) - set(a))]
    problems += [f"only quire wrote {k}" for k in sorted(set(a) - set(b))]
    problems += [f"{k} differs" for k in sorted(set(a) & set(b)) if a[k] != b[k]]
    return problems


def convert_both(quire_bin: str, fmt: str, notebooks: list[Path], tmp_path: Path) -> tuple[int, list[str], list[Path]]:
    staged = stage(notebooks, tmp_path / "in")
    good = [p for p in staged if nbconvert_accepts(fmt, p)]
    rejected = [p for p in staged if p not in good]
    theirs = tmp_path / "nbconvert"
    groups: dict[str, list[Path]] = {}
    for p in good:
        groups.setdefault(script_group(p) if fmt == "script" else "all", []).append(p)
    for files in groups.values():
        nbconvert_cli(fmt, files, theirs)
    ours = tmp_path / "quire"
    result = run_quire(quire_bin, "convert", "--quiet", "--to", fmt, "--output-dir", str(ours), *map(str, good))
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    return len(good), compare_trees(ours, theirs), rejected


# MARK: - Script


def test_script_is_byte_identical_to_nbconvert_on_corpus(quire_bin, v4_corpus, tmp_path):
    compared, problems, _ = convert_both(quire_bin, "script", v4_corpus, tmp_path)
    assert compared > 250
    assert not problems, f"{len(problems)} problems in {compared} notebooks: {problems[:10]}"


def test_script_translates_ipython_syntax_like_nbconvert(quire_bin, tmp_path):
    notebooks = convert_corpus.write_notebooks(tmp_path / "magics")
    compared, problems, rejected = convert_both(quire_bin, "script", notebooks, tmp_path)
    assert compared >= 380, f"nbconvert rejected too many: {len(rejected)}"
    assert not problems, f"{len(problems)} of {compared} differ: {problems[:10]}"
    # Where IPython raises (an unindent to no outer level), nbconvert stops; quire still writes
    # the script, with the cell cleaned up but its IPython syntax left as it is.
    for path in rejected:
        result = run_quire(quire_bin, "convert", "--to", "script", "--stdout", str(path))
        assert result.returncode == 0, result.stderr


def test_script_for_other_languages_uses_the_generic_template(quire_bin, tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# R"},
                    {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": "%time x <- 1"},
                    {"cell_type": "raw", "metadata": {"raw_mimetype": "text/x-r-source"}, "source": "raw R"},
                    {"cell_type": "raw", "metadata": {"raw_mimetype": "text/x-python"}, "source": "raw py"}],
          "metadata": {"language_info": {"name": "R", "file_extension": ".r", "mimetype": "text/x-r-source"}},
          "nbformat": 4, "nbformat_minor": 4}
    variants = {"r": nb, "noinfo": {**nb, "metadata": {}},
                "pyname": {**nb, "metadata": {"language_info": {"name": "python", "file_extension": ".py"}}}}
    paths = []
    for name, doc in variants.items():
        (tmp_path / name).mkdir()
        path = tmp_path / name / f"{name}.ipynb"
        path.write_text(json.dumps(doc))
        paths.append(path)
        nbconvert_cli("script", [path], tmp_path / "theirs" / name)
        result = run_quire(quire_bin, "convert", "--to", "script", "--output-dir", str(tmp_path / "ours" / name), str(path))
        assert result.returncode == 0, result.stderr
    assert not compare_trees(tmp_path / "ours", tmp_path / "theirs")
    assert "%time x <- 1" in (tmp_path / "ours" / "r" / "r.r").read_text()  # magics stay as they are
    assert (tmp_path / "ours" / "noinfo" / "noinfo.txt").exists()


# MARK: - Markdown


def test_markdown_is_byte_identical_to_nbconvert_on_corpus(quire_bin, v4_corpus, tmp_path):
    compared, problems, _ = convert_both(quire_bin, "markdown", v4_corpus, tmp_path)
    assert compared > 250
    assert any((tmp_path / "quire").rglob("*.png")), "the corpus should extract some images"
    assert not problems, f"{len(problems)} problems in {compared} notebooks: {problems[:10]}"
