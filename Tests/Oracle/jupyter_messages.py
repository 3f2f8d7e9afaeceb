"""jupyter_client's side of the Swift messaging differential tests (Tests/KernelsTests).

  python jupyter_messages.py make KEY    prints, as JSON, one message of every type serialised by
                                          jupyter_client.session.Session(key=KEY): its dict parts
                                          and its frames (base64).
  python jupyter_messages.py check KEY   reads a JSON list of {"frames": [base64, ...]} on stdin and
                                          prints, for each, what Session.deserialize makes of it (or
                                          the error it raises) and whether re-packing each JSON part
                                          with the session's packer gives back the received bytes.
"""

from __future__ import annotations

import base64
import json
import sys

from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session

PARENT = {"msg_id": "parent-1", "msg_type": "execute_request", "username": "u", "session": "s",
          "date": "2026-01-02T03:04:05.678901Z", "version": "5.4"}

# One content per message type, as kernels and clients send them (extra keys included on purpose).
MESSAGES = [
    ("kernel_info_request", {}, None, []),
    ("kernel_info_reply", {"status": "ok", "protocol_version": "5.3", "implementation": "ipython",
                           "implementation_version": "9.1", "language_info": {"name": "python", "version": "3.11.7",
                           "mimetype": "text/x-python", "codemirror_mode": {"name": "ipython", "version": 3}},
                           "banner": "Python 3 ✓", "help_links": [{"text": "Python", "url": "https://docs.python.org"}],
                           "debugger": True, "supported_features": ["kernel subshells", "debugger"]}, PARENT, []),
    ("execute_request", {"code": "print('héllo')\nx = 1", "silent": False, "store_history": True,
                         "user_expressions": {}, "allow_stdin": True, "stop_on_error": True}, None, []),
    ("execute_reply", {"status": "ok", "execution_count": 3, "user_expressions": {}, "payload": []}, PARENT, []),
    ("execute_reply", {"status": "error", "execution_count": 4, "ename": "ZeroDivisionError",
                       "evalue": "division by zero", "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m"],
                       "engine_info": {"engine_id": -1}}, PARENT, []),
    ("inspect_request", {"code": "len", "cursor_pos": 3, "detail_level": 1}, None, []),
    ("inspect_reply", {"status": "ok", "found": True, "data": {"text/plain": "Signature: len(obj, /)"},
                       "metadata": {}}, PARENT, []),
    ("complete_request", {"code": "import o", "cursor_pos": 8}, None, []),
    ("complete_reply", {"status": "ok", "matches": ["os", "operator"], "cursor_start": 7, "cursor_end": 8,
                        "metadata": {"_jupyter_types_experimental": []}}, PARENT, []),
    ("history_request", {"raw": True, "output": False, "hist_access_type": "tail", "n": 10}, None, []),
    ("history_reply", {"status": "ok", "history": [[0, 1, "x = 1"], [0, 2, ["x", "1"]]]}, PARENT, []),
    ("is_complete_request", {"code": "for i in range(3):"}, None, []),
    ("is_complete_reply", {"status": "incomplete", "indent": "    "}, PARENT, []),
    ("comm_open", {"comm_id": "c1", "target_name": "jupyter.widget", "data": {"state": {"value": 1.5e-07}},
                   "target_module": None}, PARENT, [b"\x00\x01\xff", b""]),
    ("comm_msg", {"comm_id": "c1", "data": {"method": "update", "buffer_paths": [["value"]]}}, PARENT,
     [b"binary \x00 payload"]),
    ("comm_close", {"comm_id": "c1", "data": {}}, PARENT, []),
    ("comm_info_request", {"target_name": "jupyter.widget"}, None, []),
    ("comm_info_reply", {"status": "ok", "comms": {"c1": {"target_name": "jupyter.widget"}}}, PARENT, []),
    ("input_request", {"prompt": "Name: ", "password": False}, PARENT, []),
    ("input_reply", {"value": "Ada"}, PARENT, []),
    ("interrupt_request", {}, None, []),
    ("interrupt_reply", {"status": "ok"}, PARENT, []),
    ("shutdown_request", {"restart": True}, None, []),
    ("shutdown_reply", {"status": "ok", "restart": True}, PARENT, []),
    ("status", {"execution_state": "busy"}, PARENT, []),
    ("stream", {"name": "stdout", "text": "héllo ✓ 😀\n\t\"quoted\" \\ \x07"}, PARENT, []),
    ("display_data", {"data": {"text/plain": "<Figure>", "image/png": "iVBORw0KGgo="},
                      "metadata": {"image/png": {"width": 640}}, "transient": {"display_id": "d1"}}, PARENT, []),
    ("update_display_data", {"data": {"text/plain": "2"}, "metadata": {}, "transient": {"display_id": "d1"}},
     PARENT, []),
    ("execute_input", {"code": "1 + 1", "execution_count": 5}, PARENT, []),
    ("execute_result", {"data": {"text/plain": "2"}, "metadata": {}, "execution_count": 5}, PARENT, []),
    ("error", {"traceback": ["Traceback", "ValueError: bad"], "ename": "ValueError", "evalue": "bad"}, PARENT, []),
    ("clear_output", {"wait": True}, PARENT, []),
    ("debug_request", {"type": "request", "seq": 1, "command": "initialize",
                       "arguments": {"clientID": "jupyterlab", "adapterID": "python"}}, None, []),
    ("debug_reply", {"type": "response", "seq": 2, "request_seq": 1, "success": True, "command": "initialize",
                     "body": {"supportsConditionalBreakpoints": True}}, PARENT, []),
    ("debug_event", {"type": "event", "seq": 3, "event": "stopped", "body": {"threadId": 1}}, PARENT, []),
    ("iopub_welcome", {"subscription": ""}, None, []),
    ("usage_request", {"custom": [1, 2.5, None, True]}, None, []),
]


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def plain(value):
    """A message part as JSON-ready data (dates as jupyter_client packs them)."""
    return json.loads(json.dumps(value, default=json_default))


