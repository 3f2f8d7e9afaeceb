"""`quire strip` produces exactly what nbstripout 0.9.1 produces: the same bytes, the same exit codes,
in place, through stdin/stdout, with --textconv and --dry-run, on the whole corpus and for every
option. The crafted cases are in test_strip_rules.py and the git filter in test_strip_git.py."""

from __future__ import annotations

import json
import re

import pytest
from strip_support import copy_corpus, has_missing_or_repeated_ids, isolated_env, run_oracle_batch, run_tool

OPTION_SETS = [
    [],
    ["--keep-output"],
    ["--keep-count"],
    ["--keep-id"],
    ["--keep-output", "--keep-count"],
    ["--extra-keys", "metadata.kernelspec cell.metadata.tags metadata.language_info.version cell.metadata.jupyter.source_hidden "
                     "metadata.papermill metadata.numbers.big nodot other.key"],
    ["--keep-metadata-keys", "cell.metadata.collapsed metadata.widgets cell.metadata.scrolled cell.metadata.ExecuteTime"],
    ["--drop-empty-cells"],
    ["--drop-tagged-cells", "hide slow"],
    ["--strip-init-cells"],
    ["--max-size", "1k"],
    ["--max-size", "40"],
    ["--keep-output-type", "stream"],
    ["--keep-output-type", "display_data", "stream:stderr"],
    ["--drop-output-type", "error"],
    ["--keep-output", "--drop-output-type", "error", "stream:stdout"],
    ["--keep-output", "--keep-count", "--keep-id", "--drop-empty-cells", "--drop-tagged-cells", "parameters",
     "--strip-init-cells", "--max-size", "100", "--extra-keys", "metadata.title cell.metadata.papermill"],
    ["--unix-newlines", "--force"],
]


def corpus_for(options: list[str], v4_corpus) -> list:
    if "--keep-id" in options:
        return [p for p in v4_corpus if not has_missing_or_repeated_ids(p.read_bytes())]
    return list(v4_corpus)


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o) or "defaults")
def test_in_place_matches_nbstripout(quire_bin, v4_corpus, tmp_path, options):
    env = isolated_env(tmp_path)
    paths = corpus_for(options, v4_corpus)
    theirs = copy_corpus(paths, tmp_path / "theirs")
    ours = copy_corpus(paths, tmp_path / "ours")
    # One nbstripout run per file (it stops at the first file it cannot strip); files before options
    # because --keep-output-type / --drop-output-type take every following word.
    outcomes = run_oracle_batch([{"args": [str(p), *options]} for p in theirs], env, tmp_path)
    stripped = [i for i, o in enumerate(outcomes) if o.rc == 0]
    failed = [i for i, o in enumerate(outcomes) if o.rc != 0]
    assert len(stripped) > 250, "too few notebooks stripped by nbstripout"

    # quire strips all the good ones in one process.
    result = run_tool([quire_bin, "strip", *[str(ours[i]) for i in stripped], *options], env, tmp_path)
    assert result.rc == 0, result.stderr
    mismatches = [paths[i].name for i in stripped if ours[i].read_bytes() != theirs[i].read_bytes()]
    assert not mismatches, f"{len(mismatches)} of {len(stripped)} differ: {mismatches[:10]}"
    changed = sum(ours[i].read_bytes() != paths[i].read_bytes() for i in stripped)
    assert changed > 100, "the options should change most notebooks"

    # The ones nbstripout refuses fail in quire too, and stay untouched.
    for i in failed:
        result = run_tool([quire_bin, "strip", str(ours[i]), *options], env, tmp_path)
        assert result.rc == 1, f"{paths[i].name}: nbstripout failed with {outcomes[i].stderr[-300:]}"
        assert result.stderr, "an error must be explained"
        assert ours[i].read_bytes() == paths[i].read_bytes()


@pytest.mark.parametrize("options", [[], ["--keep-output", "--keep-count"], ["--max-size", "200", "--drop-empty-cells"]],
                         ids=lambda o: " ".join(o) or "defaults")
def test_stdin_to_stdout_matches_nbstripout(quire_bin, v4_corpus, tmp_path, options):
    env = isolated_env(tmp_path)
    inputs = [p.read_bytes() for p in v4_corpus]
    outcomes = run_oracle_batch([{"args": options, "stdin": data} for data in inputs], env, tmp_path)
    mismatches = []
    for path, data, theirs in zip(v4_corpus, inputs, outcomes):
        ours = run_tool([quire_bin, "strip", *options], env, tmp_path, input=data)
        if (ours.rc, ours.stdout) != (theirs.rc, theirs.stdout):
            mismatches.append((path.name, ours.rc, theirs.rc))
    assert sum(o.rc == 0 for o in outcomes) > 250
    assert not mismatches, f"{len(mismatches)} differ: {mismatches[:10]}"


