"""`quire server` against jupyter_server: the same REST requests and kernel websocket messages sent to
both, on identical fresh roots, must give the same status codes and the same JSON shapes.

QUIRE_DIFF_AGAINST=jupyter compares jupyter_server with a second jupyter_server (checks the harness)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid

import nbformat
import pytest

from server_diff import Recorder, run_both
from server_pair import BINARY, TEXT, candidate_binary, start_pair
from server_support import wait_kernel_model, wait_kernel_state
from server_ws import KernelSocket, answer_input, execute, handshake_status, is_idle, kinds

FIXED_SESSION_PATH = "sub/5c0e8a4e-3f7a-4c55-9d35-0d3c2b1f9e11"
MISSING_ID = "0b1f8c0e-0000-4000-8000-000000000000"
NEW_NB = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('saved')", id="saved-cell")])


@pytest.fixture(scope="module")
def pair(request, tmp_path_factory):
    """The reference and candidate servers, started once for this module."""
    ref, cand = start_pair(tmp_path_factory.mktemp("serverdiff"), candidate_binary(request))
    yield ref, cand
    for s in (ref, cand):
        s.stop()


def both(pair, scenario):
    """Runs a scenario on both servers and compares what they answered."""
    return run_both(pair[0], pair[1], scenario)


# ---- misc endpoints -------------------------------------------------------------------------------

def test_api_status_me_kernelspecs(pair):
    """GET /api, /api/status, /api/me (with and without permissions), /api/kernelspecs."""
    def scenario(r: Recorder):
        """Read-only server endpoints."""
        r.call("GET", "/api")
        r.call("GET", "/api/status")
        r.call("GET", "/api/me")
        r.call("GET", "/api/me?permissions=" + json.dumps({"contents": ["read", "write"]}))
        r.call("GET", "/api/me?permissions=notjson")
        specs = r.call("GET", "/api/kernelspecs", expect=200).json()
        assert "python3" in specs["kernelspecs"], specs
        r.call("GET", "/api/kernelspecs/python3")
        r.call("GET", "/api/kernelspecs/nokernel")
    both(pair, scenario)


# ---- contents ---------------------------------------------------------------------------------------

def test_contents_get(pair):
    """Listings, notebook and file models with content, format and hash options."""
    def scenario(r: Recorder):
        """GETs of the seed files."""
        for q in ("", "?content=1&hash=0", "?content=0"):
            r.call("GET", "/api/contents" + q)
        r.call("GET", "/api/contents/sub")
        for q in ("", "?content=0", "?content=1", "?hash=1", "?content=0&hash=1", "?type=notebook&content=1&hash=1"):
            r.call("GET", "/api/contents/demo.ipynb" + q)
        for q in ("", "?format=text", "?format=base64", "?content=0", "?hash=1", "?type=file"):
            r.call("GET", "/api/contents/notes.txt" + q)
        for q in ("", "?format=base64", "?hash=1"):
            r.call("GET", "/api/contents/data.bin" + q)
        got = r.call("GET", "/api/contents/notes.txt?hash=1", expect=200).json()
        assert got["hash"] == hashlib.sha256(TEXT.encode()).hexdigest(), got
        got = r.call("GET", "/api/contents/data.bin", expect=200).json()
        assert base64.b64decode(got["content"]) == BINARY and got["format"] == "base64", got
    both(pair, scenario)


def test_contents_get_errors(pair):
    """Type mismatches, bad format and content values, missing and hidden files (400, 404)."""
    def scenario(r: Recorder):
        """GETs that must fail."""
        r.call("GET", "/api/contents/sub?type=file")
        r.call("GET", "/api/contents/notes.txt?type=directory")
        r.call("GET", "/api/contents/notes.txt?type=notebook")
        r.call("GET", "/api/contents/notes.txt?format=xml")
        r.call("GET", "/api/contents/notes.txt?content=2")
        r.call("GET", "/api/contents/data.bin?format=text")
        r.call("GET", "/api/contents/missing.ipynb")
        r.call("GET", "/api/contents/sub/missing.txt")
        r.call("GET", "/api/contents/.secret")
    both(pair, scenario)


def test_contents_traversal(pair):
    """`..` paths, literal and percent-encoded, are refused the way jupyter_server refuses them."""
    def scenario(r: Recorder):
        """Requests that try to leave the root."""
        for path in ("/api/contents/../notes.txt", "/api/contents/sub/../../x", "/api/contents/%2e%2e%2fetc",
                     "/api/contents/..%2f..%2fetc%2fpasswd", "/api/contents/sub/%2e%2e/%2e%2e/x",
                     "/api/contents/%2E%2E/x"):
            r.raw("GET", path)
        r.raw("DELETE", "/api/contents/sub/../..")
        r.raw("DELETE", "/api/contents/%2e%2e%2fx")
        r.call("PUT", "/api/contents/%2e%2e%2fx.txt", json={"type": "file", "format": "text", "content": "x"})
        r.call("PATCH", "/api/contents/notes.txt", json={"path": "../escaped.txt"})
    both(pair, scenario)


def test_contents_post(pair):
    """POST creates Untitled notebooks, folders and files, copies, and refuses file paths."""
    def scenario(r: Recorder):
        """Creations in a fresh directory."""
        r.call("PUT", "/api/contents/t_post", json={"type": "directory"}, expect=201)
        for body in ({"type": "notebook"}, {"type": "notebook"}, {"type": "directory"}, {"type": "directory"},
                     {"type": "file", "ext": ".txt"}, {"type": "file", "ext": ".txt"}, {"type": "file"}):
            r.call("POST", "/api/contents/t_post", json=body)
        r.call("GET", "/api/contents/t_post/Untitled.ipynb")
        r.call("PUT", "/api/contents/t_post/src.txt", json={"type": "file", "format": "text", "content": "copy me"})
        for src in ("t_post/src.txt", "t_post/src.txt", "demo.ipynb", "t_post/missing.txt"):
            r.call("POST", "/api/contents/t_post", json={"copy_from": src})
        r.call("GET", "/api/contents/t_post")
        r.call("POST", "/api/contents/notes.txt", json={"type": "notebook"})
        r.call("POST", "/api/contents/t_missing", json={"type": "notebook"})
        r.call("POST", "/api/contents/t_post", data="{not json")
    both(pair, scenario)


def test_contents_put(pair):
    """PUT saves notebooks, text and base64 files (201 new, 200 existing) and rejects bad bodies."""
    def scenario(r: Recorder):
        """Uploads and saves in a fresh directory."""
        r.call("PUT", "/api/contents/t_put", json={"type": "directory"}, expect=201)
        nb = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(NEW_NB))}
        for _ in range(2):
            r.call("PUT", "/api/contents/t_put/new.ipynb", json={**nb, "path": "t_put/new.ipynb"})
        r.call("GET", "/api/contents/t_put/new.ipynb?hash=1")
        for _ in range(2):
            r.call("PUT", "/api/contents/t_put/new.txt", json={"type": "file", "format": "text", "content": "one\ntwo"})
        r.call("GET", "/api/contents/t_put/new.txt?hash=1")
        b64 = base64.b64encode(b"\x00\x01\x02\xff").decode()
        for _ in range(2):
            r.call("PUT", "/api/contents/t_put/new.bin", json={"type": "file", "format": "base64", "content": b64})
        r.call("GET", "/api/contents/t_put/new.bin?hash=1")
        r.call("PUT", "/api/contents/t_put", json={"type": "directory"})
        r.call("PUT", "/api/contents/t_put/bad.txt", data="{not json")
        r.call("PUT", "/api/contents/t_put/bad.txt", json={"content": "x"})
        r.call("PUT", "/api/contents/t_put/bad.txt", json={"type": "file", "content": "x"})
        r.call("PUT", "/api/contents/t_missing/new.txt", json={"type": "file", "format": "text", "content": "x"})
        r.call("GET", "/api/contents/t_put")
    both(pair, scenario)


def test_contents_rename_delete(pair):
    """PATCH renames (409 onto an existing file, 404 missing); DELETE (204, 404 missing, 400 root)."""
    def scenario(r: Recorder):
        """Renames and deletions in a fresh directory."""
        r.call("PUT", "/api/contents/t_mv", json={"type": "directory"}, expect=201)
        for name in ("a.txt", "b.txt"):
            r.call("PUT", f"/api/contents/t_mv/{name}", json={"type": "file", "format": "text", "content": name})
        r.call("PATCH", "/api/contents/t_mv/a.txt", json={"path": "t_mv/c.txt"})
        r.call("GET", "/api/contents/t_mv/a.txt")
        r.call("GET", "/api/contents/t_mv/c.txt")
        r.call("PATCH", "/api/contents/t_mv/c.txt", json={"path": "t_mv/b.txt"})
        r.call("PATCH", "/api/contents/t_mv/missing.txt", json={"path": "t_mv/d.txt"})
        r.call("PATCH", "/api/contents/t_mv/c.txt", json={"path": "sub/c.txt"})
        r.call("DELETE", "/api/contents/sub/c.txt")
        r.call("DELETE", "/api/contents/sub/c.txt")
        r.call("DELETE", "/api/contents/t_mv")
        r.call("GET", "/api/contents/t_mv")
        r.call("DELETE", "/api/contents/")
    both(pair, scenario)


def test_contents_checkpoints(pair):
    """Checkpoints: create, list, restore (content back), delete."""
    def scenario(r: Recorder):
        """A checkpoint's life on a fresh file."""
        path = "/api/contents/ck.txt"
        r.call("PUT", path, json={"type": "file", "format": "text", "content": "first"}, expect=201)
        r.call("GET", path + "/checkpoints")
        ck = r.call("POST", path + "/checkpoints", expect=201).json()
        r.note("checkpoint id", ck["id"])
        r.call("GET", path + "/checkpoints")
        r.call("PUT", path, json={"type": "file", "format": "text", "content": "second"}, expect=200)
        r.call("POST", f"{path}/checkpoints/{ck['id']}")
        r.call("GET", path)
        r.call("DELETE", f"{path}/checkpoints/{ck['id']}")
        r.call("GET", path + "/checkpoints")
        r.call("DELETE", f"{path}/checkpoints/nope")
        r.call("GET", "/api/contents/missing.txt/checkpoints")
    both(pair, scenario)


