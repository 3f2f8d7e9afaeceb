"""Kernel websockets (/api/kernels/<id>/channels): v1 binary framing and legacy JSON frames."""

from __future__ import annotations

import json
import struct
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

import websocket

V1 = "v1.kernel.websocket.jupyter.org"
WS_TIMEOUT = 60.0


def new_header(msg_type: str, session: str, username: str = "differential") -> dict:
    """A Jupyter message header (protocol 5.3) for this websocket session."""
    return {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": username,
            "date": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"), "version": "5.3"}


def encode_v1(msg: dict) -> bytes:
    """A message as one v1 binary frame: u64le count, u64le offsets, channel, 4 JSON parts, buffers."""
    parts = [msg["channel"].encode()] + [json.dumps(msg[k]).encode()
                                          for k in ("header", "parent_header", "metadata", "content")]
    parts += [bytes(b) for b in msg.get("buffers", [])]
    count = len(parts) + 1
    offsets, pos = [], 8 * (1 + count)
    for p in parts:
        offsets.append(pos)
        pos += len(p)
    offsets.append(pos)
    return struct.pack(f"<{1 + count}Q", count, *offsets) + b"".join(parts)


def decode_v1(frame: bytes) -> dict:
    """A v1 binary frame back into a message dict (channel, header, ..., buffers)."""
    (count,) = struct.unpack_from("<Q", frame, 0)
    offsets = list(struct.unpack_from(f"<{count}Q", frame, 8))
    assert offsets[0] == 8 * (1 + count) and offsets[-1] == len(frame), (count, offsets, len(frame))
    parts = [frame[offsets[i]:offsets[i + 1]] for i in range(count - 1)]
    msg = {"channel": parts[0].decode()}
    for key, raw in zip(("header", "parent_header", "metadata", "content"), parts[1:5]):
        msg[key] = json.loads(raw)
    msg["buffers"] = parts[5:]
    return msg


def decode_legacy_binary(frame: bytes) -> dict:
    """A legacy binary frame (u32be nbufs, u32be offsets, JSON, buffers) into a message dict."""
    (n,) = struct.unpack_from(">I", frame, 0)
    offsets = list(struct.unpack_from(f">{n}I", frame, 4)) + [len(frame)]
    msg = json.loads(frame[offsets[0]:offsets[1]])
    msg["buffers"] = [frame[offsets[i]:offsets[i + 1]] for i in range(1, n)]
    return msg


class KernelSocket:
    """One websocket on a kernel's channels, speaking v1 (binary) or legacy (JSON text) frames."""

    def __init__(self, server, kernel_id: str, protocol: str = "v1", session_id: str | None = None):
        """Connects (bounded) with the server's token header and the protocol's subprotocol, if any."""
        self.protocol = protocol
        self.session_id = session_id or str(uuid.uuid4())
        url = server.ws_url(f"/api/kernels/{kernel_id}/channels?session_id={self.session_id}")
        kwargs = {"subprotocols": [V1]} if protocol == "v1" else {}
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {server.token}"],
                                              timeout=WS_TIMEOUT, **kwargs)
        self.subprotocol = self.ws.getsubprotocol()

    def ready(self, timeout: float = WS_TIMEOUT) -> list[dict]:
        """A kernel_info round trip: once it is done, this socket receives the kernel's iopub (a freshly
        upgraded jupyter_server socket subscribes only after its nudge, so earlier iopub can be lost)."""
        return self.request("shell", "kernel_info_request", {}, timeout)

    def close(self) -> None:
        """Closes the websocket."""
        self.ws.close()

    def send(self, channel: str, msg_type: str, content: dict, parent: dict | None = None,
             metadata: dict | None = None) -> dict:
        """Sends a message on a channel; returns it (its header carries the msg_id)."""
        msg = {"channel": channel, "header": new_header(msg_type, self.session_id),
               "parent_header": parent or {}, "metadata": metadata or {}, "content": content, "buffers": []}
        if self.protocol == "v1":
            self.ws.send_binary(encode_v1(msg))
        else:
            self.ws.send(json.dumps(msg))
        return msg

    def recv(self, timeout: float = WS_TIMEOUT) -> dict:
        """The next message from the server (raises websocket.WebSocketTimeoutException after timeout)."""
        deadline = time.monotonic() + timeout
        while True:  # control frames (jupyter_server pings every 30 s) must not extend the wait
            self.ws.settimeout(max(deadline - time.monotonic(), 0.01))
            opcode, data = self.ws.recv_data(control_frame=True)
            if opcode not in (websocket.ABNF.OPCODE_PING, websocket.ABNF.OPCODE_PONG):
                break
            if time.monotonic() >= deadline:
                raise websocket.WebSocketTimeoutException("only control frames before the deadline")
        if opcode == websocket.ABNF.OPCODE_TEXT:
            assert self.protocol == "legacy", f"text frame on a {self.protocol} socket: {data[:200]!r}"
            msg = json.loads(data)
            msg.setdefault("buffers", [])
            return msg
        if opcode == websocket.ABNF.OPCODE_BINARY:
            return decode_v1(data) if self.protocol == "v1" else decode_legacy_binary(data)
        raise AssertionError(f"unexpected websocket opcode {opcode}: {data!r}")

    def collect(self, done: Callable[[list[dict]], bool], timeout: float = WS_TIMEOUT) -> list[dict]:
        """Receives messages until done(messages so far) is true; fails after timeout seconds."""
        deadline = time.monotonic() + timeout
        got: list[dict] = []
        while not done(got):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out after {timeout}s; received {summary(got)}")
            try:
                got.append(self.recv(remaining))
            except websocket.WebSocketTimeoutException:
                raise AssertionError(f"timed out after {timeout}s; received {summary(got)}") from None
        return got

    def request(self, channel: str, msg_type: str, content: dict, timeout: float = WS_TIMEOUT,
                on_message: Callable[["KernelSocket", dict], None] | None = None) -> list[dict]:
        """Sends a request and collects the messages it causes until its reply and its iopub idle arrived
        (in either order); messages with another parent are dropped. on_message sees each one kept."""
        sent = self.send(channel, msg_type, content)
        msg_id = sent["header"]["msg_id"]
        reply_type = msg_type.replace("_request", "_reply")
        kept: list[dict] = []

        def done(got: list[dict]) -> bool:
            """True once the reply and the idle status for the request have both arrived."""
            if got and got[-1]["parent_header"].get("msg_id") == msg_id:
                kept.append(got[-1])
                if on_message:
                    on_message(self, got[-1])
            return (any(m["header"]["msg_type"] == reply_type and m["channel"] == channel for m in kept)
                    and any(is_idle(m) for m in kept))

        self.collect(done, timeout)
        return kept


