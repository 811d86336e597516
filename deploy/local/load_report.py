"""The tables of BENCHMARKS.md from load.sh's results (one JSON object per line): medians
over the rounds, each round's figures after them in brackets."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
DATABASES = ["sqlite", "postgres"]
WAYS = ["direct", "proxy"]


def rounds_of(db):
    return sorted({r.get("round", 1) for r in rows if r["db"] == db})


def pick(db, via, kind, round_):
    return [r["result"] for r in rows
            if r["db"] == db and r.get("via") == via and r["kind"] == kind and r.get("round", 1) == round_]


def reference(db, round_, kind="reference"):
    """The reference's ops/s in that round: as the HTTP load's one patient (`reference`), or
    spread over 16 patients (`reference_spread`)."""
    found = [r["result"] for r in rows if r["db"] == db and r["kind"] == kind and r.get("round", 1) == round_]
    return found[0]["per_second"] if found else None


def told(values, digits, low=False):
    """The median, then each round's figure: "12.3 (11.0 / 12.3 / 15.2)". `low`: the lower
    middle value (a rate that was tried), not a mean of two."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    median = f"{(statistics.median_low if low else statistics.median)(values):.{digits}f}"
    if len(values) == 1:
        return median
    return f"{median} ({' / '.join(f'{v:.{digits}f}' for v in values)})"


def errors(result):
    return sum(result["errors"].values())


def share(result):
    """The replays among the answers, in % (oha sends some client ids twice), if counted."""
    if "replays" not in result or not result.get("ok"):
        return None
    return 100.0 * result["replays"] / result["ok"]


def mixed_table():
    print("| database | via | mixed req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for db in DATABASES:
        for via in WAYS:
            runs = [m for n in rounds_of(db) for m in pick(db, via, "mixed", n)]
            if runs:
                print(f"| {db} | {via} | {told([m['per_second'] for m in runs], 0)} "
                      f"| {told([m['p50_ms'] for m in runs], 1)} | {told([m['p99_ms'] for m in runs], 1)} "
                      f"| {sum(errors(m) for m in runs)} |")


def ingest_table():
    print("| database | via | check-ins/s over HTTP | reference ops/s (sqlx, no HTTP) | ratio, same round "
          "| reference over 16 patients | HTTP p99 ms | errors | replays |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for db in DATABASES:
        for via in WAYS:
            http, base, ratio, spread, p99, wrong, replays = [], [], [], [], [], 0, []
            for n in rounds_of(db):
                for m in pick(db, via, "ingest", n):
                    ref = reference(db, n)
                    http.append(m["per_second"])
                    base.append(ref)
                    spread.append(reference(db, n, "reference_spread"))
                    ratio.append(m["per_second"] / ref if ref else None)
                    p99.append(m["p99_ms"])
                    wrong += errors(m)
                    replays.append(share(m))
            if http:
                print(f"| {db} | {via} | {told(http, 0)} | {told(base, 0)} | {told(ratio, 2)} | {told(spread, 0)} "
                      f"| {told(p99, 1)} | {wrong} "
                      f"| {told(replays, 1)} % |")


def fixed_rate_table():
    print("| database | via | p99 at 300/s (ms) | highest fixed rate tried with p99 < 50 ms | its p99 ms | replays at that rate |")
    print("|---|---|---:|---:|---:|---:|")
    for db in DATABASES:
        for via in WAYS:
            at300, highest, its_p99, replays = [], [], [], []
            for n in rounds_of(db):
                runs = pick(db, via, "fixed_rate", n)
                if not runs:
                    continue
                first = next((r for r in runs if r["rate"] == 300), None)
                at300.append(first["p99_ms"] if first else None)
                good = [r for r in runs if r["p99_ms"] < 50 and r["ok"] == r["requests"]]
                best = max(good, key=lambda r: r["rate"]) if good else None
                highest.append(best["rate"] if best else 0)
                its_p99.append(best["p99_ms"] if best else None)
                replays.append(share(best) if best else None)
            if highest:
                print(f"| {db} | {via} | {told(at300, 1)} | {told(highest, 0, low=True)} | {told(its_p99, 1)} "
                      f"| {told(replays, 1)} % |")


mixed_table()
print()
ingest_table()
print()
fixed_rate_table()
# Any error answer fails the run (wrk's errors, oha's answers other than 2xx).
failed = sum(errors(r["result"]) for r in rows if "errors" in r["result"])
if failed:
    print(f"\n{failed} error answers")
    sys.exit(1)
