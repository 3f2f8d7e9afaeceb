"""`quire run IN OUT --prepare-only ARGS` against `papermill IN OUT --prepare-only ARGS` (2.7.0, run in
this process): the same command lines give the same notebook, byte for byte once the injected cell's
random id is the same (papermill writes no final newline), the same warnings, and failure where
papermill fails. Every notebook Quire writes validates with nbformat."""

from __future__ import annotations

import base64
import json
import shutil
import warnings

import pytest
from conftest import run_quire
from strip_support import has_missing_or_repeated_ids
from papermill_support import (
    normalised, notebook, quire_warnings, run_papermill, same_bytes_but_ids, validate, write_json,
)

DEMO = notebook([
    ("markdown", "# Demo", []),
    ("code", "alpha = 0.1\nname = 'world'\nopts = {}", ["parameters"]),
    ("code", "print('hello', name)", None),
])
PARAMS_YAML = "d: 2001-01-01\noct: 017\nsexa: 1:30\nflag: yes\nbase: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\nname: from-file\n"
PARAMS_JSON = json.dumps({"alpha": 1e-05, "list": [1, "two", None], "nested": {"k": True}, "name": "json"})

CASES = {
    "reference": ["-p", "alpha", "0.6", "-p", "name", "O'Brien \"Bob\"\\tx", "-y", "{opts: {k: [1, null, true]}, extra: caf\\u00e9}"],
    "typing": ["-p", "x", "-5", "-p", "y", "1_000", "-p", "z", " 7 ", "-p", "w", "1e3", "-p", "v", "nan", "-p", "u", "-inf",
               "-p", "t", "True", "-p", "s", "None", "-p", "r", "hello", "-p", "q", "0x10", "-p", "dash", "--x", "-p", "e", ""],
    "raw-wins": ["-r", "alpha", "1.5", "-p", "alpha", "2", "-r", "name", "None"],
    "yaml-overrides": ["-y", "a: 1\nb: [1, 2]", "-y", "a: 2\nc: on", "-p", "b", "3"],
    "file": ["-f", "params.yaml", "-y", "name: from-y"],
    "json-file": ["-f", "params.json", "-f", "params.yaml"],
    "base64": ["-b", base64.b64encode(b"alpha: 9\nb64: [x]").decode(), "-y", "alpha: 10"],
    "underscores": ["--parameters_raw", "a", "b", "--parameters_yaml", "c: 1", "--parameters_file", "params.yaml",
                    "--parameters_base64", base64.b64encode(b"z: 0").decode(), "--parameters", "n", "2"],
    "inject-paths": ["--inject-paths", "-p", "alpha", "1"],
    "inject-input": ["--inject-input-path", "-p", "PAPERMILL_INPUT_PATH", "override"],
    "inject-output-only": ["--inject-output-path"],
    "report-mode": ["--report-mode", "-p", "alpha", "1"],
    "report-mode-no-params": ["--report-mode"],
    "kernel-bash": ["-k", "bash", "-p", "alpha", "1", "-y", "l: [a, 'b c']"],
    "language-r": ["--language", "R", "-k", "ir", "-p", "_alpha", "1", "-y", "l: {k: [1]}"],
    "no-parameters": [],
    "empty-yaml": ["-y", ""],
}


def run_both(quire_bin, tmp_path, nb: dict, args: list[str], files: dict | None = None, output="out.ipynb"):
    """Runs both tools in their own copies of the same folder; returns both outcomes."""
    outcomes = []
    for tool in ("papermill", "quire"):
        folder = tmp_path / tool
        folder.mkdir()
        write_json(folder / "in.ipynb", nb)
        (folder / "params.yaml").write_text(PARAMS_YAML)
        (folder / "params.json").write_text(PARAMS_JSON)
        for name, text in (files or {}).items():
            (folder / name).write_text(text)
        if tool == "papermill":
            result = run_papermill(["in.ipynb", output, "--prepare-only", *args], folder)
            outcomes.append((result.exit_code, result.warnings, folder))
        else:
            proc = run_quire(quire_bin, "run", "in.ipynb", output, "--prepare-only", *args, cwd=str(folder))
            outcomes.append((proc.returncode, quire_warnings(proc.stderr), folder))
            if proc.returncode:
                outcomes[-1] = (proc.returncode, proc.stderr.decode(), folder)
    return outcomes


