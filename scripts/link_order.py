"""Writes Sources/quire/link-order.txt: the functions `quire server` runs, for the release link.

The linker (lld, --symbol-ordering-file) places the listed functions first and together. Without
it the few MB of code a server runs are spread over the 26 MB of `.text`, and the kernel's 64 KB
fault-around maps most of `.text` into the process (RSS). The list comes from callgrind: phase 1
is start-up, two contents GETs and a second of idling (the idle server: listed first); phase 2 is
a working session over REST (kernelspecs, status, a notebook saved and read back, listings).
Kernels are left out: under valgrind a child's closefrom (close_range up to ~0) fails with EBADF,
so no child process starts; the kernel and websocket paths stay in the unordered part of `.text`.
To catch what valgrind misses that way, rounds follow natively under `perf record -e
page-faults`: each function whose first run faulted a page of `.text` in and is not listed yet is
added to the idle part, and quire is relinked, until a round adds nothing (at most $ROUNDS, 6).
Symbols missing from a later build are skipped by the linker, so a stale list costs memory, never
correctness. Re-run after large changes:

    make link-order       (= .venv/bin/python scripts/link_order.py .build/release/quire)

Needs valgrind and perf (apt: valgrind, linux-perf) and llvm-objcopy from the Swift toolchain
(valgrind cannot read the DWARF 5 of the release binary, so it runs on a copy without debug
sections).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import psutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import lablib  # noqa: E402  (free_port and stop, shared with the server benchmark)
TOKEN = "link-order"
OUT = os.path.join(ROOT, "Sources", "quire", "link-order.txt")


def call(port, method, path, body=None, timeout=60):
    """One authenticated API call; returns the decoded JSON body (or None)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