@pytest.mark.parametrize("options", [["-t"], ["--textconv", "--keep-count"]], ids=" ".join)
def test_textconv_writes_every_notebook_to_stdout(quire_bin, v4_corpus, tmp_path, options):
    env = isolated_env(tmp_path)
    paths = list(v4_corpus)
    before = [p.read_bytes() for p in paths]
    outcomes = run_oracle_batch([{"args": [*options, str(p)]} for p in paths], env, tmp_path)
    good = [p for p, o in zip(paths, outcomes) if o.rc == 0]
    expected = b"".join(o.stdout for o in outcomes if o.rc == 0)
    result = run_tool([quire_bin, "strip", *options, *map(str, good)], env, tmp_path)
    assert result.rc == 0, result.stderr
    assert result.stdout == expected
    assert [p.read_bytes() for p in paths] == before, "textconv never writes files"


@pytest.mark.parametrize("options", [["--dry-run"], ["--verify"], ["--verify", "--keep-output", "--keep-count", "--keep-id"]],
                         ids=" ".join)
def test_dry_run_and_verify_report_like_nbstripout(quire_bin, v4_corpus, tmp_path, options):
    env = isolated_env(tmp_path)
    paths = copy_corpus(list(v4_corpus), tmp_path / "nbs")
    before = [p.read_bytes() for p in paths]
    outcomes = run_oracle_batch([{"args": [*options, str(p)]} for p in paths], env, tmp_path)
    good = [p for p, o in zip(paths, outcomes) if o.rc == 0 or (o.rc == 1 and o.stdout)]
    expected_stdout = b"".join(o.stdout for p, o in zip(paths, outcomes) if p in good)
    expected_rc = 1 if "--verify" in options and expected_stdout else 0
    result = run_tool([quire_bin, "strip", *options, *map(str, good)], env, tmp_path)
    assert (result.rc, result.stdout) == (expected_rc, expected_stdout), result.stderr
    assert [p.read_bytes() for p in paths] == before, "a dry run changes nothing"
    # Already-stripped notebooks pass --verify in both tools.
    clean = tmp_path / "clean.ipynb"
    clean.write_bytes(run_tool([quire_bin, "strip"], env, tmp_path, input=before[0]).stdout)
    theirs = run_oracle_batch([{"args": ["--verify", str(clean)]}], env, tmp_path)[0]
    ours = run_tool([quire_bin, "strip", "--verify", str(clean)], env, tmp_path)
    assert (ours.rc, ours.stdout) == (theirs.rc, theirs.stdout) == (0, b"")


def test_a_directory_argument_strips_the_notebooks_below_it(quire_bin, v4_corpus, tmp_path):
    env = isolated_env(tmp_path)
    originals = list(v4_corpus[:60])
    theirs = copy_corpus(originals, tmp_path / "theirs")
    ours = copy_corpus(originals, tmp_path / "project" / "sub")
    (tmp_path / "project" / "notes.txt").write_text("not a notebook")
    outcomes = run_oracle_batch([{"args": [str(p)]} for p in theirs], env, tmp_path)
    for path, outcome in zip(ours, outcomes):
        if outcome.rc != 0:
            path.unlink()  # nbstripout stops at such a file; the error case is tested elsewhere
    result = run_tool([quire_bin, "strip", str(tmp_path / "project")], env, tmp_path)
    assert result.rc == 0, result.stderr
    compared = [(o, t) for o, t in zip(ours, theirs) if o.exists()]
    assert len(compared) > 40
    assert all(o.read_bytes() == t.read_bytes() for o, t in compared)
    assert (tmp_path / "project" / "notes.txt").read_text() == "not a notebook"


