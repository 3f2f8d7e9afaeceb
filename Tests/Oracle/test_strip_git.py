"""`quire strip --install/--uninstall/--is-installed/--status` set up git exactly as nbstripout does
(same config entries, same attribute lines), and the installed filter stores the same stripped
notebook. Every repository, HOME and system config here is temporary."""

from __future__ import annotations

import shlex
from pathlib import Path

from strip_support import NBSTRIPOUT, git, git_config_list, isolated_env, run_oracle_batch, run_tool


def make_repo(path: Path, env: dict) -> Path:
    path.mkdir(parents=True)
    git("init", "-q", env=env, cwd=path)
    return path


def tools(quire_bin):
    return {"theirs": NBSTRIPOUT, "ours": [quire_bin, "strip"]}


def command_of(entries: dict) -> str:
    """The program part of filter.nbstripout.clean (the quoted path)."""
    return shlex.split(entries["filter.nbstripout.clean"])[0]


def test_install_sets_the_same_entries_and_attributes(quire_bin, tmp_path):
    env = isolated_env(tmp_path / "home")
    results = {}
    for name, command in tools(quire_bin).items():
        repo = make_repo(tmp_path / name, env)
        before = run_tool([*command, "--is-installed"], env, repo).rc
        installed = run_tool([*command, "--install"], env, repo).rc
        again = run_tool([*command, "--install"], env, repo).rc  # idempotent
        after = run_tool([*command, "--is-installed"], env, repo).rc
        status = run_tool([*command, "--status"], env, repo)
        results[name] = (before, installed, again, after, status.rc, git_config_list(env, repo),
                         (repo / ".git" / "info" / "attributes").read_bytes())
        assert "Filter:" in status.stdout.decode() and "*.ipynb: filter: nbstripout" in status.stdout.decode()
    theirs, ours = results["theirs"], results["ours"]
    assert ours[:5] == theirs[:5] == (1, 0, 0, 0, 0)
    assert ours[6] == theirs[6], "the attributes file"
    assert set(ours[5]) == set(theirs[5])
    for key in ("filter.nbstripout.smudge", "filter.nbstripout.required"):
        assert ours[5][key] == theirs[5][key]
    assert command_of(ours[5]) == str(Path(quire_bin).resolve()) or Path(command_of(ours[5])).samefile(quire_bin)
    assert ours[5]["filter.nbstripout.clean"].endswith('" strip')
    for entries in (ours[5], theirs[5]):
        assert entries["diff.ipynb.textconv"] == entries["filter.nbstripout.clean"] + " -t"


def test_the_installed_filter_stores_what_nbstripout_stores(quire_bin, v4_corpus, tmp_path):
    env = isolated_env(tmp_path / "home")
    candidates = [p for p in v4_corpus if p.name.startswith("gen-")][:40]
    outcomes = run_oracle_batch([{"args": [], "stdin": p.read_bytes()} for p in candidates], env, tmp_path)
    notebooks = [p for p, o in zip(candidates, outcomes) if o.rc == 0 and o.stdout != p.read_bytes()][:5]
    assert len(notebooks) == 5
    stored, diffs = {}, {}
    for name, command in tools(quire_bin).items():
        repo = make_repo(tmp_path / name, env)
        assert run_tool([*command, "--install", "--attributes", ".gitattributes"], env, repo).rc == 0
        git("config", "filter.nbstripout.extrakeys", "metadata.kernelspec cell.metadata.tags", env=env, cwd=repo)
        git("config", "filter.nbstripout.keepmetadatakeys", "cell.metadata.collapsed cell.metadata.scrolled", env=env, cwd=repo)
        for i, path in enumerate(notebooks):
            (repo / f"nb{i}.ipynb").write_bytes(path.read_bytes())
        git("add", ".", env=env, cwd=repo)
        stored[name] = [git("show", f":nb{i}.ipynb", env=env, cwd=repo) for i in range(len(notebooks))]
        git("commit", "-qm", "notebooks", env=env, cwd=repo)
        # Change an output-free part and let textconv show the difference.
        (repo / "nb0.ipynb").write_bytes(notebooks[1].read_bytes())
        diffs[name] = git("diff", "--", "nb0.ipynb", env=env, cwd=repo)
    assert stored["ours"] == stored["theirs"]
    assert stored["ours"][0] != notebooks[0].read_text(), "the filter ran"
    assert any('"collapsed"' in text or '"scrolled"' in text for text in stored["ours"]), "keepmetadatakeys was read"
    assert not any('"kernelspec"' in text for text in stored["ours"]), "extrakeys was read"
    assert diffs["ours"] == diffs["theirs"] and diffs["ours"]


