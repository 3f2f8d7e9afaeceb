# SPDX-License-Identifier: Apache-2.0
"""pyzmq ROUTER: binds (tcp random port, or the ipc endpoint given), echoes COUNT messages.

Usage: router_echo.py ENDPOINT COUNT   (ENDPOINT is "tcp" or "ipc:///path")
Prints: "bound PORT", "identity HEX" (first peer identity), "done".
"""
import sys
import zmq
from shapes import say

endpoint, count = sys.argv[1], int(sys.argv[2])
ctx = zmq.Context()
sock = ctx.socket(zmq.ROUTER)
sock.setsockopt(zmq.LINGER, -1)
if endpoint == "tcp":
    port = sock.bind_to_random_port("tcp://127.0.0.1")
else:
    sock.bind(endpoint)
    port = 0
say("bound", port)
for i in range(count):
    frames = sock.recv_multipart()
    if i == 0:
        say("identity", frames[0].hex())
    sock.send_multipart(frames)
say("done")
sock.close()
ctx.term()
