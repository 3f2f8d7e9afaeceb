"""What replacing the strip benchmark's files costs by itself, before any notebook work.

  python bench/replace_floor.py WORKDIR [--rounds 5] [--quire BIN]

Prepares WORKDIR/strip as bench_nbtools.sh does before every run (rm -rf, then cp -r of
WORKDIR/data/strip), then times, inside this process, rewriting every file with its own bytes:

  temp+rename   write a new file beside it, rename it over the old one (what quire strip does:
                crash-safe, a reader sees the old file or the new one, never half of one)
  in place      truncate and rewrite the file itself (what nbstripout does)

and, with --quire, the wall time of `BIN strip` on the same files, so that quire and its floor
are measured in the same state of the file system. They alternate for --rounds rounds; the
medians are printed in milliseconds. On a file system that is slow to create files right after
deleting many (ext4 without a journal skips recently freed inodes one by one, for minutes),
temp+rename is the floor under quire strip's time, and it rises with every round.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import time


def prepare(work):
    shutil.rmtree(f"{work}/strip", ignore_errors=True)
    subprocess.run(["cp", "-r", f"{work}/data/strip", f"{work}/strip"], check=True)
    return sorted(f"{work}/strip/{name}" for name in os.listdir(f"{work}/strip") if name.endswith(".ipynb"))


def temp_and_rename(paths, contents):
    for path, data in zip(paths, contents):
        head, name = os.path.split(path)
        temporary = os.path.join(head, f".{name}.floor.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, data)
        os.close(fd)
        os.rename(temporary, path)


def in_place(paths, contents):
    for path, data in zip(paths, contents):
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.write(fd, data)
        os.close(fd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quire", help="also time BIN strip on the same files")
    args = ap.parse_args()
    ways = [("temp+rename", temp_and_rename), ("in place", in_place)]
    if args.quire:
        ways.append(("quire strip", lambda paths, _: subprocess.run([args.quire, "strip", *paths], check=True)))
    times = {name: [] for name, _ in ways}
    for _ in range(args.rounds):
        for name, replace in ways:
            paths = prepare(args.work)
            contents = [open(p, "rb").read() for p in paths]
            start = time.perf_counter()
            replace(paths, contents)
            times[name].append((time.perf_counter() - start) * 1000)
    for name, values in times.items():
        print(f"{len(paths)} files, {name:11}: {statistics.median(values):6.1f} ms median "
              f"({min(values):.1f}-{max(values):.1f})")


if __name__ == "__main__":
    main()
