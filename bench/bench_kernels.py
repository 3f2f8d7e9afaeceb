#!/usr/bin/env python
"""Quire's kernel client against jupyter_client, in one run, on the same kernels.

Measures, for both clients (jupyter_client 8.10 and Quire's release-built quire-kernel-bench):
  1. kernel start -> kernel_info_reply (ipykernel, RUNS runs each, after one warm-up run);
     jupyter_client: KernelManager(...).start_kernel(), client().start_channels(), wait_for_ready();
     Quire: KernelManager.startKernel (spawn, kernel_info_reply and its idle status).
  2. execute round trip of CODE (execute_request -> execute_reply AND status idle), sequential,
     N requests after WARMUP (jupyter_client as /work/shared/bench's bench_execute.py --mode zmq).
  3. the same with 4 kernels in parallel, N/4 requests each: jupyter_client with one client
     process per kernel (its best case, as the shared baseline does), Quire from one process.
  4. the client's own cost: (2) against an echo kernel that answers at once (quire-kernel-bench
     echo-kernel, started from a kernelspec by both clients), so the round trip is almost all
     client and transport.
Prints a table with medians, p99s and ratios quire/jupyter_client; writes JSON to bench/results/.

usage: bench/bench_kernels.py --quire-bench PATH [--runs 20] [--n 2000] [--warmup 50] [--rounds 4]

The clients alternate in ROUNDS rounds, each on fresh kernels, and the samples are pooled, so a
change in the machine's load during the run does not favour one side.
"""
import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time


def pct(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values):
    return {"n": len(values), "median": statistics.median(values), "p99": pct(values, 99),
            "min": min(values), "max": max(values), "mean": statistics.fmean(values)}


# --- jupyter_client side -------------------------------------------------------------------

def jc_execute(kc, code, timeout=60):
    """execute_request, then wait for execute_reply and status idle (as benchlib.zmq_execute)."""
    msg_id = kc.execute(code, store_history=True)
    deadline = time.monotonic() + timeout
    got_reply = got_idle = False
    while not got_reply:
        rep = kc.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        got_reply = rep["parent_header"].get("msg_id") == msg_id
    while not got_idle:
        m = kc.get_iopub_msg(timeout=max(0.0, deadline - time.monotonic()))
        got_idle = (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                    and m["content"].get("execution_state") == "idle")


def jc_start(kernel, runs):
    from jupyter_client import KernelManager
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        km = KernelManager(kernel_name=kernel)
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        elapsed = (time.perf_counter() - t0) * 1000
        if i > 0:
            times.append(elapsed)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return times


def jc_worker(connection_file, code, n, warmup, barrier, queue):
    from jupyter_client import BlockingKernelClient
    try:
        kc = BlockingKernelClient(connection_file=connection_file)
        kc.load_connection_file()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        for _ in range(warmup):
            jc_execute(kc, code)
        if barrier is not None:
            barrier.wait(timeout=120)
        lat = []
        t_start = time.perf_counter()
        for _ in range(n):
            a = time.perf_counter()
            jc_execute(kc, code)
            lat.append((time.perf_counter() - a) * 1000)
        t_end = time.perf_counter()
        kc.stop_channels()
        queue.put({"lat": lat, "t_start": t_start, "t_end": t_end})
    except Exception as e:  # report, don't hang the parent
        queue.put({"error": repr(e)})


def jc_execute_bench(kernel, code, n, warmup, kernels):
    from jupyter_client import KernelManager
    managers = []
    for _ in range(kernels):
        km = KernelManager(kernel_name=kernel)
        km.start_kernel()
        managers.append(km)
    try:
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        if kernels == 1:
            jc_worker(managers[0].connection_file, code, n, warmup, None, queue)
            results = [queue.get()]
        else:
            barrier = ctx.Barrier(kernels)
            procs = [ctx.Process(target=jc_worker, args=(km.connection_file, code, n, warmup, barrier, queue))
                     for km in managers]
            for p in procs:
                p.start()
            results = [queue.get(timeout=600) for _ in procs]
            for p in procs:
                p.join(timeout=30)
    finally:
        for km in managers:
            km.shutdown_kernel(now=False)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise RuntimeError(f"jupyter_client worker failed: {errors}")
    lat = [x for r in results for x in r["lat"]]
    wall = max(r["t_end"] for r in results) - min(r["t_start"] for r in results)
    return lat, wall * 1000


# --- Quire side ----------------------------------------------------------------------------