def wait_up(port, proc, timeout_s=300):
    """Poll GET /api/contents until it answers (valgrind makes start-up slow)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"quire exited with {proc.returncode} under valgrind")
        try:
            return call(port, "GET", "/api/contents", timeout=5)
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("quire server did not answer under valgrind")


def dump(pid, outdir, before):
    """Ask callgrind for a dump and wait for its file to appear; returns its path."""
    subprocess.run(["callgrind_control", "-d", str(pid)], check=True, capture_output=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        files = set(os.listdir(outdir)) - before
        done = [f for f in files if f.startswith("cg.out.") and "." in f[len("cg.out."):]]
        if done and os.path.getsize(os.path.join(outdir, done[0])) > 0:
            time.sleep(0.5)  # the file is written in one go; let it finish
            return os.path.join(outdir, done[0])
        time.sleep(0.2)
    raise TimeoutError("callgrind did not dump")


def functions(path, binary_name):
    """Names of the functions of binary_name that ran, from an uncompressed callgrind dump."""
    names, obj = set(), ""
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("ob="):
                obj = line[3:].strip()
            elif line.startswith("fn=") and obj.endswith(binary_name):
                name = line[3:].strip()
                names.add(name.split("'")[0])  # callgrind's recursion suffix 'N
    return names


def session_work(port):
    """Phase 2: the REST calls of a JupyterLab session, short of kernels."""
    for path in ("/api/kernelspecs", "/api/status", "/api/me", "/api/config/notebook",
                 "/api/sessions", "/api/kernels"):
        call(port, "GET", path)
    nb = {"cells": [{"cell_type": "code", "execution_count": 1, "id": "a1", "metadata": {},
                     "outputs": [{"name": "stdout", "output_type": "stream", "text": "2\n"}],
                     "source": "print(1+1)"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    call(port, "PUT", "/api/contents/order.ipynb", {"type": "notebook", "format": "json",
                                                    "content": nb})
    call(port, "GET", "/api/contents/order.ipynb?content=1")
    call(port, "POST", "/api/contents/order.ipynb/checkpoints")
    call(port, "PATCH", "/api/contents/order.ipynb", {"path": "renamed.ipynb"})
    call(port, "GET", "/api/contents?content=1")
    call(port, "DELETE", "/api/contents/renamed.ipynb")


def profile(binary, work):
    """Callgrind phases 1 and 2 on a copy of binary: (idle-path functions, session functions)."""
    copy = os.path.join(work, "quire-profiled")
    subprocess.run(["llvm-objcopy", "--strip-debug", binary, copy], check=True)
    root = make_root(work)
    port = lablib.free_port()
    env = {k: v for k, v in os.environ.items() if k != "QUIRE_PYTHON"}
    cmd = ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
           "--compress-pos=no", "--dump-line=no", f"--callgrind-out-file={work}/cg.out.%p",
           copy, "server", root, "--ip", "127.0.0.1", "--port", str(port), "--token", TOKEN]
    with open(os.path.join(work, "log"), "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        wait_up(port, proc)
        call(port, "GET", "/api/contents")
        time.sleep(1.0)  # idle timers, as the benchmark's settled RSS sees them
        before = set(os.listdir(work))
        idle = functions(dump(proc.pid, work, before), "quire-profiled")
        session_work(port)
        before = set(os.listdir(work))
        busy = functions(dump(proc.pid, work, before), "quire-profiled") - idle
    finally:
        lablib.stop(proc, grace_s=120)
    return idle, busy


def make_root(work):
    """A served folder with one example notebook."""
    root = os.path.join(work, "root")
    os.makedirs(root, exist_ok=True)
    name = sorted(f for f in os.listdir(os.path.join(ROOT, "examples")) if f.endswith(".ipynb"))[0]
    shutil.copy(os.path.join(ROOT, "examples", name), root)
    return root


def text_faults(binary, work):
    """Natively, under perf: the functions whose first run faulted a page of .text in (start-up,
    two contents GETs, a second idle). Catches what valgrind misses (e.g. the child processes
    start-up spawns, which fail under valgrind)."""
    root = make_root(work)
    port = lablib.free_port()
    data = os.path.join(work, "perf.data")
    proc = subprocess.Popen(["perf", "record", "-q", "-e", "page-faults", "-c", "1", "-d", "-o", data,
                             binary, "server", root, "--ip", "127.0.0.1", "--port", str(port),
                             "--token", TOKEN], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(port, proc, timeout_s=60)
        call(port, "GET", "/api/contents")
        time.sleep(1.0)
    finally:
        for server in psutil.Process(proc.pid).children():  # the server first: perf then writes its data
            server.terminate()
        proc.wait(timeout=120)
    out = subprocess.run(["perf", "script", "-i", data, "--no-demangle", "-F", "addr,ip,sym"],
                         capture_output=True, text=True, check=True).stdout
    lo, hi = text_segment(binary)
    names, count = set(), 0
    for line in out.splitlines():
        parts = line.split()
        # addr, the symbol at addr, ip, the symbol at ip; an instruction fetch has addr == ip
        if len(parts) >= 4 and lo <= int(parts[0], 16) < hi:
            count += 1
            if parts[2] == parts[0] and parts[3] != "[unknown]":
                names.add(parts[3])
    return names, count


def text_segment(binary):
    """(start, end) virtual addresses of the executable's R E load segment (non-PIE link)."""
    for line in subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        p = line.split()
        if p and p[0] == "LOAD" and p[-2] == "E":
            return int(p[2], 16), int(p[2], 16) + int(p[5], 16)
    raise RuntimeError(f"{binary}: no executable load segment")


def write(idle, extra, busy):
    """The ordering file: the idle path (callgrind's, then perf's additions), then the session."""
    with open(OUT, "w") as f:
        f.write("\n".join(sorted(idle) + extra + sorted(busy - idle - set(extra))) + "\n")


def relink(binary):
    """Relink the release quire with the current ordering file."""
    os.remove(binary)
    subprocess.run([os.path.join(ROOT, "scripts", "release-build.sh"), "--product", "quire"],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    """Profile the given release binary, write the ordering file, refine it with perf rounds."""
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                             os.path.join(ROOT, ".build", "release", "quire"))
    rounds = int(os.environ.get("ROUNDS", "6"))
    work = tempfile.mkdtemp(prefix="quire-link-order-")
    try:
        idle, busy = profile(binary, work)
        idle = {n for n in idle if not n.startswith("0x")}
        busy = {n for n in busy if not n.startswith("0x")}
        extra = []
        write(idle, extra, busy)
        print(f"link-order: {len(idle)} idle-path and {len(busy)} session functions (callgrind)")
        for i in range(rounds if shutil.which("perf") else 0):
            relink(binary)
            faulted, count = text_faults(binary, work)
            new = sorted(faulted - idle - set(extra))
            print(f"link-order: round {i + 1}: {count} faults in .text; {len(new)} functions added")
            if not new:
                break
            extra += new
            write(idle, extra, busy)
        print(f"link-order: wrote {OUT}; rebuild (make bench-lab does) to use it")
    finally:
        if os.environ.get("KEEP") is None:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)


if __name__ == "__main__":
    main()
