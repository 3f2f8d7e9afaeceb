#!/usr/bin/env bash
# `make demo`: shows Quire's notebook tools on a copy of
# examples/demo.ipynb. Every step runs even if one fails; any failure makes the script exit 1.
#   usage: scripts/demo.sh [QUIRE_BIN]     (default: the debug build)
set -uo pipefail
cd "$(dirname "$0")/.."
Q=${1:-$(swift build --show-bin-path)/quire}
[ -x "$Q" ] || { echo "demo: no quire binary at $Q (run swift build)" >&2; exit 1; }
Q=$(realpath "$Q")

# quire run finds kernels through the project's Python environment, wherever it runs.
[ -x .venv/bin/python ] && export QUIRE_PYTHON=${QUIRE_PYTHON:-$PWD/.venv/bin/python}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp examples/demo.ipynb "$work/demo.ipynb"
cd "$work"
nb=demo.ipynb
failed=()

banner() { printf '\n== %s\n' "$*"; }
# step NAME ARGS...: runs `quire ARGS...`, reports it loudly if it fails.
step() {
  local name=$1 rc=0; shift
  echo "\$ quire $*"
  "$Q" "$@" || rc=$?
  if [ $rc -ne 0 ]; then
    echo "!! FAILED: quire $name (exit $rc)"
    failed+=("$name")
    return 1
  fi
}
outputs() { grep -c '"output_type"' "$nb"; }
# show FILE: the first lines of a file a tool wrote.
show() {
  [ -f "$1" ] || return 0
  local n=${2:-12}
  echo "-- $1: $(wc -c <"$1") bytes$([ "$n" -gt 0 ] && echo ", first $n lines:")"
  head -n "$n" "$1"
}

cat <<EOF
Quire demo. The notebook server (Jupyter Server API + JupyterLab) does not exist yet, so
'make run' shows the notebook tools and headless runs instead, on a copy of examples/demo.ipynb in $work.
EOF

banner "quire format: rewrite exactly as nbformat writes it (--check only reports)"
step format format --check "$nb" && echo "already in nbformat's exact formatting"

banner "quire validate: check against the nbformat v4 schema"
step validate validate "$nb" && echo "valid"

for to in script markdown html; do
  ext=$([ $to = script ] && echo py || ([ $to = markdown ] && echo md || echo html))
  banner "quire convert --to $to: like jupyter nbconvert --to $to, writes demo.$ext"
  lines=$([ $to = html ] && echo 0 || echo 12)   # the HTML starts with a page of CSS
  step "convert --to $to" convert --to "$to" "$nb" && show "demo.$ext" "$lines"
done

banner "quire run: execute it in a fresh kernel, as papermill does, writing run.ipynb"
step run run --no-progress-bar "$nb" run.ipynb && echo "outputs in run.ipynb: $(grep -c '"output_type"' run.ipynb)"

banner "quire strip: remove outputs, execution counts and volatile metadata (like nbstripout)"
echo "outputs before: $(outputs)"
step strip strip "$nb" && echo "outputs after: $(outputs)" && show "$nb" 20

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "demo: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "demo: all tools ran. (The notebook server does not exist yet.)"
