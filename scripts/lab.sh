#!/usr/bin/env bash
# `make run`: starts `quire lab` (the Jupyter Server with the JupyterLab front-end) on 127.0.0.1 for
# a demo folder, .demo/ (filled from examples/ the first time; your work there is kept between runs).
# It prints the URL to open, with its token. Ctrl-C stops the server and its kernels.
#   usage: scripts/lab.sh [QUIRE_BIN]     (PORT=8888 and QUIRE_LAB_DIR=.demo by default)
set -euo pipefail
cd "$(dirname "$0")/.."
Q=${1:-$(swift build --show-bin-path)/quire}
[ -x "$Q" ] || { echo "lab: no quire binary at $Q (run swift build)" >&2; exit 1; }
dir=${QUIRE_LAB_DIR:-.demo}
if [ ! -d "$dir" ]; then
  mkdir -p "$dir"
  cp examples/*.ipynb "$dir"/
  echo "lab: created $dir from examples/"
fi
# Kernels and the JupyterLab files come from the project's virtualenv.
export QUIRE_PYTHON=${QUIRE_PYTHON:-$PWD/.venv/bin/python}
exec "$Q" lab "$dir" --ip 127.0.0.1 --port "${PORT:-8888}"
