"""`quire server` under bad peers and failures: a kernel that dies mid-execution, malformed websocket
frames and bodies, a client that disconnects mid-upload, garbage on the HTTP port. After each, the
server must keep serving and lose nothing."""

from __future__ import annotations

import base64
import json
import socket
import uuid

import pytest
import websocket

from server_support import Rest, start_server, wait_kernel_state
from server_ws import KernelSocket, execute, is_idle


@pytest.fixture(scope="module")
def server(tmp_path_factory, quire_bin):
    """One quire server on a fresh root for the module."""
    tmp = tmp_path_factory.mktemp("robust")
    root = tmp / "root"
    root.mkdir()
    (root / "keep.txt").write_text("precious\n")
    srv = start_server("quire", root, "robust-token", tmp / "env", quire_bin)
    yield srv
    srv.stop()


@pytest.fixture()
def rest(server):
    """A REST client with the token."""
    return Rest(server.base_url, server.token)


def alive(rest: Rest) -> None:
    """The server still answers and the seed file is intact."""
    assert rest.get("/api/status").status_code == 200
    got = rest.get("/api/contents/keep.txt").json()
    assert got["content"] == "precious\n", got


def start_session(rest: Rest) -> tuple[str, str]:
    """A notebook session with a fresh kernel; returns (session id, kernel id)."""
    r = rest.post("/api/sessions", json={"path": str(uuid.uuid4()), "type": "notebook", "name": "x.ipynb",
                                         "kernel": {"name": "python3"}})
    assert r.status_code == 201, r.text
    return r.json()["id"], r.json()["kernel"]["id"]


def test_kernel_dying_mid_execution_is_reported_and_restarted(server, rest):
    """os._exit in a cell: the websocket says restarting (or closes), the kernel is restarted by the
    server, and a new websocket executes again."""
    sid, kid = start_session(rest)
    ks = KernelSocket(server, kid, "v1")
    ks.ready()
    ks.send("shell", "execute_request", {"code": "import os; os._exit(3)", "silent": False, "allow_stdin": False})
    states = []
    try:
        ks.collect(lambda got: any(m["header"]["msg_type"] == "status"
                                   and m["content"]["execution_state"] in ("restarting", "dead") for m in got)
                   and bool(states.extend(got) or True), timeout=60)
    except (websocket.WebSocketConnectionClosedException, AssertionError) as e:
        # Closing the socket is also an acceptable report; the REST state below must still recover.
        states.append(repr(e))
    ks.close()
    model = wait_kernel_state(rest, kid, ("idle",), timeout=90)
    assert model["execution_state"] == "idle"
    again = KernelSocket(server, kid, "v1")
    try:
        again.ready()
        msgs = execute(again, "6*7")
        result = [m for m in msgs if m["header"]["msg_type"] == "execute_result"]
        assert result and result[0]["content"]["data"]["text/plain"] == "42", msgs
    finally:
        again.close()
    assert rest.delete(f"/api/sessions/{sid}").status_code == 204
    alive(rest)


@pytest.mark.parametrize("protocol", ["v1", "legacy"])
def test_malformed_frames_are_dropped(server, rest, protocol):
    """Garbage frames (binary and text) neither close the socket nor reach the kernel."""
    r = rest.post("/api/kernels", json={"name": "python3"})
    assert r.status_code == 201, r.text
    kid = r.json()["id"]
    ks = KernelSocket(server, kid, protocol)
    try:
        ks.ready()
        ks.ws.send_binary(b"\x07" * 13)
        ks.ws.send_binary(b"\x06\x00\x00\x00\x00\x00\x00\x00" + b"\xff" * 48)
        ks.ws.send("{not json")
        ks.ws.send('{"channel": "shell"}')
        msgs = execute(ks, "1+1")
        assert any(m["header"]["msg_type"] == "execute_result" for m in msgs)
        assert any(is_idle(m) for m in msgs)
    finally:
        ks.close()
        assert rest.delete(f"/api/kernels/{kid}").status_code == 204
    alive(rest)


def test_client_disconnecting_mid_upload_leaves_no_file(server, rest):
    """A PUT whose body stops half-way, and a chunked upload abandoned after its first chunk: no partial
    file appears, and the server keeps serving."""
    host, port = server.base_url.removeprefix("http://").split(":")
    body = b'{"type": "file", "format": "text", "content": "' + b"x" * 200_000 + b'"}'
    with socket.create_connection((host, int(port)), timeout=30) as s:
        head = (f"PUT /api/contents/partial.txt HTTP/1.1\r\nHost: {host}\r\nAuthorization: token {server.token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
        s.sendall(head.encode() + body[: len(body) // 2])
    assert rest.get("/api/contents/partial.txt").status_code == 404
    chunk = base64.b64encode(b"first part").decode()
    r = rest.put("/api/contents/chunked.bin", json={"type": "file", "format": "base64", "content": chunk, "chunk": 1})
    assert r.status_code in (200, 201), r.text
    assert rest.get("/api/contents/chunked.bin").status_code == 404
    alive(rest)


def test_malformed_bodies_get_400(server, rest):
    """Bodies that are not JSON objects get 400 with a message on every write route."""
    for method, path in [("POST", "/api/sessions"), ("PATCH", "/api/contents/keep.txt"),
                         ("PUT", "/api/contents/new.txt"), ("POST", "/api/kernels"), ("PATCH", "/api/config/x")]:
        for body in (b"{oops", b"[1, 2]", b"\xff\xfe"):
            r = rest.request(method, path, data=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 400, (method, path, body, r.status_code, r.text)
            assert r.json()["message"], r.text
    alive(rest)


def test_garbage_on_the_http_port(server, rest):
    """Bytes that are not HTTP, and a request line that never ends, do not hurt the server."""
    host, port = server.base_url.removeprefix("http://").split(":")
    for junk in (b"\x00\x01\x02garbage\r\n\r\n", b"GET /" + b"a" * 100_000, b"PUT /api/contents/x HTTP/1.1\r\n" * 50):
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(junk)
            s.shutdown(socket.SHUT_WR)
            try:
                s.recv(4096)
            except (ConnectionResetError, socket.timeout):
                pass
    alive(rest)


def test_events_websocket_reports_contents_and_kernel_actions(server, rest):
    """The events websocket sends jupyter_server's contents_service and kernel_actions events."""
    ws = websocket.create_connection(server.ws_url("/api/events/subscribe"),
                                     header=[f"Authorization: token {server.token}"], timeout=30)
    try:
        assert rest.put("/api/contents/evented.txt", json={"type": "file", "format": "text", "content": "x"}).ok
        kid = rest.post("/api/kernels", json={"name": "python3"}).json()["id"]
        assert rest.delete(f"/api/kernels/{kid}").status_code == 204
        seen = []
        while not any(e.get("action") == "shutdown" for e in seen):
            seen.append(json.loads(ws.recv()))
    finally:
        ws.close()
    contents = [e for e in seen if e["schema_id"].endswith("/contents_service/v1")]
    kernels = [e for e in seen if e["schema_id"].endswith("/kernel_actions/v1")]
    assert {"action": "save", "path": "evented.txt"} in [{k: e[k] for k in ("action", "path")} for e in contents], seen
    assert [e["action"] for e in kernels] == ["start", "shutdown"], seen
    assert all(e["kernel_id"] == kid and e["status"] == "success" and e["msg"] for e in kernels), seen
