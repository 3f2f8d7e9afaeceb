# SPDX-License-Identifier: Apache-2.0
"""pyzmq REQ: sends each shape message as a request and checks the reply is its echo.

Usage: req_client.py PORT SHAPES_JSON
Prints: "ok COUNT" or "error ...".
"""
import sys
import zmq
from shapes import messages, say

port, expected = int(sys.argv[1]), messages(sys.argv[2])
ctx = zmq.Context()
sock = ctx.socket(zmq.REQ)
sock.setsockopt(zmq.LINGER, -1)
sock.connect(f"tcp://127.0.0.1:{port}")
for index, message in enumerate(expected):
    sock.send_multipart(message)
    reply = sock.recv_multipart()
    if reply != message:
        say("error", "reply", index, "differs:", [len(f) for f in reply], "vs", [len(f) for f in message])
        sys.exit(1)
say("ok", len(expected))
sock.close()
ctx.term()