def make(key: bytes) -> None:
    session = Session(key=key, username="oracle")
    out = []
    for msg_type, content, parent, buffers in MESSAGES:
        msg = session.msg(msg_type, content=content, parent=parent, metadata={"started": "2026-01-01", "x": 0.1})
        frames = session.serialize(msg, ident=[b"client-identity"]) + list(buffers)
        out.append({"msg_type": msg_type, "header": plain(msg["header"]), "parent_header": plain(msg["parent_header"]),
                    "metadata": plain(msg["metadata"]), "content": plain(msg["content"]),
                    "frames": [b64(f) for f in frames]})
    print(json.dumps(out))


def check(key: bytes) -> None:
    session = Session(key=key, username="oracle")
    results = []
    for item in json.load(sys.stdin):
        frames = [base64.b64decode(f) for f in item["frames"]]
        try:
            identities, parts = session.feed_identities(frames)
            msg = session.deserialize(parts)
        except Exception as e:  # report what jupyter_client says, and go on
            results.append({"error": f"{type(e).__name__}: {e}"})
            continue
        repacked = [session.pack(msg["header"]), session.pack(msg["parent_header"]),
                    session.pack(msg["metadata"]), session.pack(msg["content"])]
        results.append({"msg_type": msg["msg_type"], "header": plain(msg["header"]),
                        "parent_header": plain(msg["parent_header"]), "metadata": plain(msg["metadata"]),
                        "content": plain(msg["content"]), "buffers": [b64(b) for b in msg["buffers"]],
                        "identities": [b64(i) for i in identities], "repacked_identical": repacked == parts[1:5],
                        "signature_identical": session.sign(repacked) == parts[0]})
    print(json.dumps(results))


if __name__ == "__main__":
    command, key = sys.argv[1], sys.argv[2].encode()
    {"make": make, "check": check}[command](key)
