# Quire: `make run` and `make test` each do the whole set-up from a fresh Debian clone
# (missing apt packages, the .venv virtualenv from the pinned requirements, swift build), and are
# quick when nothing changed: stamp files in .venv record what is installed.
#
#   make setup   apt packages + .venv with requirements.txt (the part run and test share)
#   make build   setup + swift build (debug)
#   make run     build + `quire lab` on 127.0.0.1:$(PORT) for .demo/ (filled from examples/), printing the URL
#   make demo    build + a demonstration of the notebook tools on examples/demo.ipynb
#   make test    build + requirements-dev.txt + swift test + pytest Tests/Oracle (differential tests)
#                + 30 s of fuzzing the ZMTP parser (scripts/fuzz-zmtp.sh)
#   make bench   setup + requirements-dev.txt + release build + the benchmarks below
#   make bench-nbtools   bench/bench_nbtools.sh (quire strip/convert against nbstripout/nbconvert),
#                        on the project's disk, then (as root) on a new journaled ext4 file system
#   make bench-kernels   bench/bench_kernels.py (the kernel client against jupyter_client)
#   make bench-run       bench/bench_run.sh (quire run, single and --grid, against papermill)
#   make bench-lab       bench/bench_lab.py (quire server against jupyter_server: start, RSS, req/s, websocket)
#   make clean   remove .build, .venv and bench work files (apt packages stay)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

PYTHON ?= python3
SWIFT  ?= swift
VENV   := .venv
PIP    := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_NO_INPUT := 1
export DEBIAN_FRONTEND := noninteractive
export JUPYTER_PLATFORM_DIRS := 1

# The debug binary, for tests and the demo.
QUIRE_BIN = $$($(SWIFT) build --show-bin-path)/quire
# Release builds (the benchmarks): scripts/release-build.sh (static runtime, function sections),
# which bench/bench_nbtools.sh uses too, so that the two never rebuild each other's .build/release.
RELEASE_BUILD = SWIFT=$(SWIFT) scripts/release-build.sh

.PHONY: setup apt venv venv-dev build run demo test bench bench-nbtools bench-kernels bench-run bench-lab link-order clean

setup: apt venv

# Debian packages: a dpkg query each time; apt-get runs only when something is missing.
apt:
	@scripts/setup-apt.sh

# The virtualenv itself; the stamps below depend on it, so a new .venv is filled again.
$(VENV)/pyvenv.cfg: | apt
	@echo "setup: creating $(VENV)"
	$(PYTHON) -m venv $(VENV)

# The requirements files pin the whole closure, so --no-deps installs exactly them, and
# `pip check` fails if a dependency were ever left out.
$(VENV)/.installed-run: requirements.txt $(VENV)/pyvenv.cfg
	@echo "setup: installing requirements.txt into $(VENV)"
	$(PIP) install -q --no-deps -r requirements.txt
	$(PIP) check >/dev/null
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/pyvenv.cfg
	@echo "setup: installing requirements-dev.txt into $(VENV)"
	$(PIP) install -q --no-deps -r requirements-dev.txt
	$(PIP) check >/dev/null
	@touch $@ $(VENV)/.installed-run

# bash_kernel ships no kernelspec in its wheel: its installer writes one into the venv
# (xeus-python's wheel carries its own). Idempotent; the stamp re-runs it after a reinstall.
$(VENV)/.installed-kernelspecs: $(VENV)/.installed-dev
	@echo "setup: installing the bash_kernel kernelspec into $(VENV)"
	$(VENV)/bin/python -m bash_kernel.install --sys-prefix >/dev/null
	@touch $@

venv: $(VENV)/.installed-run
venv-dev: $(VENV)/.installed-dev $(VENV)/.installed-kernelspecs

build: setup
	$(SWIFT) build

PORT ?= 8888

run: build
	PORT=$(PORT) scripts/lab.sh "$(QUIRE_BIN)"

demo: build
	scripts/demo.sh "$(QUIRE_BIN)"

# swift test fails ("no tests found") when no test target has sources, and pytest exits 5 when it
# collects nothing: each is accepted, saying so, only while there are no test files for it.
# venv-dev comes first: it also marks requirements.txt installed, so nothing installs twice.
test: venv-dev build
	@if find Tests -name '*.swift' | grep -q .; then \
	  echo "test: swift test"; $(SWIFT) test; \
	else echo "test: no Swift test files yet; swift test skipped"; fi
	@if [ ! -d Tests/Oracle ]; then echo "test: no Tests/Oracle yet; pytest skipped"; exit 0; fi; \
	bin=$(QUIRE_BIN); echo "test: pytest Tests/Oracle with QUIRE_BIN=$$bin"; \
	rc=0; QUIRE_BIN=$$bin $(VENV)/bin/python -m pytest Tests/Oracle -q || rc=$$?; \
	if [ $$rc -eq 5 ] && ! find Tests/Oracle \( -name 'test_*.py' -o -name '*_test.py' \) | grep -q .; then \
	  echo "test: no test files in Tests/Oracle yet (pytest exit 5 accepted)"; rc=0; fi; \
	exit $$rc
	@echo "test: fuzzing the ZMTP parser for 30 s"
	scripts/fuzz-zmtp.sh 30

bench: bench-nbtools bench-kernels bench-run bench-lab

# The server benchmark runs the release build of quire beside jupyter_server from .venv.
bench-lab: setup venv-dev
	$(RELEASE_BUILD) --product quire
	$(VENV)/bin/python bench/bench_lab.py --quire "$$($(RELEASE_BUILD) --show-bin-path)/quire"

bench-run: setup venv-dev
	bench/bench_run.sh

bench-nbtools: setup venv-dev
	bench/bench_nbtools.sh 5 disk
	if [ "$$(id -u)" = 0 ]; then bench/bench_nbtools.sh 5 ext4; else echo "bench: not root, no ext4 run"; fi

# The kernel benchmark needs the release build of quire-kernel-bench; it prints a table and
# writes bench/results/kernels.json.
bench-kernels: setup venv-dev
	$(RELEASE_BUILD) --product quire-kernel-bench
	$(VENV)/bin/python bench/bench_kernels.py --quire-bench "$$($(RELEASE_BUILD) --show-bin-path)/quire-kernel-bench"

# Regenerates Sources/quire/link-order.txt, the order in which the release link places the
# functions a server runs (scripts/link_order.py: callgrind, then rounds of perf page faults).
link-order: setup venv-dev
	@command -v valgrind >/dev/null && command -v perf >/dev/null || apt-get install -y -q valgrind linux-perf
	$(RELEASE_BUILD) --product quire
	$(VENV)/bin/python scripts/link_order.py "$$($(RELEASE_BUILD) --show-bin-path)/quire"

clean:
	rm -rf .build $(VENV) bench/work bench/results