# ---- sessions and kernels ----------------------------------------------------------------------------

def test_sessions(pair):
    """Session create (path echoed verbatim), list, get, rename, kernel change, errors, delete."""
    def scenario(r: Recorder):
        """One session's life, and the failing requests."""
        body = {"path": FIXED_SESSION_PATH, "type": "notebook", "name": "s.ipynb", "kernel": {"name": "python3"}}
        s = r.call("POST", "/api/sessions", json=body, expect=201).json()
        sid, old_kernel = s["id"], s["kernel"]["id"]
        try:
            again = r.call("POST", "/api/sessions", json=body).json()
            r.note("same path gives the same session", again.get("id") == sid)
            r.call("GET", "/api/sessions")
            r.call("GET", f"/api/sessions/{sid}")
            r.call("PATCH", f"/api/sessions/{sid}", json={"path": "sub/s.ipynb", "id": sid})
            r.call("PATCH", f"/api/sessions/{sid}", json={"name": "renamed.ipynb", "id": sid})
            new = r.call("PATCH", f"/api/sessions/{sid}", json={"kernel": {"name": "python3"}}, expect=200).json()
            r.note("kernel changed", new["kernel"]["id"] != old_kernel)
            r.call("GET", f"/api/kernels/{old_kernel}", label="GET old kernel")
            r.call("PATCH", f"/api/sessions/{sid}", json={"kernel": {"id": MISSING_ID}})
            r.call("PATCH", f"/api/sessions/{sid}", json={"kernel": {"name": "nokernel"}})
        finally:
            r.call("DELETE", f"/api/sessions/{sid}", label="DELETE session")
        r.call("GET", f"/api/sessions/{sid}", label="GET deleted session")
        r.call("GET", "/api/sessions")
        r.call("POST", "/api/sessions", json={"path": "x.ipynb", "name": "x.ipynb"})
        r.call("POST", "/api/sessions", json={"type": "notebook", "name": "x.ipynb"})
        r.call("POST", "/api/sessions", json={"path": "y.ipynb", "type": "notebook", "kernel": {"name": "nokernel"}})
        r.call("POST", "/api/sessions", data="{not json")
        r.call("GET", "/api/sessions")
        r.call("GET", f"/api/sessions/{MISSING_ID}")
        r.call("PATCH", f"/api/sessions/{MISSING_ID}", json={"path": "z"})
        r.call("DELETE", f"/api/sessions/{MISSING_ID}")
    both(pair, scenario)


