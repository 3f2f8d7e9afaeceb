# SPDX-License-Identifier: Apache-2.0
"""pyzmq REP: binds, echoes COUNT requests.

Usage: rep_echo.py COUNT
Prints: "bound PORT", "done".
"""
import sys
import zmq
from shapes import say

count = int(sys.argv[1])
ctx = zmq.Context()
sock = ctx.socket(zmq.REP)
sock.setsockopt(zmq.LINGER, -1)
port = sock.bind_to_random_port("tcp://127.0.0.1")
say("bound", port)
for _ in range(count):
    sock.send_multipart(sock.recv_multipart())
say("done")
sock.close()
ctx.term()
