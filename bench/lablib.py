"""Helpers for bench/bench_lab.py: server processes, the kernel websocket (v1 framing), load tools.

Everything talks to 127.0.0.1 only; every wait is bounded by a deadline.
"""
import http.client
import json
import os
import re
import signal
import socket
import statistics
import struct
import subprocess
import threading
import time
import uuid

import psutil

V1 = "v1.kernel.websocket.jupyter.org"
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


def encode_v1(channel, parts):
    """v1 frame: u64le count of offsets, u64le offsets, then channel and the JSON parts."""
    chunks = [channel.encode()] + parts
    offsets = [8 * (len(chunks) + 2)]
    for c in chunks:
        offsets.append(offsets[-1] + len(c))
    return struct.pack(f"<{len(offsets) + 1}Q", len(offsets), *offsets) + b"".join(chunks)


def decode_v1(data):
    """Split a v1 frame into (channel, [header, parent_header, metadata, content, buffers...])."""
    n = struct.unpack_from("<Q", data, 0)[0]
    offs = list(struct.unpack_from(f"<{n}Q", data, 8))
    if offs[-1] != len(data):
        offs.append(len(data))
    chunks = [data[offs[i]:offs[i + 1]] for i in range(len(offs) - 1)]
    return chunks[0].decode(), chunks[1:]


class KernelWS:
    """One kernel websocket with the v1 binary subprotocol (websocket-client)."""

    def __init__(self, port, token, kernel_id, timeout=30):
        """Connect to /api/kernels/<id>/channels; fails unless the server accepts v1."""
        import websocket
        self.session = uuid.uuid4().hex
        url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?session_id={self.session}"
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"],
                                              subprotocols=[V1], timeout=timeout)
        self.ws.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        got = getattr(self.ws, "subprotocol", None)
        if got != V1:
            self.ws.close()
            raise RuntimeError(f"server did not accept {V1} (got {got!r})")

    def send(self, msg_type, content, channel="shell"):
        """Send one request; returns its msg_id."""
        import websocket
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "bench",
                  "session": self.session, "version": "5.3",
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        parts = [json.dumps(x).encode() for x in (header, {}, {}, content)]
        self.ws.send(encode_v1(channel, parts), opcode=websocket.ABNF.OPCODE_BINARY)
        return msg_id

    def wait(self, msg_id, reply_type, need_idle, timeout=30.0):
        """Read frames until reply_type (and iopub status idle if need_idle) for msg_id arrive."""
        deadline = time.monotonic() + timeout
        got_reply, got_idle = False, not need_idle
        while not (got_reply and got_idle):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {reply_type}/idle for {msg_id} within {timeout} s")
            data = self.ws.recv()
            if not isinstance(data, bytes):
                raise RuntimeError("text frame on the v1 protocol")
            channel, parts = decode_v1(data)
            if json.loads(parts[1]).get("msg_id") != msg_id:
                continue
            msg_type = json.loads(parts[0])["msg_type"]
            if msg_type == reply_type:
                got_reply = True
            elif msg_type == "status" and channel == "iopub":
                got_idle = got_idle or json.loads(parts[3]).get("execution_state") == "idle"

    def execute(self, code, timeout=30.0):
        """execute_request, then wait for execute_reply and status idle."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        self.wait(self.send("execute_request", content), "execute_reply", True, timeout)

    def close(self):
        """Close the websocket, ignoring errors."""
        try:
            self.ws.close()
        except Exception:
            pass


def zmq_execute(kc, code, timeout=30.0):
    """Direct path: kc.execute, then wait for execute_reply and iopub status idle."""
    msg_id = kc.execute(code, store_history=True)
    deadline = time.monotonic() + timeout
    got_reply = got_idle = False
    while not got_reply:
        m = kc.get_shell_msg(timeout=max(0.001, deadline - time.monotonic()))
        got_reply = m["parent_header"].get("msg_id") == msg_id
    while not got_idle:
        m = kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
        got_idle = (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"].get("execution_state") == "idle")


def timed_loop(do_one, n, warmup, max_s):
    """Run do_one warmup times, then time up to n calls (stops after max_s); list of ms."""
    for _ in range(warmup):
        do_one()
    lat, deadline = [], time.monotonic() + max_s
    for _ in range(n):
        a = time.perf_counter()
        do_one()
        lat.append((time.perf_counter() - a) * 1000)
        if time.monotonic() > deadline:
            break
    return lat