def is_idle(msg: dict) -> bool:
    """True for an iopub status idle message."""
    return (msg["channel"] == "iopub" and msg["header"]["msg_type"] == "status"
            and msg["content"].get("execution_state") == "idle")


def execute(ks: KernelSocket, code: str, timeout: float = WS_TIMEOUT, allow_stdin: bool = False,
            on_message: Callable[[KernelSocket, dict], None] | None = None) -> list[dict]:
    """Runs code; returns the messages of the request up to both its execute_reply and its idle status."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
               "allow_stdin": allow_stdin, "stop_on_error": True}
    return ks.request("shell", "execute_request", content, timeout, on_message)


def answer_input(value: str) -> Callable[[KernelSocket, dict], None]:
    """An on_message hook that answers every input_request with input_reply {value}."""
    def hook(ks: KernelSocket, msg: dict) -> None:
        """Replies on stdin to an input_request, with the request's header as parent."""
        if msg["channel"] == "stdin" and msg["header"]["msg_type"] == "input_request":
            ks.send("stdin", "input_reply", {"value": value}, parent=msg["header"])
    return hook


def summary(messages: list[dict]) -> list[tuple[str, str, str]]:
    """(channel, msg_type, parent msg_type) of each message, for failure output."""
    return [(m.get("channel"), m["header"].get("msg_type"), m["parent_header"].get("msg_type")) for m in messages]


def kinds(messages: list[dict]) -> set[tuple[str, str]]:
    """The set of (channel, msg_type) pairs (status split by execution_state)."""
    out = set()
    for m in messages:
        t = m["header"]["msg_type"]
        if t == "status":
            t = f"status:{m['content'].get('execution_state')}"
        out.add((m["channel"], t))
    return out


def handshake_status(server, path: str, token: str | None, protocol: str = "v1") -> tuple[int, str | None]:
    """The HTTP status of a websocket upgrade on path (101 when it connects) and the chosen subprotocol."""
    header = [f"Authorization: token {token}"] if token else []
    kwargs = {"subprotocols": [V1]} if protocol == "v1" else {}
    try:
        ws = websocket.create_connection(server.ws_url(path), header=header, timeout=WS_TIMEOUT, **kwargs)
    except websocket.WebSocketBadStatusException as e:
        return e.status_code, None
    try:
        return 101, ws.getsubprotocol()
    finally:
        ws.close()