@pytest.mark.parametrize("layout", ["options first, then --", "flags between files", "list option last"])
def test_long_command_lines_parse_like_short_ones(quire_bin, v4_corpus, tmp_path, layout):
    # More than 64 files take quire's fast path past ArgumentParser (LongFileList); it must read
    # every layout as the normal parser (and nbstripout) would.
    env = isolated_env(tmp_path)
    options = ["--keep-output", "--drop-output-type", "error", "stream:stdout", "--extra-keys", "metadata.title"]
    paths = list(v4_corpus[:120])
    theirs = copy_corpus(paths, tmp_path / "theirs")
    outcomes = run_oracle_batch([{"args": [*options, "--", str(p)]} for p in theirs], env, tmp_path)
    good = [i for i, o in enumerate(outcomes) if o.rc == 0]
    assert len(good) > 64
    copy_corpus([paths[i] for i in good], tmp_path / "ours")
    ours = sorted((tmp_path / "ours").iterdir())
    names = [str(p) for p in ours]
    if layout == "options first, then --":
        command = [*options, "--", *names]
    elif layout == "flags between files":
        command = [*names[:30], "--keep-output", *names[30:], "--extra-keys=metadata.title", "--drop-output-type", "error",
                   "stream:stdout"]
    else:
        command = [*names, "--keep-output", "--extra-keys", "metadata.title", "--drop-output-type", "error", "stream:stdout"]
    result = run_tool([quire_bin, "strip", *command], env, tmp_path)
    assert result.rc == 0, result.stderr
    assert [p.read_bytes() for p in ours] == [theirs[i].read_bytes() for i in good]


def test_a_failure_in_a_long_run_stops_it_where_nbstripout_stops(quire_bin, v4_corpus, tmp_path):
    # quire prepares up to 256 notebooks ahead of the one it writes (OrderedPipeline); a notebook
    # that cannot be read must still stop the run right there: every file before it stripped, it
    # and every file after it untouched, exactly as nbstripout leaves them.
    env = isolated_env(tmp_path)
    probe = run_oracle_batch([{"args": [str(p)]} for p in copy_corpus(list(v4_corpus), tmp_path / "probe")], env, tmp_path)
    good = [p for p, o in zip(v4_corpus, probe) if o.rc == 0]
    originals = [good[i % len(good)] for i in range(320)]
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [], "metadata": {}, "nbformat": 4,')
    originals[290] = broken
    theirs = copy_corpus(originals, tmp_path / "theirs")
    ours = copy_corpus(originals, tmp_path / "ours")
    outcome = run_oracle_batch([{"args": [str(p) for p in theirs]}], env, tmp_path)[0]
    result = run_tool([quire_bin, "strip", *map(str, ours)], env, tmp_path)
    assert outcome.rc != 0 and result.rc == 1, result.stderr
    assert str(ours[290]) in result.stderr
    assert [p.read_bytes() for p in ours] == [p.read_bytes() for p in theirs]
    changed = sum(o.read_bytes() != p.read_bytes() for o, p in zip(ours[:290], originals[:290]))
    assert changed > 200, "the notebooks before the failure are stripped"
    assert [p.read_bytes() for p in ours[290:]] == [p.read_bytes() for p in originals[290:]]
    assert sorted(p.name for p in (tmp_path / "ours").iterdir()) == sorted(p.name for p in ours), "no temporary files left"


def test_removing_cell_ids_gives_new_ones_as_nbformat_does(quire_bin, v4_corpus, tmp_path):
    # `--extra-keys cell.id` takes the ids away; writing a 4.5 notebook, nbformat gives every cell a
    # new random id, and so must quire (which otherwise keeps the ids it repaired on reading).
    env = isolated_env(tmp_path)
    chosen = [p for p in v4_corpus if json.loads(p.read_bytes()).get("nbformat_minor", 0) >= 5][:40]
    theirs = copy_corpus(chosen, tmp_path / "theirs")
    ours = copy_corpus(chosen, tmp_path / "ours")
    outcomes = run_oracle_batch([{"args": ["--extra-keys", "cell.id", str(p)]} for p in theirs], env, tmp_path)
    good = [i for i, o in enumerate(outcomes) if o.rc == 0]
    assert len(good) > 20
    result = run_tool([quire_bin, "strip", "--extra-keys", "cell.id", *[str(ours[i]) for i in good]], env, tmp_path)
    assert result.rc == 0, result.stderr
    for i in good:
        mine, reference = json.loads(ours[i].read_bytes()), json.loads(theirs[i].read_bytes())
        ids = [cell.get("id") for cell in mine["cells"]]
        assert all(isinstance(x, str) and re.fullmatch(r"[0-9a-f]{8}", x) for x in ids), ids
        assert len(set(ids)) == len(ids)
        for cell in mine["cells"] + reference["cells"]:
            cell.pop("id", None)
        assert mine == reference