def assert_same(theirs, ours, output="out.ipynb", all_ids=False):
    (their_rc, their_warnings, their_dir), (our_rc, our_warnings, our_dir) = theirs, ours
    assert their_rc == 0, "papermill failed"
    assert our_rc == 0, our_warnings
    their_bytes, our_bytes = (their_dir / output).read_bytes(), (our_dir / output).read_bytes()
    their_nb, our_nb = json.loads(their_bytes), json.loads(our_bytes)
    assert normalised(our_nb, all_ids) == normalised(their_nb, all_ids)
    if not all_ids:
        assert same_bytes_but_ids(our_bytes, their_bytes, our_nb, their_nb)
    assert our_warnings == their_warnings
    validate_like_papermill(our_dir / output, their_dir / output)


def validate_like_papermill(ours, theirs):
    """Quire's output validates wherever papermill's does (an invalid input stays invalid)."""
    try:
        validate(theirs)
    except Exception:
        return
    validate(ours)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_command_lines_match_papermill(quire_bin, tmp_path, case):
    assert_same(*run_both(quire_bin, tmp_path, DEMO, CASES[case]))


@pytest.mark.parametrize("nb,args", [
    (notebook([("code", "x = 1", [])]), ["-p", "a", "1"]),  # no parameters cell: first, with a warning
    (notebook([("code", "a = 1", ["parameters"]), ("code", "b = 2", ["parameters"])]), ["-p", "a", "2"]),
    (notebook([("code", "a = 1", "parameters"), ("code", "y", [])]), ["-p", "a", "2"]),  # tags as a string
    (notebook([("code", "a = 1", ["parameters"])], kernelspec={"name": "python3", "display_name": "P"}, language_info=None),
     ["-p", "a", "2"]),  # no language anywhere: both fail
    (notebook([("code", "a = 1", ["parameters"])], kernelspec={"name": "k", "language": "julia", "display_name": "J"},
              language_info=None), ["-p", "a", "2"]),  # the kernelspec's language
    (notebook([("raw", "r", ["papermill-error-cell-tag"]), ("code", "a = 1", ["parameters"])]), ["-p", "a", "2"]),
])
def test_notebook_shapes_match_papermill(quire_bin, tmp_path, nb, args):
    theirs, ours = run_both(quire_bin, tmp_path, nb, args)
    if theirs[0] != 0:
        assert ours[0] == 1
        return
    assert_same(theirs, ours)


def test_missing_kernel_information_fails_in_both(quire_bin, tmp_path):
    nb = notebook([("code", "a = 1", ["parameters"])], kernelspec=None, language_info=None)
    theirs, ours = run_both(quire_bin, tmp_path, nb, ["-p", "a", "1"])
    assert theirs[0] != 0 and ours[0] == 1
    assert "No kernel name found in notebook and no override provided." in ours[1]


