#!/usr/bin/env python
"""`quire server` against jupyter_server, side by side, in one run.

usage: bench/bench_lab.py --quire PATH [--only jupyter|quire] [--python PY] [--starts 5] [--n 1000]
       (e.g. /tmp/oracle/venv/bin/python bench/bench_lab.py --only jupyter; needs psutil,
       requests, websocket-client, jupyter_client, and wrk on PATH or falls back to Python threads)

For each server (jupyter: `jupyter server ROOT --no-browser --ip 127.0.0.1 --port P
--ServerApp.token=T --allow-root`; quire: `QUIRE server ROOT --ip 127.0.0.1 --port P --token T`
with QUIRE_PYTHON=PY):
  1. cold start: process spawn -> first 200 from GET /api/status (polled every --poll-ms),
     --starts times, the two servers alternating; median;
  2. idle RSS of the server process alone after start + one contents GET (median of 5 samples
     over 2 s, after 1 s);
  3. GET /api/contents/bench/small.ipynb (a generated ~3 KB notebook), requests per second:
     wrk -t2 -c8 -d10s with bench/wrk_auth.lua, or --connections Python threads without wrk;
  4. execute `1+1` round trip over the kernel websocket (v1.kernel.websocket.jupyter.org):
     execute_request -> execute_reply and iopub status idle, --warmup then --n sequential;
     median, p99; and the same directly against a kernel from jupyter_client's KernelManager
     (BlockingKernelClient), the floor; the two alternate in blocks of --block requests, so a
     change in the machine's load affects both alike.
Prints a table with ratios and targets; writes bench/results/lab.json (with the load average).
"""
import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labkernels as lk  # noqa: E402
import lablib as lb  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NB_PATH = "bench/small.ipynb"
# target test on a ratio, and its text: quire/jupyter for start, RSS, rps; quire ws/direct
TARGETS = {"start_ms": (lambda r: r <= 0.05, "<= 0.05"), "rss_mib": (lambda r: r <= 0.2, "<= 0.2"),
           "rps": (lambda r: r >= 10, ">= 10"), "ws_over_direct": (lambda r: r <= 1.10, "<= 1.10")}


def parse_args():
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quire", help="the quire binary (needed unless --only jupyter)")
    ap.add_argument("--python", default=sys.executable, help="python for kernels (QUIRE_PYTHON)")
    ap.add_argument("--jupyter", help="jupyter command (default: beside --python)")
    ap.add_argument("--only", choices=["jupyter", "quire"])
    ap.add_argument("--starts", type=int, default=5, help="cold starts per server")
    ap.add_argument("--poll-ms", type=float, default=5.0)
    ap.add_argument("--n", type=int, default=1000, help="timed execute round trips")
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--block", type=int, default=100, help="ws and direct alternate in blocks")
    ap.add_argument("--duration", type=int, default=10, help="contents load seconds")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--no-wrk", action="store_true", help="use the Python load even with wrk")
    ap.add_argument("--max-seconds", type=float, default=300, help="bound of each timed loop")
    ap.add_argument("--work", default=os.path.join(REPO, "bench/work/lab"))
    ap.add_argument("--out", default=os.path.join(REPO, "bench/results/lab.json"))
    a = ap.parse_args()
    a.jupyter = a.jupyter or os.path.join(os.path.dirname(a.python), "jupyter")
    a.kinds = [a.only] if a.only else ["jupyter", "quire"]
    if "quire" in a.kinds and not a.quire:
        ap.error("--quire PATH is needed unless --only jupyter")
    return a


def server_cmd(kind, a, port, token):
    """Command line and environment that start one server of this kind."""
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=os.path.join(a.work, "runtime"))
    root = os.path.join(a.work, "root")
    if kind == "jupyter":
        return [a.jupyter, "server", root, "--no-browser", "--ip", "127.0.0.1", "--port",
                str(port), f"--ServerApp.token={token}", "--allow-root"], env
    env["QUIRE_PYTHON"] = a.python
    return [a.quire, "server", root, "--ip", "127.0.0.1", "--port", str(port),
            "--token", token], env


def start(kind, a, tag):
    """Spawn a server and wait for /api/status; returns (proc, port, token, start ms, cmd)."""
    port, token = lb.free_port(), uuid.uuid4().hex
    cmd, env = server_cmd(kind, a, port, token)
    log = os.path.join(a.work, "logs", f"{kind}-{tag}.log")
    t0 = time.perf_counter()
    proc = lb.spawn(cmd, env, log)
    try:
        ms = lb.wait_status(proc, port, token, t0, poll_s=a.poll_ms / 1000) * 1000
    except BaseException:
        lb.stop(proc)
        raise
    return proc, port, token, ms, cmd


