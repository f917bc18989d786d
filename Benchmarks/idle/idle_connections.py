#!/usr/bin/env python3
"""Memory per idle keep-alive connection, as the server's RSS sees it.

Opens N connections to 127.0.0.1:PORT one after another, sends one request on each and reads the
whole response (so every connection has been through a full request), then holds them all open
and idle, samples the server's VmRSS from /proc/PID/status, and closes them with RST (SO_LINGER 0,
so no TIME_WAIT is left behind). Bounded: it gives up after --deadline seconds. Prints one JSON line.
"""
import argparse
import json
import resource
import signal
import socket
import struct
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def read_response(sock):
    """Reads one response framed by Content-Length; returns its status code."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the response body")
        body += chunk
    return status


def still_open(sock):
    """True when the peer has not closed: a non-blocking peek finds nothing to read."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server process whose RSS to sample")
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--body", default="requests/estimate-405b.json")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds to hold them idle before sampling")
    parser.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args()

    signal.signal(signal.SIGALRM, lambda *_: sys.exit(f"idle_connections: deadline of {args.deadline} s passed"))
    signal.setitimer(signal.ITIMER_REAL, args.deadline)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.connections + 64
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))

    with open(args.body, "rb") as file:
        body = file.read().strip()
    request = (
        b"POST /v1/estimate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )

    def connect():
        sock = socket.create_connection(("127.0.0.1", args.port), timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(request)
        status = read_response(sock)
        if status != 200:
            raise RuntimeError(f"status {status}")
        return sock

    # Warm the server (cache filled, lazy state built), then let it settle before the baseline.
    for _ in range(100):
        connect().close()
    time.sleep(1.0)
    before = rss_kib(args.pid)

    sockets = []
    started = time.monotonic()
    for _ in range(args.connections):
        sockets.append(connect())
    opened_seconds = time.monotonic() - started
    time.sleep(args.hold)
    after = rss_kib(args.pid)
    alive = sum(1 for sock in sockets if still_open(sock))

    for sock in sockets:
        sock.close()
    time.sleep(1.0)
    after_close = rss_kib(args.pid)

    print(json.dumps({
        "connections": args.connections,
        "alive_after_hold": alive,
        "open_seconds": round(opened_seconds, 2),
        "rss_before_kib": before,
        "rss_with_connections_kib": after,
        "rss_after_close_kib": after_close,
        "bytes_per_connection": round((after - before) * 1024 / args.connections),
    }))


if __name__ == "__main__":
    main()