def test_kernels(pair):
    """Kernel start, get, list, interrupt (204), restart (200), delete (204), and unknown ids (404)."""
    def scenario(r: Recorder):
        """One kernel's life over REST."""
        k = r.call("POST", "/api/kernels", json={"name": "python3"}, expect=201).json()
        kid = k["id"]
        try:
            r.call("GET", f"/api/kernels/{kid}", label="GET kernel")
            r.call("GET", "/api/kernels")
            ks = KernelSocket(r.server, kid)
            ks.ready()  # the kernel is up and a client is connected: execution_state leaves "starting"
            ks.close()
            wait_kernel_state(r.rest, kid)
            r.call("GET", f"/api/kernels/{kid}", label="GET ready kernel")
            r.call("POST", f"/api/kernels/{kid}/interrupt", label="interrupt")
            r.call("POST", f"/api/kernels/{kid}/restart", label="restart")
        finally:
            r.call("DELETE", f"/api/kernels/{kid}", label="DELETE kernel")
        r.call("GET", f"/api/kernels/{kid}", label="GET deleted kernel")
        r.call("GET", "/api/kernels")
        for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/interrupt")):
            r.call(method, f"/api/kernels/{MISSING_ID}{suffix}")
    both(pair, scenario)


# ---- auth --------------------------------------------------------------------------------------------