def cold_starts(a):
    """--starts cold starts per server, alternating servers; {kind: {times, errors}}."""
    out = {k: {"ms": [], "errors": []} for k in a.kinds}
    for i in range(a.starts):
        for kind in a.kinds:
            proc = None
            try:
                proc, _, _, ms, cmd = start(kind, a, f"start{i}")
                out[kind]["ms"].append(ms)
                out[kind]["cmd"] = cmd
            except Exception as e:
                out[kind]["errors"].append(repr(e))
            finally:
                lb.stop(proc)
            time.sleep(0.5)
    for r in out.values():
        if r["ms"]:
            r.update(lb.summary(r["ms"]))
    return out


def attempt(result, key, fn):
    """result[key] = fn(), or {"error": ...} if it raises (so one failure keeps the rest)."""
    try:
        result[key] = fn()
    except Exception as e:
        result[key] = {"error": repr(e)}
        print(f"  {key}: FAILED {e!r}", flush=True)


def contents(a, proc, port, token):
    """GET load on the small notebook: rps (wrk or Python threads) and server CPU per request."""
    cpu0 = lb.cpu_s(proc.pid)
    if shutil.which("wrk") and not a.no_wrk:
        url = f"http://127.0.0.1:{port}/api/contents/{NB_PATH}"
        r = lb.run_wrk(url, token, a.connections, a.threads, a.duration)
    else:
        r = lb.run_py_load(port, f"/api/contents/{NB_PATH}", token, a.connections, a.duration)
    r["server_cpu_ms_per_req"] = (lb.cpu_s(proc.pid) - cpu0) * 1000 / max(1, r["requests"])
    r["loadavg"] = lb.load()
    return r


def round_trips(a, proc, port, token):
    """Websocket (if proc) and direct round trips, in alternating blocks of --block requests."""
    out, fns = {}, {}
    setups = ([("ws", lambda: lk.server_kernel(port, token))] if proc else []) + [
        ("direct", lambda: lk.direct_kernel(a.python))]
    with contextlib.ExitStack() as stack:
        for key, setup in setups:
            attempt(out, key, lambda: dict(stack.enter_context(setup())))
            if "run" in out[key]:
                fns[key] = out[key].pop("run")
        if "ws" in fns:
            out["ws"]["kernel_cmdlines"] = [c.cmdline() for c in
                                            psutil.Process(proc.pid).children(recursive=True)]
        cpu0 = lb.cpu_s(proc.pid) if "ws" in fns else 0
        try:
            lat = lk.alternate(fns, a.n, a.warmup, a.block, a.max_seconds)
        except Exception as e:
            print(f"  round trips: FAILED {e!r}", flush=True)
            return {k: {"error": repr(e)} for k in fns}
        for k in fns:
            out[k].update(lb.summary(lat[k]), loadavg=lb.load())
        if "ws" in fns:  # the server's CPU while the direct blocks ran is included (idle)
            cpu = (lb.cpu_s(proc.pid) - cpu0) * 1000 / (len(lat["ws"]) + a.warmup)
            out["ws"].update(server_cpu_ms_per_req=cpu, rss_mib_after=lb.rss_mib(proc.pid))
    return out


def session(kind, a):
    """One server: start, idle RSS, contents load, then websocket and direct round trips."""
    res, proc = {"loadavg_start": lb.load()}, None
    print(f"{kind}: session", flush=True)
    try:
        proc, port, token, ms, res["cmd"] = start(kind, a, "session")
        res["start_ms"] = ms
        status, body = lb.http_get(port, f"/api/contents/{NB_PATH}", token)
        res["contents_check"] = {"status": status, "bytes": len(body),
                                 "type": json.loads(body).get("type") if status == 200 else None}
        attempt(res, "rss", lambda: dict(zip(("median_mib", "samples_mib"),
                                             lb.settled_rss(proc.pid))))
        print(f"  rss {res['rss']}", flush=True)
        attempt(res, "contents", lambda: contents(a, proc, port, token))
        print(f"  contents {res['contents'].get('rps')} req/s", flush=True)
        res.update(round_trips(a, proc, port, token))
    except Exception as e:
        res["error"] = repr(e)
        print(f"  {kind} session FAILED {e!r}", flush=True)
    finally:
        lb.stop(proc)
    if "direct" not in res:  # the server failed: the floor alone
        res.update(round_trips(a, None, None, None))
    print(f"  ws median {res.get('ws', {}).get('median')} ms, direct median "
          f"{res['direct'].get('median')} ms", flush=True)
    return res


def pick(res, kind, key):
    """The headline number of one measurement for one server, or None."""
    s = res["servers"].get(kind) or {}
    if key == "start_ms":
        return res["cold_start"].get(kind, {}).get("median")
    path = {"rss_mib": ("rss", "median_mib"), "rps": ("contents", "rps"),
            "ws_ms": ("ws", "median"), "ws_p99": ("ws", "p99"), "direct_ms": ("direct", "median"),
            "direct_p99": ("direct", "p99")}[key]
    return (s.get(path[0]) or {}).get(path[1])


