"""Helpers for test_strip.py: running nbstripout and quire strip side by side in an isolated
environment (a temporary HOME and no system git config, so no real configuration is read or changed)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RUNNER = Path(__file__).with_name("nbstripout_runner.py")
NBSTRIPOUT = [sys.executable, "-m", "nbstripout"]


@dataclass
class Outcome:
    rc: int
    stdout: bytes
    stderr: str


def isolated_env(home: Path, **extra: str) -> dict:
    """The environment both tools run in: HOME in a temporary folder, no system or XDG git config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "XDG_"))}
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env.update(extra)
    return env


def run_oracle_batch(jobs: list[dict], env: dict, cwd: Path) -> list[Outcome]:
    """Runs nbstripout's main() once per job in one helper process (see nbstripout_runner.py)."""
    payload = [{"args": job["args"], "stdin": base64.b64encode(job["stdin"]).decode() if job.get("stdin") is not None else None}
               for job in jobs]
    result = subprocess.run([sys.executable, str(RUNNER)], input=json.dumps(payload).encode(), capture_output=True,
                            env=env, cwd=cwd, timeout=1800)
    assert result.returncode == 0, result.stderr.decode()
    return [Outcome(r["rc"], base64.b64decode(r["stdout"]), r["stderr"]) for r in json.loads(result.stdout)]


def run_tool(command: list[str], env: dict, cwd: Path, input: bytes | None = None) -> Outcome:
    """Runs a program, capturing bytes."""
    result = subprocess.run(command, input=input, capture_output=True, env=env, cwd=cwd, timeout=300)
    return Outcome(result.returncode, result.stdout, result.stderr.decode(errors="replace"))


def copy_corpus(paths: list[Path], target: Path) -> list[Path]:
    """Copies notebooks into `target` under unique names, in order."""
    target.mkdir(parents=True)
    copies = []
    for i, path in enumerate(paths):
        copy = target / f"{i:04d}-{path.name}"
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def has_missing_or_repeated_ids(data: bytes) -> bool:
    """nbformat gives such cells random ids on read; with --keep-id they reach the output."""
    try:
        nb = json.loads(data)
    except ValueError:
        return False
    if not isinstance(nb, dict) or (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        return False
    ids = [c.get("id") for c in nb.get("cells", []) if isinstance(c, dict)]
    return None in ids or len(set(map(str, ids))) != len(ids)


def git(*args: str, env: dict, cwd: Path) -> str:
    """Runs git, failing the test on error; returns stdout."""
    result = subprocess.run(["git", *args], capture_output=True, env=env, cwd=cwd, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr.decode()}"
    return result.stdout.decode()


def git_config_list(env: dict, cwd: Path, scope: str = "--local") -> dict:
    """The filter.nbstripout.* and diff.ipynb.* entries of one config scope."""
    result = subprocess.run(["git", "config", scope, "--list"], capture_output=True, env=env, cwd=cwd, timeout=60)
    entries = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.partition("=")
        if key.startswith(("filter.nbstripout", "diff.ipynb")):
            entries[key] = value
    return entries
