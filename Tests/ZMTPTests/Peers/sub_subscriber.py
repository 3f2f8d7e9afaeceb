# SPDX-License-Identifier: Apache-2.0
"""pyzmq SUB: subscribes to TOPIC and prints every message until one whose first frame is END.

Usage: sub_subscriber.py PORT TOPIC END
Prints: "message HEX,HEX,..." per message, then "done COUNT".
"""
import sys
import zmq
from shapes import say

port, topic, end = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()
ctx = zmq.Context()
sock = ctx.socket(zmq.SUB)
sock.setsockopt(zmq.LINGER, 0)
sock.connect(f"tcp://127.0.0.1:{port}")
sock.setsockopt(zmq.SUBSCRIBE, topic)
count = 0
while True:
    frames = sock.recv_multipart()
    say("message", ",".join(f.hex() for f in frames))
    count += 1
    if frames[0] == end:
        break
say("done", count)
sock.close()
ctx.term()
