# SPDX-License-Identifier: Apache-2.0
"""pyzmq DEALER: connects with an identity, sends the shape messages, checks their echoes.

Usage: dealer_client.py PORT IDENTITY SHAPES_JSON
Prints: "ok COUNT" or "error ...".
"""
import sys
import zmq
from shapes import messages, say

port, identity, spec = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
expected = messages(spec)
ctx = zmq.Context()
sock = ctx.socket(zmq.DEALER)
sock.setsockopt(zmq.LINGER, -1)
sock.setsockopt(zmq.IDENTITY, identity)
sock.connect(f"tcp://127.0.0.1:{port}")
for message in expected:
    sock.send_multipart(message)
for index, message in enumerate(expected):
    echoed = sock.recv_multipart()
    if echoed != message:
        say("error", "echo", index, "differs:", [len(f) for f in echoed], "vs", [len(f) for f in message])
        sys.exit(1)
say("ok", len(expected))
sock.close()
ctx.term()
