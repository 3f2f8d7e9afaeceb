"""`quire convert --to script|markdown` writes exactly what `jupyter nbconvert` writes (text and
extracted files), on the whole corpus and on generated sources full of IPython syntax; errors are
clear and leave no files behind. The HTML page is checked in test_convert_html.py."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import run_quire

import convert_corpus

VENV_BIN = Path(sys.executable).parent  # the oracle venv runs pytest; its `jupyter` is beside it


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


# MARK: - Command line behaviour


def small_notebook(with_image: bool = False) -> dict:
    outputs = []
    if with_image:
        import corpus
        outputs = [{"output_type": "display_data", "metadata": {}, "data": {"image/png": corpus.PNG_1PX, "text/plain": "x"}}]
    return {"cells": [{"cell_type": "code", "execution_count": 1, "id": "a", "metadata": {}, "outputs": outputs,
                       "source": "%time x = !ls"}],
            "metadata": {"language_info": convert_corpus.PY_INFO}, "nbformat": 4, "nbformat_minor": 5}


def test_stdin_and_stdout_match_nbconvert(quire_bin, tmp_path):
    data = json.dumps(small_notebook()).encode()
    ours = run_quire(quire_bin, "convert", "--to", "script", "--stdout", "-", input=data)
    theirs = subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "script", "--stdin", "--stdout"],
                            input=data, capture_output=True)
    assert ours.returncode == 0 and ours.stdout == theirs.stdout
    # without --stdout, standard input is written as notebook.py in the current folder, as nbconvert does
    result = run_quire(quire_bin, "convert", "--to", "script", "-", input=data, cwd=str(tmp_path))
    assert result.returncode == 0 and (tmp_path / "notebook.py").read_bytes() == theirs.stdout
    assert b"notebook.py" in result.stderr
    quiet = run_quire(quire_bin, "convert", "-q", "--to", "script", "-", input=data, cwd=str(tmp_path))
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_markdown_to_stdout_says_images_are_not_written(quire_bin, tmp_path):
    path = tmp_path / "img.ipynb"
    path.write_text(json.dumps(small_notebook(with_image=True)))
    result = run_quire(quire_bin, "convert", "--to", "markdown", "--stdout", str(path), cwd=str(tmp_path))
    theirs = subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "markdown", "--stdout", str(path)],
                            capture_output=True, cwd=str(tmp_path))
    assert result.returncode == 0 and result.stdout == theirs.stdout
    assert b"img_files/" in result.stdout and b"not written" in result.stderr
    assert not (tmp_path / "img_files").exists()


def test_directories_recurse_and_outputs_go_next_to_notebooks(quire_bin, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".ipynb_checkpoints").mkdir()
    for p in [tmp_path / "a" / "one.ipynb", tmp_path / "a" / "b" / "two.ipynb",
              tmp_path / "a" / ".ipynb_checkpoints" / "one-checkpoint.ipynb"]:
        p.write_text(json.dumps(small_notebook(with_image=True)))
    result = run_quire(quire_bin, "convert", "--to", "markdown", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "one.md").exists() and (tmp_path / "a" / "b" / "two.md").exists()
    assert (tmp_path / "a" / "b" / "two_files" / "two_0_0.png").exists()
    assert not (tmp_path / "a" / ".ipynb_checkpoints" / "one-checkpoint.md").exists()


@pytest.mark.parametrize("content, message", [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "not a notebook"),
    (b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}', "nbformat 3"),
    (json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "", "execution_count": None,
                            "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "abc"}}]}],
                 "metadata": {}, "nbformat": 4, "nbformat_minor": 4}).encode(), "not valid base64"),
])
def test_bad_input_gets_a_clear_error_and_no_files(quire_bin, tmp_path, content, message):
    bad = tmp_path / "bad.ipynb"
    bad.write_bytes(content)
    good = tmp_path / "good.ipynb"
    good.write_text(json.dumps(small_notebook()))
    result = run_quire(quire_bin, "convert", "--to", "markdown", str(bad), str(good))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert str(bad) in err and message in err, err
    assert not (tmp_path / "bad.md").exists() and not (tmp_path / "bad_files").exists()
    assert (tmp_path / "good.md").exists(), "the other notebooks are still converted"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary files are left"


def test_missing_file_and_bad_options(quire_bin, tmp_path):
    result = run_quire(quire_bin, "convert", "--to", "script", str(tmp_path / "nope.ipynb"))
    assert result.returncode == 1 and b"nope.ipynb" in result.stderr and b"No such file" in result.stderr
    result = run_quire(quire_bin, "convert", "--to", "pdf", str(tmp_path / "nope.ipynb"))
    assert result.returncode != 0 and b"pdf" in result.stderr


def test_refuses_to_replace_the_notebook(quire_bin, tmp_path):
    nb = small_notebook()
    nb["metadata"]["language_info"] = {"name": "odd", "file_extension": ".ipynb"}
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps(nb))
    before = path.read_bytes()
    result = run_quire(quire_bin, "convert", "--to", "script", str(path))
    assert result.returncode == 1 and b"replace the notebook" in result.stderr
    assert path.read_bytes() == before