def test_attributes_file_and_uninstall(quire_bin, tmp_path):
    env = isolated_env(tmp_path / "home")
    states = {}
    for name, command in tools(quire_bin).items():
        repo = make_repo(tmp_path / name, env)
        (repo / ".gitattributes").write_bytes(b"*.txt text\r\n*.ipynb diff=other")  # CRLF, no final newline
        git("config", "diff.ipynb.command", "keep-me", env=env, cwd=repo)
        steps = [run_tool([*command, "--install", "--attributes", ".gitattributes"], env, repo).rc]
        installed = (repo / ".gitattributes").read_bytes()
        steps.append(run_tool([*command, "--uninstall", "--attributes", ".gitattributes"], env, repo).rc)
        steps.append(run_tool([*command, "--is-installed"], env, repo).rc)
        local = run_tool([*command, "--install"], env, repo).rc
        (repo / ".git" / "info" / "attributes").write_bytes(b"# mine\n*.ipynb filter=nbstripout\n*.zpln filter=x\n")
        steps += [local, run_tool([*command, "--uninstall"], env, repo).rc]
        states[name] = (steps, installed, (repo / ".gitattributes").read_bytes(),
                        (repo / ".git" / "info" / "attributes").read_bytes(), git_config_list(env, repo))
    assert states["ours"] == states["theirs"]
    assert states["ours"][0] == [0, 0, 1, 0, 0]


def test_global_and_system_scopes(quire_bin, tmp_path):
    outcomes = {}
    for name, command in tools(quire_bin).items():
        home = tmp_path / name / "home"
        home.mkdir(parents=True)
        system = tmp_path / name / "etc" / "gitconfig"
        system.parent.mkdir()
        env = isolated_env(home, GIT_CONFIG_SYSTEM=str(system))
        del env["GIT_CONFIG_NOSYSTEM"]
        work = tmp_path / name / "work"  # not a repository
        work.mkdir()
        rcs = [run_tool([*command, "--install", "--global"], env, work).rc,
               run_tool([*command, "--is-installed", "--global"], env, work).rc,
               run_tool([*command, "--install", "--system"], env, work).rc,
               run_tool([*command, "--install"], env, work).rc,  # local: not a repository
               run_tool([*command, "--uninstall"], env, work).rc,
               run_tool([*command, "--is-installed"], env, work).rc]
        files = sorted(str(p.relative_to(tmp_path / name)) for p in (tmp_path / name).rglob("*") if p.is_file())
        attributes = [(home / ".config" / "git" / "attributes").read_bytes(), (system.parent / "gitattributes").read_bytes()]
        scopes = [set(git_config_list(env, work, scope)) for scope in ("--global", "--system")]
        rcs.append(run_tool([*command, "--uninstall", "--global"], env, work).rc)
        attributes.append((home / ".config" / "git" / "attributes").read_bytes())
        outcomes[name] = (rcs, files, attributes, scopes, set(git_config_list(env, work, "--global")))
    assert outcomes["ours"] == outcomes["theirs"]
    assert outcomes["ours"][0] == [0, 0, 0, 1, 1, 1, 0]
