"""Counts the cases schemathesis sent per operation (from its NDJSON reports) and fails if
any operation that takes input got fewer than asked. usage: count.py MINIMUM REPORT.ndjson..."""
import json
import sys

minimum = int(sys.argv[1])
cases = {}
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        event = json.loads(line).get("ScenarioFinished")
        if not event:
            continue
        recorder = event["recorder"]
        cases.setdefault(recorder["label"], set()).update(recorder.get("cases", {}).keys())
for label, ids in sorted(cases.items()):
    print(f"  {len(ids):>6} cases  {label}")
# An operation that takes no input (the health check) has nothing to vary.
NO_INPUT = {"GET /healthz", "GET /livez", "GET /readyz"}
short = [label for label, ids in cases.items() if len(ids) < minimum and label not in NO_INPUT]
if short:
    sys.exit(f"fewer than {minimum} cases: {short}")