def test_rerunning_an_output_replaces_the_injected_cell(quire_bin, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    write_json(first / "in.ipynb", DEMO)
    assert run_papermill(["in.ipynb", "out.ipynb", "--prepare-only", "-p", "alpha", "1"], first).exit_code == 0
    prepared = json.loads((first / "out.ipynb").read_text())
    prepared["cells"].insert(0, {"cell_type": "markdown", "id": "banner", "metadata": {"tags": ["papermill-error-cell-tag"]},
                                 "source": "error"})
    assert_same(*run_both(quire_bin, tmp_path, prepared, ["-p", "alpha", "2", "-p", "new", "x"]))


def test_older_notebooks_are_upgraded(quire_bin, tmp_path):
    old = notebook([("code", "a = 1", ["parameters"]), ("markdown", "m", None)], minor=4)
    assert_same(*run_both(quire_bin, tmp_path, old, ["-p", "a", "2"]), all_ids=True)


def test_output_path_template(quire_bin, tmp_path):
    theirs, ours = run_both(quire_bin, tmp_path, DEMO, ["-p", "alpha", "0.5", "-y", "tag: x"], output="out_{alpha}_{tag}.ipynb")
    assert_same(theirs, ours, output="out_0.5_x.ipynb")


@pytest.mark.parametrize("args", [["-y", "[1, 2]"], ["-y", "a: [1"], ["-f", "missing.yaml"], ["-b", "YTo"], ["-p", "a", "1", "-k", "cobol", "-l", "cobol"]],
                         ids=str)
def test_bad_input_fails_in_both(quire_bin, tmp_path, args):
    theirs, ours = run_both(quire_bin, tmp_path, DEMO, args)
    assert theirs[0] != 0
    assert ours[0] == 1 and ours[1].startswith("quire: ")


def test_corpus_matches_papermill(quire_bin, tmp_path, v4_corpus):
    args = ["-p", "alpha", "0.5", "-y", "{opts: [1, x], flag: yes}"]
    compared = 0
    mismatches = []
    for index, path in enumerate(v4_corpus):
        case = tmp_path / str(index)
        case.mkdir()
        for tool in ("papermill", "quire"):
            (case / tool).mkdir()
            shutil.copy(path, case / tool / "in.ipynb")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = run_papermill(["in.ipynb", "out.ipynb", "--prepare-only", *args], case / "papermill")
        ours = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--prepare-only", *args, cwd=str(case / "quire"))
        if theirs.exit_code != 0 or ours.returncode != 0:
            if (theirs.exit_code == 0) != (ours.returncode == 0):
                mismatches.append((path.name, theirs.exit_code, repr(theirs.exception), ours.stderr.decode()))
            continue
        compared += 1
        their_nb = json.loads((case / "papermill" / "out.ipynb").read_text())
        our_nb = json.loads((case / "quire" / "out.ipynb").read_text())
        # Ids that nbformat makes up (4.0-4.4 upgrades, missing or repeated ids) are random in both.
        all_ids = json.loads(path.read_text()).get("nbformat_minor", 0) < 5 or has_missing_or_repeated_ids(path.read_bytes())
        if normalised(our_nb, all_ids) != normalised(their_nb, all_ids):
            mismatches.append((path.name, "notebooks differ"))
        validate_like_papermill(case / "quire" / "out.ipynb", case / "papermill" / "out.ipynb")
    assert not mismatches
    assert compared > 100, compared
    print(f"corpus: {compared} of {len(v4_corpus)} compared; the rest fail in both")


@pytest.mark.filterwarnings("ignore:the file is not specified with any extension")
def test_standard_input_and_output(quire_bin, tmp_path):
    from click.testing import CliRunner
    from papermill.cli import papermill

    text = json.dumps(DEMO)
    theirs = CliRunner().invoke(papermill, ["-", "-", "--prepare-only", "-p", "alpha", "3"], input=text)
    assert theirs.exit_code == 0
    ours = run_quire(quire_bin, "run", "-", "-", "--prepare-only", "-p", "alpha", "3", input=text.encode(), cwd=str(tmp_path))
    assert ours.returncode == 0, ours.stderr.decode()
    assert normalised(json.loads(ours.stdout)) == normalised(json.loads(theirs.stdout))
    assert json.loads(ours.stdout)["metadata"]["papermill"]["input_path"] == "-"


@pytest.mark.parametrize("args,message", [
    (["-p", "x"], "Error: -p/--parameters takes a NAME and a VALUE; 'x' has no value"),
    (["-r", "a", "b", "--parameters_raw", "c"], "Error: -r/--parameters-raw takes a NAME and a VALUE; 'c' has no value"),
    (["-y", "a: [1"], "quire: -y: invalid YAML: while parsing a flow sequence (line 1, column 4): did not find expected ',' or ']' (line 2, column 1)"),
    (["-y", "a: 1", "-y", "b: : c"], "quire: -y (value 2 of 2): invalid YAML:"),
    (["-f", "bad.yaml"], "quire: -f bad.yaml: invalid YAML: mapping values are not allowed in this context (line 2, column 5)"),
    (["-f", "nope.yaml"], "quire: nope.yaml: -f: cannot open for reading: No such file or directory"),
    (["-b", "YTogWzE="], "quire: -b: invalid YAML: while parsing a flow sequence"),
    (["-y", "x: 1", "-p", "a", "1", "--", "extra"], "Error: Unexpected argument 'extra'"),
])
def test_bad_command_lines_say_what_and_where(quire_bin, tmp_path, args, message):
    write_json(tmp_path / "in.ipynb", DEMO)
    (tmp_path / "bad.yaml").write_text("a: 1\nb: c: d\n")
    proc = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--prepare-only", *args, cwd=str(tmp_path))
    assert proc.returncode != 0
    assert proc.stderr.decode().startswith(message), proc.stderr.decode()


def test_input_that_is_not_a_notebook(quire_bin, tmp_path):
    (tmp_path / "in.ipynb").write_text('{"cells": []}')
    proc = run_quire(quire_bin, "run", "in.ipynb", "out.ipynb", "--prepare-only", cwd=str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.decode() == "quire: in.ipynb: not a notebook: the required key 'nbformat' is missing\n"