def ratios(res):
    """quire/jupyter ratios and each server's ws/direct ratio, with the targets met or not."""
    out = {}
    for key in ("start_ms", "rss_mib", "rps"):
        j, q = pick(res, "jupyter", key), pick(res, "quire", key)
        if j and q:
            out[key] = {"ratio": q / j, "target": TARGETS[key][1], "met": TARGETS[key][0](q / j)}
    for kind in res["servers"]:
        w, d = pick(res, kind, "ws_ms"), pick(res, kind, "direct_ms")
        if w and d:
            out[f"{kind}_ws_over_direct"] = {"ratio": w / d}
            if kind == "quire":
                t = TARGETS["ws_over_direct"]
                out["quire_ws_over_direct"].update(target=t[1], met=t[0](w / d))
    return out


def table(res):
    """Print the side-by-side table."""
    f = lambda v, d=1: "-" if v is None else f"{v:.{d}f}"  # noqa: E731
    rows = [("cold start -> /api/status 200, ms (median)", "start_ms", 1),
            ("idle RSS of the server, MiB", "rss_mib", 1),
            ("contents GET small notebook, req/s", "rps", 0),
            ("ws execute 1+1 round trip median, ms", "ws_ms", 2),
            ("ws execute 1+1 round trip p99, ms", "ws_p99", 2),
            ("direct jupyter_client median, ms", "direct_ms", 2),
            ("direct jupyter_client p99, ms", "direct_p99", 2)]
    rt = res["ratios"]
    print(f"\n{'measurement':<44}{'jupyter':>10}{'quire':>10}{'quire/jup':>11}  target")
    for label, key, d in rows:
        j, q = pick(res, "jupyter", key), pick(res, "quire", key)
        r = rt.get(key)
        rs = f"{r['ratio']:.3f}" if r else "-"
        tg = f"{r['target']} {'met' if r['met'] else 'NOT met'}" if r else ""
        print(f"{label:<44}{f(j, d):>10}{f(q, d):>10}{rs:>11}  {tg}")
    w = {k: rt.get(f"{k}_ws_over_direct") for k in ("jupyter", "quire")}
    fr = lambda r: f"{r['ratio']:.3f}" if r else "-"  # noqa: E731
    tq = w["quire"]
    print(f"{'ws median / direct median':<44}{fr(w['jupyter']):>10}{fr(w['quire']):>10}{'':>11}  "
          + (f"quire {tq['target']} {'met' if tq['met'] else 'NOT met'}" if tq else ""))
    print(f"load average: start {res['loadavg_start']}, end {res['loadavg_end']} "
          f"({res['nproc']} cores)")


def versions(a):
    """Package versions of --python's environment and `quire --version`."""
    code = ("import importlib.metadata as m, json; print(json.dumps({p: m.version(p) for p in "
            "['jupyter_server', 'jupyterlab', 'ipykernel', 'jupyter_client', 'tornado']}))")
    out = {}
    try:
        out = json.loads(subprocess.run([a.python, "-c", code], capture_output=True, text=True,
                                        timeout=60).stdout)
    except Exception as e:
        out["error"] = repr(e)
    if a.quire:
        try:
            out["quire"] = subprocess.run([a.quire, "--version"], capture_output=True, text=True,
                                          timeout=10).stdout.strip()
        except Exception as e:
            out["quire"] = repr(e)
    return out


def on_term(*_):
    """SIGTERM: exit through the finally blocks, which stop the servers and kernels."""
    print("bench_lab: SIGTERM, tearing down", file=sys.stderr, flush=True)
    sys.exit(143)


def main():
    """Run everything, print the table, write the JSON."""
    a = parse_args()
    signal.signal(signal.SIGTERM, on_term)  # so the finally blocks tear down
    for d in ("root", "logs", "runtime"):
        os.makedirs(os.path.join(a.work, d), exist_ok=True)
    nb_bytes = lb.small_notebook(os.path.join(a.work, "root", NB_PATH))
    t0 = time.time()
    res = {"bench": "lab", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "argv": sys.argv, "nproc": os.cpu_count(), "loadavg_start": lb.load(),
           "versions": versions(a), "notebook_bytes": nb_bytes,
           "config": {k: v for k, v in vars(a).items() if k != "kinds"}, "servers": {}}
    print(f"bench_lab: {res['timestamp']}, load {res['loadavg_start']}, servers {a.kinds}",
          flush=True)
    res["cold_start"] = cold_starts(a)
    for kind in a.kinds:
        print(f"cold start {kind}: {res['cold_start'][kind].get('median')} ms "
              f"{res['cold_start'][kind]['errors'] or ''}", flush=True)
        res["servers"][kind] = session(kind, a)
    res["loadavg_end"], res["wall_s"] = lb.load(), time.time() - t0
    res["ratios"] = ratios(res)
    table(res)
    print(f"wall time {res['wall_s']:.0f} s")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as fh:
        json.dump(res, fh, indent=1, default=str)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
