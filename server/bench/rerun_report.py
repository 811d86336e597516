"""Each figure that rerun.sh's benchmarks printed, as the median of the runs.

Lines are matched across runs by their words (the numbers taken out); each number of a line
becomes "median [run 1 / run 2 / run 3]". Criterion's comparisons with the run before
("change:", "Performance has …") and lines that differ between runs are left out.

    python3 rerun_report.py OUT_DIR BENCH …
"""
import pathlib
import re
import statistics
import sys

NUMBER = re.compile(r"\d(?:[\d ]*\d)?(?:\.\d+)?")
SKIP = ("change:", "Performance has", "No change in performance", "Change within noise", "Found ",
        "outliers", "high mild", "high severe", "low mild", "low severe", "Benchmarking", "Compiling",
        "Finished", "Running", "warning:", "Gnuplot")


def numbers(line):
    return [float(n.replace(" ", "")) for n in NUMBER.findall(line)]


def words(line):
    return NUMBER.sub("#", line).strip()


CRITERION = re.compile(r"^\s*(.*?)\s*time:\s+\[\S+ \S+ (\S+ \S+) \S+ \S+\]")


def figures(text):
    """The lines that carry a figure, in order, keyed by their words (repeats numbered).
    Criterion's "time: [low estimate high]" keeps its estimate, with the benchmark's name
    (printed on the line before when it is long)."""
    lines = [l for l in text.splitlines() if l.strip()]
    merged = []
    for line in lines:
        timed = CRITERION.match(line)
        if timed and not timed.group(1) and merged:
            merged[-1] = f"{merged[-1].strip()}: {timed.group(2)}"
        elif timed:
            merged.append(f"{timed.group(1)}: {timed.group(2)}")
        else:
            merged.append(line)
    seen, out = {}, []
    for line in merged:
        if any(s in line for s in SKIP) or not NUMBER.search(line):
            continue
        key = words(line)
        seen[key] = seen.get(key, 0) + 1
        out.append(((key, seen[key]), line))
    return out


def told(values):
    middle = statistics.median(values)
    digits = max((len(f"{v}".split(".")[1]) if "." in f"{v}" and not f"{v}".endswith(".0") else 0) for v in values)
    fmt = f"{{:.{min(digits, 2)}f}}"
    if len(set(values)) == 1:
        return fmt.format(middle)
    return f"{fmt.format(middle)} [{' / '.join(fmt.format(v) for v in values)}]"


def report(out, bench):
    runs = sorted(pathlib.Path(out).glob(f"{bench}-*.txt"))
    if not runs:
        return
    parsed = [dict(figures(p.read_text(errors="replace"))) for p in runs]
    print(f"\n### {bench}: medians of {len(runs)} runs")
    for key, line in figures(runs[0].read_text(errors="replace")):
        lines = [p.get(key) for p in parsed]
        if any(l is None for l in lines):
            continue
        columns = [numbers(l) for l in lines]
        if len({len(c) for c in columns}) != 1:
            continue
        medians = [told([c[i] for c in columns]) for i in range(len(columns[0]))]
        pieces = NUMBER.split(line)
        merged = pieces[0] + "".join(m + rest for m, rest in zip(medians, pieces[1:]))
        print(merged.rstrip())


for bench in sys.argv[2:]:
    report(sys.argv[1], bench)
