"""Generate the benchmark's input notebooks, deterministically (seeded), with nbformat.

  python bench/gen_notebooks.py OUTDIR [--strip 1000] [--convert 100]

OUTDIR/strip/nb-NNNN.ipynb     inputs for `quire strip` / nbstripout
OUTDIR/convert/nb-NNNN.ipynb   inputs for `quire convert --to script` / nbconvert --to script

Each is a small, varied notebook (about 1-8 KB): markdown and code cells, execution counts,
stream / execute_result / display_data / error outputs, and the metadata nbstripout removes
(ExecuteTime, execution timings, collapsed, scrolled, widgets state).
"""

import argparse
import base64
import os
import random

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
    "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3", "version": "3.11.7",
}
WORDS = "data frame sales model mean total region plot value result check sample rate".split()


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def outputs(rng, count):
    kind = rng.choice(["stream", "stream", "result", "display", "error", "none"])
    if kind == "stream":
        lines = "".join(f"{words(rng, 2)}: {rng.randint(0, 999)}\n" for _ in range(rng.randint(1, 6)))
        return [new_output("stream", name=rng.choice(["stdout", "stdout", "stderr"]), text=lines)]
    if kind == "result":
        return [new_output("execute_result", execution_count=count,
                           data={"text/plain": repr([rng.randint(0, 99) for _ in range(rng.randint(1, 8))])})]
    if kind == "display":
        data = {"text/plain": "<IPython.core.display.HTML object>",
                "text/html": f"<b>{words(rng, 3)}</b> <i>{rng.random():.4f}</i>"}
        if rng.random() < 0.3:
            data["image/png"] = base64.b64encode(rng.randbytes(rng.randint(200, 1500))).decode()
        return [new_output("display_data", data=data)]
    if kind == "error":
        return [new_output("error", ename="ValueError", evalue=words(rng, 3),
                           traceback=["\x1b[0;31mValueError\x1b[0m: " + words(rng, 3)])]
    return []


def notebook(rng, i):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO})
    if rng.random() < 0.2:
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2,
                                                                                 "version_minor": 0}}
    nb.cells.append(new_markdown_cell(f"# Notebook {i}: {words(rng, 3)}\n\n{words(rng, 12)}."))
    count = 0
    for k in range(rng.randint(3, 8)):
        if rng.random() < 0.2:
            nb.cells.append(new_markdown_cell(f"## {words(rng, 2)}\n{words(rng, 8)}"))
            continue
        count += 1
        name = rng.choice(WORDS)
        lines = [f"{name}_{k} = {rng.randint(0, 1000)}", f"print({name}_{k} * {rng.randint(2, 9)})"]
        if rng.random() < 0.5:
            lines.insert(0, rng.choice(["import math", "import statistics", "import json"]))
        lines.append(f"{name}_{k} + {k}")
        cell = new_code_cell("\n".join(lines), execution_count=count, outputs=outputs(rng, count))
        if rng.random() < 0.5:
            cell.metadata["ExecuteTime"] = {"end_time": "2024-05-01T10:00:01.5Z", "start_time": "2024-05-01T10:00:01Z"}
        if rng.random() < 0.3:
            cell.metadata["execution"] = {"iopub.status.busy": "2024-05-01T10:00:01.000001Z",
                                          "iopub.status.idle": "2024-05-01T10:00:01.200002Z"}
        if rng.random() < 0.2:
            cell.metadata["collapsed"] = False
        if rng.random() < 0.2:
            cell.metadata["scrolled"] = True
        if rng.random() < 0.1:
            cell.metadata["tags"] = ["keep-me"]
        nb.cells.append(cell)
    for cell in nb.cells:  # nbformat's ids are random: make them deterministic
        cell.id = f"{rng.getrandbits(64):016x}"
    return nb


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--strip", type=int, default=1000)
    ap.add_argument("--convert", type=int, default=100)
    args = ap.parse_args()
    rng = random.Random(2024)
    for sub, n in (("strip", args.strip), ("convert", args.convert)):
        d = os.path.join(args.outdir, sub)
        os.makedirs(d, exist_ok=True)
        for i in range(n):
            nb = notebook(rng, i)
            nbformat.validate(nb)
            nbformat.write(nb, os.path.join(d, f"nb-{i:04d}.ipynb"))
        print(f"{d}: {n} notebooks")


if __name__ == "__main__":
    main()
