"""Helpers for bench/bench_lab.py: server processes, memory and CPU, the Contents load tools.

Everything talks to 127.0.0.1 only; every wait is bounded by a deadline.
"""
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import threading
import time

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))


def summary(values):
    """n, median, p99 (interpolated, as bench_kernels.py), min, max, mean of a non-empty list."""
    s = sorted(values)
    k = (len(s) - 1) * 0.99
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return {"n": len(s), "median": statistics.median(s), "p99": s[lo] + (s[hi] - s[lo]) * (k - lo),
            "min": s[0], "max": s[-1], "mean": statistics.fmean(s)}


def load():
    """The 1, 5 and 15 minute load averages, rounded to 2 decimals."""
    return [round(x, 2) for x in os.getloadavg()]


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def small_notebook(path, cells=6):
    """Write a deterministic nbformat 4.5 notebook of about 3 KB (code cells with outputs)."""
    nb_cells = [{"cell_type": "markdown", "id": "md-0", "metadata": {},
                 "source": ["# Lab benchmark\n", "A *small* notebook for the Contents API.\n",
                            "Six cells, five with a stream and an execute_result output."]}]
    for k in range(1, cells):
        nb_cells.append({
            "cell_type": "code", "id": f"code-{k}", "execution_count": k,
            "metadata": {"ExecuteTime": {"end_execution": "2026-01-01T00:00:00Z"}},
            "source": [f"a{k} = {17 * k % 101}\n", f"print(a{k} * 2)\n", f"a{k} + {k}"],
            "outputs": [
                {"output_type": "stream", "name": "stdout", "text": [f"{34 * k % 202}\n"]},
                {"output_type": "execute_result", "execution_count": k, "metadata": {},
                 "data": {"text/plain": [str(17 * k % 101 + k)]}}]})
    nb = {"cells": nb_cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.7", "file_extension": ".py"}}}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        json.dump(nb, fh, indent=1)
        fh.write("\n")
    return os.path.getsize(path)


def http_get(port, path, token, timeout=5.0):
    """GET http://127.0.0.1:port/path with the token; returns (status, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Authorization": f"token {token}"})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def spawn(cmd, env, log_path):
    """Start a server in its own session, output to log_path; returns the Popen."""
    log = open(log_path, "wb")
    try:
        return subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    finally:
        log.close()


def wait_status(proc, port, token, t0, poll_s=0.005, timeout_s=60.0):
    """Poll GET /api/status until 200; returns seconds since t0 (perf_counter) or raises."""
    deadline = t0 + timeout_s
    while time.perf_counter() < deadline:
        try:
            status, _ = http_get(port, "/api/status", token, timeout=2.0)
            if status == 200:
                return time.perf_counter() - t0
        except (OSError, http.client.HTTPException):
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering")
        time.sleep(poll_s)
    raise TimeoutError(f"no 200 from /api/status within {timeout_s} s")


def _signal_all(pids, sig):
    """Send sig to each pid that still exists."""
    for pid in pids:
        try:
            os.kill(pid, sig)
        except OSError:
            pass


def _running(pid):
    """True while pid exists and is not a zombie."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def stop(proc, grace_s=10.0):
    """SIGTERM the server, SIGKILL after grace_s; then the same for any descendants it left."""
    if proc is None:
        return
    try:
        kids = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
    except psutil.Error:
        kids = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=grace_s)
    alive = [p for p in kids if _running(p)]
    _signal_all(alive, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _running(p)]
    _signal_all(alive, signal.SIGKILL)


def rss_mib(pid):
    """Resident set size of one process, MiB."""
    return psutil.Process(pid).memory_info().rss / 2**20


def cpu_s(pid):
    """user + system CPU seconds of one process (children not included)."""
    t = psutil.Process(pid).cpu_times()
    return t.user + t.system


def settled_rss(pid, wait_s=1.0, samples=5, span_s=2.0):
    """Median RSS (MiB) of `samples` readings spread over span_s, after waiting wait_s."""
    time.sleep(wait_s)
    values = []
    for i in range(samples):
        values.append(rss_mib(pid))
        if i < samples - 1:
            time.sleep(span_s / (samples - 1))
    return statistics.median(values), values


def run_wrk(url, token, connections, threads, duration_s):
    """Load url with wrk and bench/wrk_auth.lua; returns rps, requests, errors, latencies."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration_s}s", "--timeout", "10s",
           "-s", os.path.join(HERE, "wrk_auth.lua"), url]
    env = dict(os.environ, WRK_TOKEN=token)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=duration_s + 60)
    m = re.search(r"^WRKJSON (\{.*\})$", p.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk failed ({p.returncode}): {p.stdout[-500:]} {p.stderr[-500:]}")
    d = json.loads(m.group(1))
    errors = sum(d[k] for k in ("status", "connect", "read", "write", "timeout"))
    return {"tool": "wrk", "cmd": " ".join(cmd), "rps": d["requests"] / (d["duration_us"] / 1e6),
            "requests": d["requests"], "errors": errors, "lat_p50_ms": d["p50_us"] / 1000,
            "lat_p99_ms": d["p99_us"] / 1000, "raw": d}


def run_py_load(port, path, token, connections, duration_s):
    """Fallback load: `connections` threads, each with one keep-alive connection, for duration_s."""
    stop_at = time.monotonic() + duration_s
    counts, lock = {"ok": 0, "errors": 0}, threading.Lock()

    def client():
        """Send GETs on one connection until stop_at; reconnect after an error."""
        ok = bad = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            try:
                conn.request("GET", path, headers={"Authorization": f"token {token}"})
                r = conn.getresponse()
                r.read()
                ok, bad = (ok + 1, bad) if r.status == 200 else (ok, bad + 1)
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()
        with lock:
            counts["ok"] += ok
            counts["errors"] += bad

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration_s + 30)
    wall = time.perf_counter() - t0
    return {"tool": f"python threads x{connections}", "rps": counts["ok"] / wall,
            "requests": counts["ok"] + counts["errors"], "errors": counts["errors"]}
