"""Runs nbstripout's own command-line entry point (`nbstripout._nbstripout.main`) many times in one
Python process, so that hundreds of oracle runs do not each pay for starting Python and importing
nbformat. Reads a JSON list of jobs on stdin: {"args": [...], "stdin": base64 or null}; writes a
JSON list of results: {"rc": int, "stdout": base64, "stderr": str}.

Each job sees fresh argv, stdin and stdout exactly as a separate `nbstripout` process would; the
test suite also runs the real `nbstripout` executable on the crafted cases to keep this honest.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import traceback
import types

from nbstripout import _nbstripout
from nbstripout._nbstripout import main

_wrappers: list[io.TextIOWrapper] = []


class _TrackedWrapper(io.TextIOWrapper):
    """nbstripout's stdin/stdout wrappers, remembered so that they can be flushed after each job."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _wrappers.append(self)


_nbstripout.io = types.SimpleNamespace(TextIOWrapper=_TrackedWrapper, open=io.open, IOBase=io.IOBase)

_real_check_output = _nbstripout.check_output
_answers: dict = {}


def _cached_check_output(command, **kwargs):
    """main() asks git for filter.nbstripout.extrakeys/keepmetadatakeys on every run; the answer
    cannot change within one batch (same environment and folder), so ask once."""
    key = (tuple(command), tuple(sorted(kwargs.items())))
    if key not in _answers:
        try:
            _answers[key] = ("ok", _real_check_output(command, **kwargs))
        except Exception as error:  # noqa: BLE001 - replayed below exactly as raised
            _answers[key] = ("error", error)
    kind, value = _answers[key]
    if kind == "error":
        raise value
    return value


_nbstripout.check_output = _cached_check_output


class _KeepOpen(io.BytesIO):
    """A byte buffer that survives nbstripout's TextIOWrapper being closed when collected."""

    def close(self):  # noqa: D102
        pass


class _Stream:
    def __init__(self, data: bytes):
        self.buffer = _KeepOpen(data)


def run(job: dict) -> dict:
    stdin = _Stream(base64.b64decode(job["stdin"]) if job.get("stdin") is not None else b"")
    stdout = _Stream(b"")
    stderr = io.StringIO()
    saved = sys.argv, sys.stdin, sys.stdout, sys.stderr
    sys.argv = ["nbstripout", *job["args"]]
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    rc = 0
    try:
        main()
    except SystemExit as exit:
        rc = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except Exception:  # an uncaught exception: Python prints the traceback and exits 1
        traceback.print_exc(file=stderr)
        rc = 1
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
    while _wrappers:  # what a process exit would flush
        wrapper = _wrappers.pop()
        if not wrapper.closed:
            wrapper.flush()
    return {"rc": rc, "stdout": base64.b64encode(stdout.buffer.getvalue()).decode(), "stderr": stderr.getvalue()}


if __name__ == "__main__":
    jobs = json.load(sys.stdin)
    json.dump([run(job) for job in jobs], sys.stdout)
