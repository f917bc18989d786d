#!/usr/bin/env python3
"""RSS of a server across identical bursts of heavy requests: is memory given back afterwards?

Each burst opens --clients connections at once, each POSTing a --body-kib body of junk keys to
/v1/estimate (answered 422 after a full parse), reads the answers, and closes. Between bursts it
waits --quiet seconds and samples the server's VmRSS from /proc/PID/status. Bounded by --deadline.
Prints one JSON line: the RSS before, at the end of each burst, and after each quiet period (KiB).
Against 127.0.0.1 only.
"""
import argparse
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "idle"))
from idle_connections import rss_kib  # noqa: E402  (one reader of VmRSS for both scripts)


def one_request(port, body, results):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            head = (f"POST /v1/estimate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
            sock.sendall(head + body)
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
            results.append(int(data.split(b" ", 2)[1]) if data else 0)
    except OSError:
        results.append(-1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--body-kib", type=int, default=256)
    parser.add_argument("--bursts", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=5)
    parser.add_argument("--deadline", type=float, default=300)
    args = parser.parse_args()
    start = time.time()
    keys = []
    size = 0
    while size < args.body_kib * 1024:
        key = f'"junk_{len(keys)}":0'
        keys.append(key)
        size += len(key) + 1
    body = ('{"model":"gpt2",' + ",".join(keys) + "}").encode()
    report = {"clients": args.clients, "body_bytes": len(body), "rss_before_kib": rss_kib(args.pid), "bursts": []}
    for _ in range(args.bursts):
        if time.time() - start > args.deadline:
            break
        results = []
        threads = [threading.Thread(target=one_request, args=(args.port, body, results)) for _ in range(args.clients)]
        peak = 0
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            peak = max(peak, rss_kib(args.pid))
            time.sleep(0.05)
        for thread in threads:
            thread.join()
        end = rss_kib(args.pid)
        time.sleep(args.quiet)
        statuses = {str(code): results.count(code) for code in sorted(set(results))}
        report["bursts"].append({"peak_kib": max(peak, end), "end_kib": end, "after_quiet_kib": rss_kib(args.pid), "statuses": statuses})
    print(json.dumps(report))


if __name__ == "__main__":
    sys.exit(main())
