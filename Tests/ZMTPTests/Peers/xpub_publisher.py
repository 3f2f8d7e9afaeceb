# SPDX-License-Identifier: Apache-2.0
"""pyzmq XPUB: reports the subscription it receives, publishes on topics "a" and "b",
then reports the next subscription message (the subscriber's cancel).

Usage: xpub_publisher.py COUNT
Prints: "bound PORT", "subscription HEX", "published", "subscription HEX".
"""
import sys
import zmq
from shapes import frame, say

count = int(sys.argv[1])
ctx = zmq.Context()
sock = ctx.socket(zmq.XPUB)
sock.setsockopt(zmq.LINGER, -1)
port = sock.bind_to_random_port("tcp://127.0.0.1")
say("bound", port)
say("subscription", sock.recv().hex())
for i in range(count):
    sock.send_multipart([b"a", frame(i, 1, 40)])
    sock.send_multipart([b"b", frame(i, 1, 40)])
sock.send_multipart([b"a-end"])
say("published")
say("subscription", sock.recv().hex())
sock.close()
ctx.term()
