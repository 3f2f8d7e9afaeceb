"""Starting a Jupyter-compatible server (jupyter_server or `quire server`) and talking REST to it.

The websocket side (v1 binary framing and legacy JSON) is in server_ws.py.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

# jupyter_server of the environment running the tests (the project's .venv under make test).
JUPYTER = str(Path(sys.executable).parent / "jupyter")
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
REQUEST_TIMEOUT = 60.0
URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(env_dirs: Path) -> dict[str, str]:
    """The process environment with Jupyter's config, data and runtime dirs (and the trash) under env_dirs."""
    env = dict(os.environ)
    for name in ("config", "data", "runtime"):
        d = Path(env_dirs) / name
        d.mkdir(parents=True, exist_ok=True)
        env[f"JUPYTER_{name.upper()}_DIR"] = str(d)
    # jupyter_server deletes to the trash (send2trash: $XDG_DATA_HOME/Trash): one trash per server, so that
    # two servers deleting same-named files at once do not collide, and the user's trash stays clean.
    env["XDG_DATA_HOME"] = str(Path(env_dirs) / "xdg-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Server:
    """A running server process, its base URL, token and everything it printed so far."""

    kind: str
    proc: subprocess.Popen = field(repr=False)
    token: str = field(repr=False)
    root: Path
    base_url: str = ""
    lines: list[str] = field(default_factory=list, repr=False)

    def output(self) -> str:
        """Everything the server printed (stdout and stderr merged) up to now."""
        return "".join(self.lines)

    def ws_url(self, path: str) -> str:
        """The ws:// URL of a server path."""
        return "ws" + self.base_url[len("http"):] + path

    def session(self, token: str | None = "__own__") -> "Rest":
        """A REST client authenticated with the server's token (or another token, or none)."""
        return Rest(self.base_url, self.token if token == "__own__" else token)

    def stop(self) -> None:
        """SIGTERM, a bounded wait, then SIGKILL."""
        if self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            pass
        # jupyter_server asks for confirmation on the first SIGINT only; SIGTERM should do, else kill.
        self.proc.kill()
        self.proc.wait(STOP_TIMEOUT)


def _pump(stream, lines: list[str], q: "queue.Queue[str | None]") -> None:
    """Reads a pipe line by line into lines and q until it closes (then puts None)."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace")
        lines.append(line)
        q.put(line)
    q.put(None)


def server_command(kind: str, root: Path, token: str, quire_bin: str | None) -> list[str]:
    """The command line that starts a server of this kind on root with this token."""
    if kind == "jupyter":
        return [JUPYTER, "server", str(root), "--no-browser", "--ip", "127.0.0.1", "--port", str(free_port()),
                f"--ServerApp.token={token}", "--allow-root"]
    if kind == "quire":
        if not quire_bin:
            raise RuntimeError("kind 'quire' needs the quire binary")
        return [quire_bin, "server", str(root), "--ip", "127.0.0.1", "--port", "0", "--token", token]
    raise ValueError(f"unknown server kind {kind!r}")


def start_server(kind: str, root: Path, token: str, env_dirs: Path, quire_bin: str | None = None,
                 timeout: float = STARTUP_TIMEOUT) -> Server:
    """Starts a server and returns once it printed its http://127.0.0.1:PORT/ URL (bounded by timeout)."""
    cmd = server_command(kind, Path(root), token, quire_bin)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            cwd=str(root), env=server_env(env_dirs))
    server = Server(kind, proc, token, Path(root))
    q: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(proc.stdout, server.lines, q), daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            server.stop()
            raise RuntimeError(f"{kind} server printed no URL within {timeout}s: {cmd}\n{server.output()}")
        try:
            line = q.get(timeout=remaining)
        except queue.Empty:
            continue
        if line is None:
            server.stop()
            raise RuntimeError(f"{kind} server exited ({proc.returncode}) before printing its URL: {cmd}\n"
                               f"{server.output()}")
        m = URL_RE.search(line)
        if m:
            server.base_url = f"http://127.0.0.1:{m.group(1)}"
            break
    # jupyter_server prints its URL before its event loop binds the port: poll (bounded) until it answers.
    while True:
        try:
            requests.get(server.base_url + "/api", timeout=max(deadline - time.monotonic(), 0.1))
            return server
        except requests.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                server.stop()
                raise RuntimeError(f"{kind} server printed {server.base_url} but does not answer there: {cmd}\n"
                                   f"{server.output()}") from None
            time.sleep(0.05)  # polling a port that has no event to await


class Rest(requests.Session):
    """A requests.Session against one server: paths are relative to its base URL, every call is bounded."""

    def __init__(self, base_url: str, token: str | None):
        """Sets the base URL and the `Authorization: token T` header (if a token is given)."""
        super().__init__()
        self.base_url = base_url
        if token is not None:
            self.headers["Authorization"] = f"token {token}"

    def request(self, method, url, *args, **kwargs):
        """Sends a request to base_url + url with a timeout."""
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        kwargs.setdefault("allow_redirects", False)
        return super().request(method, self.base_url + url, *args, **kwargs)


def wait_kernel_state(rest: Rest, kernel_id: str, states: tuple[str, ...] = ("idle",), timeout: float = 60) -> dict:
    """Polls GET /api/kernels/<id> (bounded) until its execution_state is one of states; returns the model."""
    return wait_kernel_model(rest, kernel_id, lambda m: m.get("execution_state") in states, f"in {states}", timeout)


def wait_kernel_model(rest: Rest, kernel_id: str, ok, what: str, timeout: float = 60) -> dict:
    """Polls GET /api/kernels/<id> (bounded) until ok(model); returns the model."""
    deadline = time.monotonic() + timeout
    model: dict = {}
    while time.monotonic() < deadline:
        r = rest.get(f"/api/kernels/{kernel_id}")
        if r.status_code == 200:
            model = r.json()
            if ok(model):
                return model
        time.sleep(0.1)  # polling a REST state: there is no event to await
    raise AssertionError(f"kernel {kernel_id} not {what} within {timeout}s; last model {model}")