def quire(bench, *arguments):
    out = subprocess.run([bench, *arguments], check=True, capture_output=True, text=True, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the run -------------------------------------------------------------------------------

def echo_kernelspec(bench, directory):
    spec = os.path.join(directory, "kernels", "quire-echo")
    os.makedirs(spec, exist_ok=True)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": [bench, "echo-kernel", "-f", "{connection_file}"], "display_name": "echo",
                   "language": "python"}, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quire-bench", required=True, help="release build of quire-kernel-bench")
    ap.add_argument("--kernel", default="python3")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--code", default="1+1")
    ap.add_argument("--rounds", type=int, default=4, help="alternate the clients this many times")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "kernels.json"))
    args = ap.parse_args()
    bench = os.path.abspath(args.quire_bench)
    python = sys.executable
    common = ["--python", python, "--kernel", args.kernel]
    rows, raw = [], {}

    def row(what, jc, qu, unit="ms"):
        js, qs = summary(jc), summary(qu)
        raw[what] = {"jupyter_client": jc, "quire": qu}
        rows.append((what, js, qs))
        print(f"{what}: jupyter_client median {js['median']:.3f} p99 {js['p99']:.3f} | quire median "
              f"{qs['median']:.3f} p99 {qs['p99']:.3f} | ratio {qs['median'] / js['median']:.3f}", flush=True)

    print(f"bench_kernels: {time.strftime('%Y-%m-%d %H:%M:%S')}, load {os.getloadavg()}", flush=True)
    # The two clients alternate in ROUNDS rounds (fresh kernels each round), so a change in the
    # machine's load during the run affects both alike; the samples of all rounds are pooled.
    rounds = max(1, args.rounds)

    def alternate(jc_round, quire_round):
        jc, qu = [], []
        for _ in range(rounds):
            jc += jc_round()
            qu += quire_round()
        return jc, qu

    runs = max(1, args.runs // rounds)
    jc, qu = alternate(lambda: jc_start(args.kernel, runs),
                       lambda: quire(bench, "start", *common, "--runs", str(runs + 1))["start_ms"][1:])
    row(f"start {args.kernel} -> kernel_info_reply, ms ({len(jc)} runs)", jc, qu)

    n = max(1, args.n // rounds)
    execute = ["--n", str(n), "--warmup", str(args.warmup), "--code", args.code]
    jc, qu = alternate(lambda: jc_execute_bench(args.kernel, args.code, n, args.warmup, 1)[0],
                       lambda: quire(bench, "execute", *common, *execute)["latency_ms"])
    row(f"execute {args.code!r} round trip, 1 kernel, ms ({len(jc)} requests)", jc, qu)

    per = max(1, args.n // 4 // rounds)
    walls = {"jupyter_client": 0.0, "quire": 0.0}

    def jc_parallel():
        lat, wall = jc_execute_bench(args.kernel, args.code, per, args.warmup, 4)
        walls["jupyter_client"] += wall
        return lat

    def quire_parallel():
        result = quire(bench, "execute", *common, "--n", str(per), "--warmup", str(args.warmup), "--kernels", "4",
                       "--code", args.code)
        walls["quire"] += result["wall_ms"]
        return result["latency_ms"]

    jc, qu = alternate(jc_parallel, quire_parallel)
    row(f"execute {args.code!r} round trip, 4 kernels in parallel, ms ({len(jc)} requests)", jc, qu)
    throughput = {"jupyter_client": len(jc) / walls["jupyter_client"] * 1000, "quire": len(qu) / walls["quire"] * 1000}
    print(f"  aggregate throughput, 4 kernels: jupyter_client {throughput['jupyter_client']:.0f} req/s, "
          f"quire {throughput['quire']:.0f} req/s", flush=True)

    with tempfile.TemporaryDirectory(prefix="quire-echo-") as spec_dir:
        echo_kernelspec(bench, spec_dir)
        os.environ["JUPYTER_PATH"] = spec_dir + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        jc, qu = alternate(lambda: jc_execute_bench("quire-echo", args.code, n, args.warmup, 1)[0],
                           lambda: quire(bench, "execute", "--python", python, "--kernel", "quire-echo", *execute)["latency_ms"])
        row(f"client cost: the same round trip against an echo kernel that answers at once, ms ({len(jc)} requests)", jc, qu)

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "argv": sys.argv, "load": os.getloadavg(),
                   "summaries": {w: {"jupyter_client": j, "quire": q} for w, j, q in rows},
                   "throughput_4_kernels_rps": throughput, "raw_ms": raw}, f)

    print("\n| measurement | jupyter_client median / p99 | Quire median / p99 | Quire / jupyter_client (median) |")
    print("|---|---|---|---|")
    for what, js, qs in rows:
        print(f"| {what} | {js['median']:.3f} / {js['p99']:.3f} | {qs['median']:.3f} / {qs['p99']:.3f} | "
              f"{qs['median'] / js['median']:.2f} |")
    print(f"\nresults: {args.out}")


if __name__ == "__main__":
    main()
