# SPDX-License-Identifier: Apache-2.0
"""pyzmq PUB: sends "probe" messages until stdin says "go" (the subscriber saw one), then
publishes the shape messages with a topic frame "t" first, then "end".

Usage: pub_publisher.py SHAPES_JSON
Prints: "bound PORT", "published".
"""
import sys
import zmq
from shapes import messages, say

expected = messages(sys.argv[1])
ctx = zmq.Context()
sock = ctx.socket(zmq.PUB)
sock.setsockopt(zmq.LINGER, -1)
sock.setsockopt(zmq.SNDHWM, 0)
port = sock.bind_to_random_port("tcp://127.0.0.1")
say("bound", port)
poller = zmq.Poller()
poller.register(sys.stdin, zmq.POLLIN)
while True:
    sock.send(b"probe")
    # Pace the probes while waiting for the subscriber's "go" event on stdin.
    if poller.poll(5):
        if sys.stdin.readline().strip() == "go":
            break
for message in expected:
    sock.send_multipart([b"t"] + message)
sock.send(b"end")
say("published")
sock.close()
ctx.term()
