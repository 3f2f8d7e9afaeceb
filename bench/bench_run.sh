#!/usr/bin/env bash
# Times `quire run` against papermill, in one run, with hyperfine:
#   one 10-cell parameterised notebook:  quire run in.ipynb out.ipynb -p x 3   vs  papermill (same args)
#   20 runs of it:  quire run in.ipynb --grid (x = 1..20) --jobs 2 --output-dir D  vs  20 papermill runs in a row
# Then checks that both wrote the same cells (outputs and execution counts), and prints the ratios
# quire/papermill of mean wall time and of mean CPU time (user+system of the whole process tree,
# kernels included).
#   usage: bench/bench_run.sh [RUNS] [GRID_RUNS]   (defaults 10 and 2; needs what `make bench` sets up)
#   Quire is the release build (swift build -c release); QUIRE_BIN=path times another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
GRID_RUNS=${2:-2}
W=$PWD/bench/work/run R=$PWD/bench/results
mkdir -p "$W" "$R"
export PATH=$PWD/.venv/bin:$PATH JUPYTER_PLATFORM_DIRS=1 PYTHONWARNINGS=ignore

if [ -z "${QUIRE_BIN:-}" ]; then
  swift build -c release
  QUIRE_BIN=$(swift build -c release --show-bin-path)/quire
fi
Q=$QUIRE_BIN
echo "bench: quire is $Q"

# The notebook: 10 cells, the first tagged `parameters`, trivial code (as ../shared/bench uses).
python - "$W/in.ipynb" <<'PY'
import sys, nbformat
from nbformat.v4 import new_notebook, new_code_cell
nb = new_notebook(metadata={
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"}})
p = new_code_cell("x = 1"); p.metadata["tags"] = ["parameters"]; nb.cells.append(p)
for src in ["y = x * 2", "z = y + 1", "print(x, y, z)", "s = sum(range(100))", "s",
            "d = {'x': x, 'y': y}", "d", "import math\nmath.sqrt(x + 1)", "x + y + z"]:
    nb.cells.append(new_code_cell(src))
nbformat.write(nb, sys.argv[1])
PY
printf 'x: [%s]\n' "$(seq -s ', ' 1 20)" > "$W/grid.yaml"
cat > "$W/papermill20.sh" <<SH
#!/usr/bin/env bash
set -e
for i in \$(seq 1 20); do papermill --no-progress-bar --log-level ERROR "$W/in.ipynb" "$W/pm-grid/out_\$i.ipynb" -p x \$i; done
SH
chmod +x "$W/papermill20.sh"
mkdir -p "$W/pm-grid" "$W/q-grid"

# Each tool once first: hyperfine alone would only say "exit code 1".
"$Q" run --no-progress-bar "$W/in.ipynb" "$W/q-out.ipynb" -p x 3 || { echo "bench: quire run failed" >&2; exit 1; }
papermill --no-progress-bar --log-level ERROR "$W/in.ipynb" "$W/pm-out.ipynb" -p x 3

hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$R/run_single.json" \
  -n "quire run (10 cells)" "$Q run --no-progress-bar $W/in.ipynb $W/q-out.ipynb -p x 3" \
  -n "papermill (10 cells)" "papermill --no-progress-bar --log-level ERROR $W/in.ipynb $W/pm-out.ipynb -p x 3"

hyperfine -N --runs "$GRID_RUNS" --export-json "$R/run_grid.json" \
  -n "quire run --grid (20 runs, --jobs 2)" "$Q run --no-progress-bar $W/in.ipynb --grid $W/grid.yaml --jobs 2 --output-dir $W/q-grid" \
  -n "papermill x 20, one after another" "$W/papermill20.sh"

python - "$W" "$R" <<'PY'
import glob, json, os, sys
w, r = sys.argv[1:]
def cells(path):
    nb = json.load(open(path))
    return [(c.get("execution_count"), c.get("outputs")) for c in nb["cells"] if c["cell_type"] == "code"]
same = cells(f"{w}/q-out.ipynb") == cells(f"{w}/pm-out.ipynb")
print(f"single run: quire and papermill outputs and counts {'identical' if same else 'DIFFER'}")
q = sorted(glob.glob(f"{w}/q-grid/*.ipynb"))
print(f"grid: quire wrote {len(q)} notebooks, papermill {len(glob.glob(f'{w}/pm-grid/*.ipynb'))}")
print()
print(f"{'':6} {'quire wall':>11} {'papermill wall':>15} {'ratio':>6}   {'quire cpu':>10} {'papermill cpu':>14} {'ratio':>6}")
for name in ("single", "grid"):
    a, b = json.load(open(f"{r}/run_{name}.json"))["results"]
    ac, bc = a["user"] + a["system"], b["user"] + b["system"]
    print(f"{name:6} {a['mean']:9.3f} s {b['mean']:13.3f} s {a['mean'] / b['mean']:6.3f}"
          f"   {ac:8.3f} s {bc:12.3f} s {ac / bc:6.3f}")
print("ratio = quire/papermill (below 1: quire is faster); wall = mean elapsed, cpu = mean user+system")
PY
