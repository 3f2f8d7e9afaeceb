#!/usr/bin/env bash
# Times Quire's notebook tools against the Python tools they replace, with hyperfine, in one run:
#   quire strip               vs nbstripout                     on 1,000 small notebooks
#   quire convert --to script vs jupyter nbconvert --to script  on 100 small notebooks
# Each tool runs as one process given all the files as arguments; --prepare copies fresh inputs
# before every run (strip rewrites files in place; convert writes NAME.py beside each input).
# Then checks that the outputs agree, and prints the ratios quire/python: mean wall time, and
# mean CPU time (user+system), which is steadier when other work shares the machine. Last, what
# replacing the 1,000 files costs by itself, alternating with quire strip (bench/replace_floor.py):
# the floor under quire strip's time, which on this machine rises with every run.
#   usage: bench/bench_nbtools.sh [RUNS] [disk|ext4]   (default 5, disk; needs what `make bench` sets up)
#   disk: the files are in bench/work on the project's disk. ext4: on a new ext4 file system with a
#   journal, mkfs.ext4's defaults, loop-mounted at bench/work/ext4 for the run (bench/ext4_mount.sh,
#   root only): the file system a Linux installation has, unlike this machine's disk (ext4 without
#   a journal, where creating files right after deleting many is slow: docs/benchmarks.md).
#   Quire is the release build, with the Swift runtime linked statically as the Makefile's release
#   builds are (scripts/release-build.sh); QUIRE_BIN=path times another binary.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
FS=${2:-disk}
W=$PWD/bench/work R=$PWD/bench/results
mkdir -p "$W" "$R"
case "$FS" in disk|ext4) ;; *) echo "bench: the file system is disk or ext4, not '$FS'" >&2; exit 2 ;; esac
export PATH=$PWD/.venv/bin:$PATH JUPYTER_PLATFORM_DIRS=1 PYTHONWARNINGS=ignore

if [ -z "${QUIRE_BIN:-}" ]; then
  scripts/release-build.sh
  QUIRE_BIN=$(scripts/release-build.sh --show-bin-path)/quire
fi
Q=$QUIRE_BIN
echo "bench: quire is $Q"
# Inputs: regenerated when gen_notebooks.py changes.
if [ ! "$W/data/.done" -nt bench/gen_notebooks.py ]; then
  rm -rf "$W/data"
  python bench/gen_notebooks.py "$W/data" --strip 1000 --convert 100
  touch "$W/data/.done"
fi

if [ "$FS" = ext4 ]; then
  M=$W/ext4
  bench/ext4_mount.sh "$M"
  trap 'bench/ext4_mount.sh --unmount "$M"' EXIT
  cp -r "$W/data" "$M/data"
  W=$M
fi
echo "bench: files on $FS ($(findmnt -n -o FSTYPE,OPTIONS -T "$W"))"

# Each tool once on one file first: hyperfine alone would only say "exit code 64".
rm -rf "$W/try" && mkdir -p "$W/try" && cp "$W/data/strip/nb-0000.ipynb" "$W/try/"
"$Q" strip "$W/try/nb-0000.ipynb" || { echo "bench: quire strip failed" >&2; exit 1; }
"$Q" convert --to script "$W/try/nb-0000.ipynb" || { echo "bench: quire convert failed" >&2; exit 1; }

hyperfine --warmup 1 --runs "$RUNS" --export-json "$R/nbtools_strip_$FS.json" \
  --prepare "rm -rf $W/strip && cp -r $W/data/strip $W/strip" \
  -n "quire strip (1000 files)" "$Q strip $W/strip/*.ipynb" \
  -n "nbstripout (1000 files)" "nbstripout $W/strip/*.ipynb"

hyperfine --warmup 1 --runs "$RUNS" --export-json "$R/nbtools_convert_$FS.json" \
  --prepare "rm -rf $W/convert && cp -r $W/data/convert $W/convert" \
  -n "quire convert --to script (100 files)" "$Q convert --to script $W/convert/*.ipynb" \
  -n "jupyter nbconvert --to script (100 files)" "jupyter nbconvert --to script --log-level=WARN $W/convert/*.ipynb"

# Do the two tools produce the same files? One more run of each, side by side.
for t in quire python; do
  rm -rf "$W/check-$t" && mkdir -p "$W/check-$t" && cp -r "$W/data/strip" "$W/data/convert" "$W/check-$t/"
done
"$Q" strip "$W"/check-quire/strip/*.ipynb
nbstripout "$W"/check-python/strip/*.ipynb
"$Q" convert --to script "$W"/check-quire/convert/*.ipynb
jupyter nbconvert --to script --log-level=WARN "$W"/check-python/convert/*.ipynb

python - "$W" "$R" "$FS" <<'PY'
import filecmp, glob, json, os, sys
w, r, fs = sys.argv[1:]
for sub, pattern in (("strip", "*.ipynb"), ("convert", "*.py")):
    names = [os.path.basename(p) for p in sorted(glob.glob(f"{w}/check-python/{sub}/{pattern}"))]
    same = sum(os.path.exists(f"{w}/check-quire/{sub}/{n}")
               and filecmp.cmp(f"{w}/check-quire/{sub}/{n}", f"{w}/check-python/{sub}/{n}", shallow=False)
               for n in names)
    print(f"{sub}: {same}/{len(names)} output files identical to the Python tool's")
print()
print(f"{'':8} {'quire wall':>11} {'python wall':>12} {'ratio':>6}   {'quire cpu':>10} {'python cpu':>11} {'ratio':>6}")
for name in ("strip", "convert"):
    q, p = json.load(open(f"{r}/nbtools_{name}_{fs}.json"))["results"]
    qc, pc = q["user"] + q["system"], p["user"] + p["system"]
    print(f"{name:8} {q['mean'] * 1000:8.1f} ms {p['mean'] * 1000:9.1f} ms {q['mean'] / p['mean']:6.3f}"
          f"   {qc * 1000:7.1f} ms {pc * 1000:8.1f} ms {qc / pc:6.3f}")
print("ratio = quire/python (below 1: quire is faster); wall = mean elapsed, cpu = mean user+system")
PY
echo
python bench/replace_floor.py "$W" --rounds "$RUNS" --quire "$Q"
