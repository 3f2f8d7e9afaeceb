"""Kernel round trips for bench/bench_lab.py: the kernel websocket with the v1 binary framing
(through a server), and jupyter_client directly (the floor). Every wait has a deadline."""
import contextlib
import json
import socket
import struct
import subprocess
import time
import uuid

V1 = "v1.kernel.websocket.jupyter.org"


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


def alternate(fns, n, warmup, block, max_s):
    """Warm each fn up, then time blocks of `block` calls of each in turn, n each (or max_s)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    lat, deadline = {k: [] for k in fns}, time.monotonic() + max_s
    while any(len(v) < n for v in lat.values()) and time.monotonic() < deadline:
        for k, fn in fns.items():
            for _ in range(min(block, n - len(lat[k]))):
                t = time.perf_counter()
                fn()
                lat[k].append((time.perf_counter() - t) * 1000)
    return lat


@contextlib.contextmanager
def server_kernel(port, token):
    """Kernel via POST /api/kernels and its v1 websocket, ready; yields {"run": execute call}."""
    import requests
    s = requests.Session()
    s.headers["Authorization"] = f"token {token}"
    base = f"http://127.0.0.1:{port}/api/kernels"
    r = s.post(base, json={"name": "python3"}, timeout=60)
    r.raise_for_status()
    kid, ws = r.json()["id"], None
    try:
        ws = KernelWS(port, token, kid)
        for i in range(6):  # the kernel may still be starting: ask again, at most 60 s in all
            try:
                ws.wait(ws.send("kernel_info_request", {}), "kernel_info_reply", False, 10)
                break
            except TimeoutError:
                if i == 5:
                    raise
        yield {"run": lambda: ws.execute("1+1")}
    finally:
        if ws:
            ws.close()
        try:
            s.delete(f"{base}/{kid}", timeout=30)
        except requests.RequestException:
            pass


@contextlib.contextmanager
def direct_kernel(python):
    """The floor: KernelManager kernel, BlockingKernelClient; yields {"run": execute call, ...}."""
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name="python3")
    km.kernel_spec.argv[0] = python
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    try:
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        yield {"run": lambda: zmq_execute(kc, "1+1"), "kernel_argv": km.kernel_spec.argv}
    finally:
        kc.stop_channels()
        try:
            km.shutdown_kernel(now=False)
        except Exception:
            km.shutdown_kernel(now=True)
