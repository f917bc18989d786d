#!/usr/bin/env python3
"""Turns one Benchmarks/run.sh results directory into the Markdown tables BENCHMARKS.md quotes:
load (median over rounds), the ratios, idle memory, the micro-benchmarks and the targets."""
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

    targets = []
    hit64 = {s: cells.get(("hit", 64, s)) for s in SERVERS}
    if hit64["ours"] and hit64["hummingbird"]:
        ratio = hit64["ours"]["rps"] / hit64["hummingbird"]["rps"]
        targets.append(("hits, 64 conns: ≥ 1.2× Hummingbird req/s", f"{ratio:.2f}×", verdict(ratio >= 1.2, ratio, 1.2, "higher")))
    if hit64["ours"]:
        p99 = hit64["ours"]["p99_ms"]
        targets.append(("hits, 64 conns: p99 < 2 ms", f"{p99:.3f} ms", verdict(p99 < 2, p99, 2, "lower")))
    if hit64["ours"] and hit64["nginx"]:
        ratio = hit64["ours"]["rps"] / hit64["nginx"]["rps"]
        targets.append(("hits, 64 conns: ≥ 0.6× nginx req/s", f"{ratio:.2f}×", verdict(ratio >= 0.6, ratio, 0.6, "higher")))
    ours_idle = next((r for r in idle if r["server"] == "ours"), None)
    if ours_idle:
        per = ours_idle["bytes_per_connection"]
        targets.append(("idle connection < 2 KB", f"{per:,} B", verdict(per < 2048, per, 2048, "lower")))
    estimator = micro_p50(micro, "estimator: all")
    if estimator is not None:
        targets.append(("405B /v1/estimate computation < 10 µs (p50)", f"{estimator:.2f} µs", verdict(estimator < 10, estimator, 10, "lower")))
    miss = micro_p50(micro, "service: cache miss")
    if miss is not None:
        targets.append(("cache miss < 50 µs of server time (p50)", f"{miss:.2f} µs", verdict(miss < 50, miss, 50, "lower")))
    if targets:
        out += ["### Targets", "", "| target | measured | verdict |", "|---|---:|---|"]
        out += [f"| {t} | {m} | {v} |" for t, m, v in targets]
    print("\n".join(out))


if __name__ == "__main__":
    main()
