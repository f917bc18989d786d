#!/usr/bin/env python3
"""Turns one Benchmarks/run.sh results directory into the Markdown tables BENCHMARKS.md quotes:
load (median over rounds), the ratios, idle memory, the micro-benchmarks and issue 13's targets
(those of a pinned run or of an unpinned one, as machine.txt says)."""
import json
import pathlib
import statistics
import sys

SERVERS = ("ours", "hummingbird", "nginx")


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def load_cells(rows):
    cells = {}
    for row in rows:
        cells.setdefault((row["workload"], row["connections"], row["server"]), []).append(row)
    return {
        key: {
            "rps": statistics.median(r["rps"] for r in runs),
            "rps_runs": [r["rps"] for r in runs],
            "p50_ms": statistics.median(r["p50_us"] for r in runs) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in runs) / 1000,
            "bad": sum(r["non2xx"] + r["errors"] for r in runs),
            "rss_mib": max(r["rss_kib"] for r in runs) / 1024,
            "hits": sum(r.get("cache_hits", 0) for r in runs),
            "misses": sum(r.get("cache_misses", 0) for r in runs),
        }
        for key, runs in cells.items()
    }


def micro_p50(micro_text, prefix):
    for line in micro_text.splitlines():
        columns = [c.strip() for c in line.strip("|").split("|")]
        if columns and columns[0].startswith(prefix):
            return float(columns[1])
    return None


def verdict(ok, measured, target, better):
    if measured is None:
        return "not measured"
    if ok:
        return "met"
    gap = (target / measured if better == "higher" else measured / target)
    return f"**missed** ({gap:.2f}× off)"


def main():
    results = pathlib.Path(sys.argv[1])
    out = []
    machine = (results / "machine.txt").read_text() if (results / "machine.txt").exists() else ""
    out += ["```", machine.strip(), "```", ""]

    cells = load_cells(read_jsonl(results / "load.jsonl"))
    if cells:
        rounds = max(len(v["rps_runs"]) for v in cells.values())
        out += [f"### Load (wrk, median of {rounds} rounds)", "",
                "| workload | conns | server | req/s | p50 ms | p99 ms | req/s per round | cache hits | errors | RSS MiB |",
                "|---|---:|---|---:|---:|---:|---|---:|---:|---:|"]
        for (workload, conns, server), c in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1], SERVERS.index(kv[0][2]))):
            runs = " / ".join(f"{r:,.0f}" for r in c["rps_runs"])
            looked_up = c["hits"] + c["misses"]
            hit_share = f"{100 * c['hits'] / looked_up:.1f} %" if looked_up else "—"
            out.append(f"| {workload} | {conns} | {server} | {c['rps']:,.0f} | {c['p50_ms']:.3f} | {c['p99_ms']:.3f} | {runs} | {hit_share} | {c['bad']} | {c['rss_mib']:.1f} |")
        out += ["", "### Ratios (req/s)", "", "| workload | conns | ours / Hummingbird | ours / nginx |", "|---|---:|---:|---:|"]
        for workload in ("hit", "miss"):
            for conns in sorted({k[1] for k in cells if k[0] == workload}):
                ours = cells.get((workload, conns, "ours"))
                hb = cells.get((workload, conns, "hummingbird"))
                ng = cells.get((workload, conns, "nginx"))
                r_hb = f"{ours['rps'] / hb['rps']:.2f}×" if ours and hb else "—"
                r_ng = f"{ours['rps'] / ng['rps']:.2f}×" if ours and ng else "—"
                out.append(f"| {workload} | {conns} | {r_hb} | {r_ng} |")
        out.append("")

    idle = read_jsonl(results / "idle.jsonl")
    if idle:
        out += ["### Idle keep-alive connections", "",
                "| server | connections | still open | RSS before KiB | RSS holding KiB | RSS after close KiB | bytes / connection |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        for row in idle:
            out.append(f"| {row['server']} | {row['connections']:,} | {row['alive_after_hold']:,} | {row['rss_before_kib']:,} | "
                       f"{row['rss_with_connections_kib']:,} | {row['rss_after_close_kib']:,} | {row['bytes_per_connection']:,} |")
        out.append("")

    micro = (results / "micro.md").read_text() if (results / "micro.md").exists() else ""
    if micro:
        out += ["### Micro-benchmarks (µs per operation)", "", *[l for l in micro.splitlines() if l.startswith("|")], ""]

    # Issue 13's targets: one pinned core per server, or two cores each unpinned.
    pinned = "pinning: none" not in machine
    hummingbird_floor, nginx_floor = (1.5, 0.75) if pinned else (1.2, 0.6)
    placement = "one pinned core" if pinned else "two cores, unpinned"
    targets = []
    hit64 = {s: cells.get(("hit", 64, s)) for s in SERVERS}
    if hit64["ours"]:
        p99 = hit64["ours"]["p99_ms"]
        targets.append((f"hits, 64 conns, {placement}: p99 < 2 ms", f"{p99:.3f} ms", verdict(p99 < 2, p99, 2, "lower")))
    if hit64["ours"] and hit64["nginx"]:
        ratio = hit64["ours"]["rps"] / hit64["nginx"]["rps"]
        targets.append((f"hits, 64 conns, {placement}: ≥ {nginx_floor}× nginx req/s", f"{ratio:.2f}×",
                        verdict(ratio >= nginx_floor, ratio, nginx_floor, "higher")))
    if hit64["ours"] and hit64["hummingbird"]:
        ratio = hit64["ours"]["rps"] / hit64["hummingbird"]["rps"]
        targets.append((f"hits, 64 conns, {placement}: ≥ {hummingbird_floor}× Hummingbird req/s", f"{ratio:.2f}×",
                        verdict(ratio >= hummingbird_floor, ratio, hummingbird_floor, "higher")))
    ours_idle = next((r for r in idle if r["server"] == "ours"), None)
    if ours_idle:
        per = ours_idle["bytes_per_connection"]
        targets.append(("idle connection < 2 KB", f"{per:,} B", verdict(per < 2048, per, 2048, "lower")))
    new_bytes = micro_p50(micro, "service: cache hit, new bytes")
    if new_bytes is not None:
        targets.append(("cache hit with new bytes < 8 µs (p50)", f"{new_bytes:.2f} µs", verdict(new_bytes < 8, new_bytes, 8, "lower")))
    miss = micro_p50(micro, "service: cache miss")
    if miss is not None:
        targets.append(("cache miss of /v1/estimate < 20 µs (p50)", f"{miss:.2f} µs", verdict(miss < 20, miss, 20, "lower")))
    if targets:
        out += ["### Targets", "", "| target | measured | verdict |", "|---|---:|---|"]
        out += [f"| {t} | {m} | {v} |" for t, m, v in targets]
    print("\n".join(out))


if __name__ == "__main__":
    main()