def test_auth(pair):
    """No token and a wrong token give 403 JSON; the token as a query parameter works."""
    def scenario(r: Recorder):
        """Requests with fresh (cookie-less) sessions and various credentials."""
        for token, path in ((None, "/api/contents"), (None, "/api/sessions"), (None, "/api/kernels"),
                            ("wrong", "/api/contents"), (None, f"/api/contents?token={r.server.token}"),
                            (None, "/api/contents?token=wrong")):
            rest = r.server.session(token)
            resp = rest.get(path)
            label = f"GET {path.replace(r.server.token, 'TOKEN')} with token {token}"
            r.record_response(label, resp.status_code, resp.text, None)
            rest.close()
        rest = r.server.session(None)
        resp = rest.post("/api/kernels", json={"name": "python3"})
        r.record_response("POST /api/kernels without token", resp.status_code, resp.text, None)
        if resp.status_code == 201:  # should not happen; keep the suite clean anyway
            r.rest.delete(f"/api/kernels/{resp.json()['id']}")
    both(pair, scenario)


# ---- websockets ----------------------------------------------------------------------------------------

def with_kernel(r: Recorder, body):
    """Starts a kernel, runs body(kernel_id), and always shuts the kernel down."""
    kid = r.call("POST", "/api/kernels", json={"name": "python3"}, expect=201).json()["id"]
    try:
        body(kid)
    finally:
        r.call("DELETE", f"/api/kernels/{kid}", label="DELETE kernel", expect=204)


def refused(outcome):
    """A refused upgrade's outcome, whatever its status: jupyter_server answers 404 (unknown kernel)
    or 403 (no token), Quire 400 (Hummingbird answers every refused websocket upgrade with 400)."""
    status = outcome[0] if isinstance(outcome, (list, tuple)) else outcome
    return "refused" if status in (400, 403, 404) else outcome


def test_ws_handshake(pair):
    """Upgrades: unknown kernel and no token refused, token as query parameter or header, no session_id."""
    def scenario(r: Recorder):
        """Websocket upgrade statuses and subprotocols."""
        r.note("unknown kernel", refused(handshake_status(
            r.server, f"/api/kernels/{MISSING_ID}/channels?session_id=s", r.server.token)))

        def body(kid):
            """Upgrades on a live kernel."""
            base = f"/api/kernels/{kid}/channels"
            r.note("no token", refused(handshake_status(r.server, base + "?session_id=s", None)))
            r.note("wrong token", refused(handshake_status(r.server, base + "?session_id=s", "wrong")))
            r.note("query token", handshake_status(r.server, f"{base}?session_id=s&token={r.server.token}", None))
            r.note("no session_id", handshake_status(r.server, base, r.server.token))
            r.note("legacy", handshake_status(r.server, base + "?session_id=s", r.server.token, "legacy"))
        with_kernel(r, body)
    both(pair, scenario)


@pytest.mark.parametrize("protocol", ["v1", "legacy"])
def test_ws_execute(pair, protocol):
    """kernel_info, execute 1+1, comm_info and an input() round trip over one websocket."""
    def scenario(r: Recorder):
        """A websocket session on a fresh kernel."""
        def body(kid):
            """The websocket exchanges."""
            ks = KernelSocket(r.server, kid, protocol)
            try:
                r.note("subprotocol", ks.subprotocol)
                info = ks.request("shell", "kernel_info_request", {})
                r.note("kernel_info kinds", sorted(kinds(info)))
                reply = next(m for m in info if m["header"]["msg_type"] == "kernel_info_reply")
                r.note("kernel_info_reply content", reply["content"], exact=False)
                r.note("message keys", sorted(reply), exact=True)
                r.note("header keys", sorted(reply["header"]))
                msgs = execute(ks, "1+1")
                r.note("execute kinds", sorted(kinds(msgs)))
                result = next(m for m in msgs if m["header"]["msg_type"] == "execute_result")
                r.note("execute_result data", result["content"]["data"])
                comm = ks.request("shell", "comm_info_request", {})
                r.note("comm_info kinds", sorted(kinds(comm)))
                msgs = execute(ks, "name = input('Name: ')", allow_stdin=True, on_message=answer_input("Ada"))
                r.note("input kinds", sorted(kinds(msgs)))
                msgs = execute(ks, "name")
                r.note("input value", next(m["content"]["data"] for m in msgs
                                           if m["header"]["msg_type"] == "execute_result"))
            finally:
                ks.close()
        with_kernel(r, body)
    both(pair, scenario)


