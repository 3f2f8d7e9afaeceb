#!/usr/bin/env bash
# Installs the Debian packages Quire's set-up needs, only if some are missing (then quick: one dpkg query).
#   chromium, chromium-driver: browser tests (selenium)   hyperfine: benchmarks   git: SwiftPM
#   wrk: HTTP load for bench/bench_lab.py (contents GET requests/s; it falls back to Python threads)
#   python3-venv: only when python3 cannot make a virtualenv (Debian's own python3 needs it)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

want=(chromium chromium-driver hyperfine git fonts-liberation wrk)
python3 -c 'import venv, ensurepip' 2>/dev/null || want+=(python3-venv)

missing=()
for p in "${want[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup-apt: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo -E"
fi
log=${TMPDIR:-/tmp}/quire-setup-apt.log
echo "setup-apt: installing ${missing[*]} (log: $log)"
$sudo apt-get update -q >"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
# The chromium install can stop half-way on a perl-base upgrade: repair with --fix-broken and retry.
for try in 1 2 3; do
  if $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "setup-apt: done"
    exit 0
  fi
  echo "setup-apt: apt-get install failed (try $try); running apt-get --fix-broken install"
  $sudo apt-get -y -q --fix-broken install >>"$log" 2>&1 || true
done
tail -30 "$log" >&2
echo "setup-apt: could not install ${missing[*]}" >&2
exit 1
