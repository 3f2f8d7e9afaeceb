"""Times `quire strip` against `nbstripout` on many small notebooks, each tool in one process on its
own fresh copy of the files, and checks that both produce the same bytes.

    python bench/strip_bench.py --quire .build/release/quire [--count 1000] [--runs 3]

Run it with the Python that has nbstripout (the oracle venv). Files go to bench/work/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORK = Path(__file__).resolve().parent / "work" / "strip"


def small_notebook(rng: random.Random, index: int) -> dict:
    """A typical small executed notebook: a few code cells with stream and result outputs."""
    cells = [{"cell_type": "markdown", "id": f"m{index}", "metadata": {}, "source": f"# Analysis {index}\n\nSome notes."}]
    for c in range(rng.randint(3, 6)):
        count = c + 1
        cells.append({
            "cell_type": "code", "id": f"c{index}-{c}", "execution_count": count,
            "metadata": {"ExecuteTime": {"end_time": "2024-01-01T00:00:01Z", "start_time": "2024-01-01T00:00:00Z"}},
            "source": [f"x{c} = compute({c})\n", f"print(x{c})\n", f"x{c}"],
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": [f"value {rng.random()}\n"]},
                {"output_type": "execute_result", "execution_count": count, "metadata": {},
                 "data": {"text/plain": [f"{rng.random()}"], "text/html": [f"<b>{rng.random()}</b>"]}},
            ],
        })
    metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python", "version": "3.11.7"}}
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def fresh_copies(source: Path, target: Path) -> list[str]:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return sorted(str(p) for p in target.glob("*.ipynb"))


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr.decode()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quire", required=True)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = WORK / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    rng = random.Random(7)
    for i in range(args.count):
        (source / f"nb{i:05d}.ipynb").write_text(json.dumps(small_notebook(rng, i), indent=1) + "\n")
    size = sum(p.stat().st_size for p in source.iterdir()) / args.count
    print(f"{args.count} notebooks, {size:.0f} bytes each on average")

    ours_times, theirs_times = [], []
    for _ in range(args.runs):
        ours = fresh_copies(source, WORK / "ours")
        ours_times.append(timed([args.quire, "strip", *ours]))
    theirs = fresh_copies(source, WORK / "theirs")
    theirs_times.append(timed([sys.executable, "-m", "nbstripout", *theirs]))
    for a, b in zip(ours, theirs):
        assert Path(a).read_bytes() == Path(b).read_bytes(), f"{a} differs"
    best = min(ours_times)
    print(f"quire strip: best {best * 1000:.1f} ms of {args.runs} runs {[round(t * 1000, 1) for t in ours_times]}")
    print(f"nbstripout:  {theirs_times[0]:.2f} s")
    print(f"ratio: {best / theirs_times[0]:.4f} (target 0.02)")


if __name__ == "__main__":
    main()
