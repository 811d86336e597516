"""The tables of BENCHMARKS.md from load.sh's results (one JSON object per line)."""
import json
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]


def pick(db, via, kind):
    return [r["result"] for r in rows if r["db"] == db and r.get("via") == via and r["kind"] == kind]


def errors(result):
    return sum(result["errors"].values())


print("| database | via | mixed req/s | p50 ms | p99 ms | errors |")
print("|---|---|---:|---:|---:|---:|")
for db in ["sqlite", "postgres"]:
    for via in ["direct", "proxy"]:
        for m in pick(db, via, "mixed"):
            print(f"| {db} | {via} | {m['per_second']:.0f} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f} | {errors(m)} |")
print()
print("| database | via | check-ins/s over HTTP | reference ops/s (sqlx, no HTTP) | ratio | HTTP p99 ms | errors |")
print("|---|---|---:|---:|---:|---:|---:|")
for db in ["sqlite", "postgres"]:
    ref = [r["result"] for r in rows if r["db"] == db and r["kind"] == "reference"]
    for via in ["direct", "proxy"]:
        for m in pick(db, via, "ingest"):
            base = ref[0]["per_second"] if ref else float("nan")
            print(f"| {db} | {via} | {m['per_second']:.0f} | {base:.0f} | {m['per_second'] / base:.2f} | {m['p99_ms']:.1f} | {errors(m)} |")
print()
print("| database | via | p99 at 300/s (ms) | highest fixed rate tried with p99 < 50 ms | its p99 ms |")
print("|---|---|---:|---:|---:|")
for db in ["sqlite", "postgres"]:
    for via in ["direct", "proxy"]:
        runs = pick(db, via, "fixed_rate")
        at300 = next((r for r in runs if r["rate"] == 300), None)
        good = [r for r in runs if r["p99_ms"] < 50 and r["ok"] == r["requests"]]
        best = max(good, key=lambda r: r["rate"]) if good else None
        print(f"| {db} | {via} | {at300['p99_ms'] if at300 else '-'} | {best['rate'] if best else 'none'} | {best['p99_ms'] if best else '-'} |")