def test_ws_two_sockets(pair):
    """Two websockets on one kernel: both see the iopub of an execute sent on one of them."""
    def scenario(r: Recorder):
        """Execute on socket one, watch socket two."""
        def body(kid):
            """Opens both sockets, executes on the first, collects on the second."""
            one, two = KernelSocket(r.server, kid, "v1"), KernelSocket(r.server, kid, "legacy")
            try:
                one.ready()
                two.ready()
                msgs = execute(one, "print('shared')")
                msg_id = msgs[0]["parent_header"]["msg_id"]
                seen = two.collect(lambda got: any(m["parent_header"].get("msg_id") == msg_id
                                                   and m["header"]["msg_type"] == "status"
                                                   and m["content"].get("execution_state") == "idle"
                                                   for m in got))
                mine = [m for m in seen if m["parent_header"].get("msg_id") == msg_id]
                r.note("first socket kinds", sorted(kinds(msgs)))
                r.note("second socket kinds", sorted(kinds(mine)))
                r.note("stream text", [m["content"]["text"] for m in mine if m["header"]["msg_type"] == "stream"])
                model = r.call("GET", f"/api/kernels/{kid}", label="kernel with two connections").json()
                r.note("connections", model["connections"])
            finally:
                one.close()
                two.close()
        with_kernel(r, body)
    both(pair, scenario)


def test_ws_reconnect_replays(pair, tmp_path):
    """A client that goes away mid-execution and comes back with the same session_id receives what the
    kernel sent meanwhile (output, reply, idle); one that comes back with another session_id does not."""
    def scenario(r: Recorder):
        """Two executions that finish while no websocket is connected."""
        def body(kid):
            """Disconnect, let the cell finish, reconnect (same session, then another one)."""
            session = str(uuid.uuid4())
            for round_, reconnect_as in (("same", session), ("other", str(uuid.uuid4()))):
                flag = tmp_path / f"{r.server.kind}-{round_}.flag"
                code = ("import os, time\nprint('before', flush=True)\ndeadline = time.time() + 60\n"
                        f"while not os.path.exists({str(flag)!r}) and time.time() < deadline:\n"
                        "    time.sleep(0.02)\nprint('after', flush=True)\n'done'")
                ks = KernelSocket(r.server, kid, "v1", session_id=session)
                ks.ready()
                sent = ks.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                            "user_expressions": {}, "allow_stdin": False})
                msg_id = sent["header"]["msg_id"]
                ks.collect(lambda got: any(m["header"]["msg_type"] == "stream" and "before" in m["content"]["text"]
                                           for m in got))
                ks.close()
                wait_kernel_model(r.rest, kid, lambda m: m["connections"] == 0, "without connections")
                flag.write_text("go")
                wait_kernel_state(r.rest, kid, ("idle",))
                back = KernelSocket(r.server, kid, "v1", session_id=reconnect_as)
                try:
                    if round_ == "same":  # the reply and the idle status, in either order
                        seen = back.collect(lambda got: {"execute_reply", "idle"} <= {
                            "idle" if is_idle(m) else m["header"]["msg_type"]
                            for m in got if m["parent_header"].get("msg_id") == msg_id}, timeout=60)
                    else:
                        info = back.send("shell", "kernel_info_request", {})["header"]["msg_id"]
                        seen = back.collect(lambda got: any(is_idle(m) and m["parent_header"].get("msg_id") == info
                                                            for m in got), timeout=60)
                    mine = [m for m in seen if m["parent_header"].get("msg_id") == msg_id]
                    r.note(f"{round_}: replayed kinds", sorted(kinds(mine)))
                    r.note(f"{round_}: replayed text", [m["content"]["text"] for m in mine
                                                        if m["header"]["msg_type"] == "stream"])
                finally:
                    back.close()
        with_kernel(r, body)
    both(pair, scenario)
