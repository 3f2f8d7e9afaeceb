"""Comparing two servers: run one scenario against each (in parallel), record every response, and
compare status codes and JSON shapes step by step."""

from __future__ import annotations

import http.client
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from server_support import Server

# Values compared for equality wherever these keys occur; other scalars are compared by JSON type only.
DETERMINISTIC = {"name", "path", "type", "format", "mimetype", "writable", "size", "hash", "hash_algorithm",
                 "reason", "updatable_fields", "default", "kernelspecs", "status", "execution_count"}
# Error texts may differ, but must be non-empty strings on both sides.
MESSAGES = {"message", "short_message"}
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
TIMESTAMPS = {"created", "last_modified", "last_activity", "started"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Objects whose members are all compared by type only (the anonymous user's random identity).
LOOSE = {"identity"}


def json_type(v: Any) -> str:
    """The JSON type name of a decoded value."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def _sort_key(v: Any) -> str:
    """Orders list items that are models by name and path (listings need not be sorted the same way)."""
    if isinstance(v, dict):
        return json.dumps([v.get("name"), v.get("path"), v.get("type")], default=str)
    return ""


def compare(a: Any, b: Any, where: str = "$", key: str | None = None, out: list[str] | None = None,
            loose: bool = False) -> list[str]:
    """Differences between a (reference) and b (candidate): key sets, JSON types, deterministic values
    (not inside a loose object, where only key sets and types count)."""
    out = [] if out is None else out
    loose = loose or key in LOOSE
    if key in MESSAGES:
        for side, v in (("reference", a), ("candidate", b)):
            if not (isinstance(v, str) and v.strip()):
                out.append(f"{where}: {side} message is not a non-empty string: {v!r}")
        return out
    if json_type(a) != json_type(b):
        out.append(f"{where}: type {json_type(a)} != {json_type(b)} ({_short(a)} vs {_short(b)})")
        return out
    if key in DETERMINISTIC and not loose and a != b:
        out.append(f"{where}: {_short(a)} != {_short(b)}")
        return out
    if key in TIMESTAMPS and isinstance(a, str) and TIMESTAMP.match(a) and not TIMESTAMP.match(b):
        out.append(f"{where}: timestamp {b!r} is not like {a!r}")
    if isinstance(a, dict):
        if set(a) != set(b):
            out.append(f"{where}: keys only in reference {sorted(set(a) - set(b))}, "
                       f"only in candidate {sorted(set(b) - set(a))}")
        for k in sorted(set(a) & set(b)):
            exact = k == "content" and (isinstance(a[k], str) or a.get("type") == "notebook")
            if exact and a[k] != b[k]:
                out.append(f"{where}.{k}: content differs: {_short(a[k])} != {_short(b[k])}")
            elif not exact:
                compare(a[k], b[k], f"{where}.{k}", k, out, loose)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items != {len(b)} items ({_short(a)} vs {_short(b)})")
        else:
            for i, (x, y) in enumerate(zip(sorted(a, key=_sort_key), sorted(b, key=_sort_key))):
                compare(x, y, f"{where}[{i}]", key, out, loose)
    return out


def _short(v: Any) -> str:
    """A value as short JSON text, for failure messages."""
    s = json.dumps(v, default=str)
    return s if len(s) < 160 else s[:157] + "..."


@dataclass
class Step:
    """One recorded observation: a response (status, body) or a note (a value compared exactly or by shape)."""

    label: str
    status: int | None
    body: Any
    is_json: bool = True
    exact: bool = False


@dataclass
class Recorder:
    """Runs requests against one server, recording each response as a Step."""

    server: Server
    steps: list[Step] = field(default_factory=list)

    def __post_init__(self):
        """Opens the authenticated REST session."""
        self.rest = self.server.session()

    def call(self, method: str, path: str, label: str | None = None, expect: int | None = None, **kwargs):
        """Sends a request, records its status and body; returns the response (asserts expect if given)."""
        r = self.rest.request(method, path, **kwargs)
        self.record_response(label or f"{method} {path}", r.status_code, r.text, r.headers.get("Location"))
        if expect is not None:
            assert r.status_code == expect, f"{self.server.kind}: {method} {path} gave {r.status_code}: {r.text[:500]}"
        return r

    def raw(self, method: str, path: str, label: str | None = None) -> int:
        """Sends a request with the path exactly as given (no client-side normalisation of `..`); records it."""
        port = int(self.server.base_url.rsplit(":", 1)[1])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            conn.request(method, path, headers={"Authorization": f"token {self.server.token}"})
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self.record_response(label or f"raw {method} {path}", resp.status, text, None)
        return resp.status

    def record_response(self, label: str, status: int, text: str, location: str | None) -> None:
        """Records a status and body (JSON if it parses; else the text), plus a Location header if any.
        Ids in the label become <id>: labels must be the same on both servers."""
        label = UUID.sub("<id>", label)
        try:
            body, is_json = (json.loads(text), True) if text else (None, True)
        except ValueError:
            body, is_json = text, False
        self.steps.append(Step(label, status, body, is_json))
        if location is not None:
            self.note(f"{label}: Location", UUID.sub("<id>", location))

    def note(self, label: str, value: Any, exact: bool = True) -> None:
        """Records a value to compare: exactly (default) or by shape."""
        self.steps.append(Step(label, None, value, True, exact))


def diff_steps(ref: list[Step], cand: list[Step]) -> list[str]:
    """Every difference between two recordings of the same scenario."""
    out: list[str] = []
    for i, (a, b) in enumerate(zip(ref, cand)):
        tag = f"step {i} [{a.label}]"
        if a.label != b.label:
            out.append(f"{tag}: candidate recorded [{b.label}] here")
            break
        if a.status != b.status:
            out.append(f"{tag}: status {a.status} != {b.status} (bodies {_short(a.body)} vs {_short(b.body)})")
            continue
        if a.exact:
            if a.body != b.body:
                out.append(f"{tag}: {_short(a.body)} != {_short(b.body)}")
        elif a.is_json != b.is_json:
            out.append(f"{tag}: reference body is {'JSON' if a.is_json else 'not JSON'}, candidate's is "
                       f"{'JSON' if b.is_json else 'not JSON'}: {_short(a.body)} vs {_short(b.body)}")
        elif not a.is_json:
            if not (b.body or "").strip() and (a.body or "").strip():
                out.append(f"{tag}: candidate's non-JSON body is empty")
        else:
            out.extend(f"{tag}: {d}" for d in compare(a.body, b.body))
    if len(ref) != len(cand):
        out.append(f"reference recorded {len(ref)} steps, candidate {len(cand)}")
    return out


def run_both(ref: Server, cand: Server, scenario: Callable[[Recorder], None]) -> tuple[Recorder, Recorder]:
    """Runs a scenario against both servers at once; fails with every difference found."""
    recs = Recorder(ref), Recorder(cand)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(scenario, r) for r in recs]
        errors = []
        for rec, fut in zip(recs, futures):
            try:
                fut.result()
            except Exception as e:  # noqa: BLE001 -- both sides' failures are reported together
                errors.append(f"{rec.server.kind} ({'reference' if rec is recs[0] else 'candidate'}): "
                              f"{type(e).__name__}: {e}")
    dump(scenario, recs)
    diffs = diff_steps(recs[0].steps, recs[1].steps)
    assert not errors and not diffs, "\n".join(errors + diffs)
    return recs


def dump(scenario: Callable, recs: tuple[Recorder, Recorder]) -> None:
    """With SERVER_DIFF_DUMP=DIR, writes both recordings of a scenario to DIR/<test>.json (for reading)."""
    out = os.environ.get("SERVER_DIFF_DUMP")
    if not out:
        return
    os.makedirs(out, exist_ok=True)
    name = os.environ.get("PYTEST_CURRENT_TEST", scenario.__qualname__).split(" ")[0].split("::")[-1]
    data = {rec.server.kind + ("-reference" if i == 0 else "-candidate"): [s.__dict__ for s in rec.steps]
            for i, rec in enumerate(recs)}
    with open(os.path.join(out, f"{name}.json"), "w") as f:
        json.dump(data, f, indent=1, default=lambda b: b.decode("latin-1") if isinstance(b, bytes) else str(b))
