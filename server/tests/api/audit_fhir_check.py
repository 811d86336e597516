"""Reads an audit export's AuditEvent NDJSON on stdin and checks every line with PyPI
`fhir.resources` 6.1.0 (FHIR 4.0.1): each element's name, type, cardinality and format, and
the required ones (type, recorded, agent, source). Then what that package does not check:
ids are unique, the action code is one of its value set's, and a sealed entry's digest is 64
hex digits.

Prints JSON: how many resources were read, their subtypes, and what fhir.resources accepted
of a broken copy (it must refuse it, or this check could not fail). Exits non-zero, with the
reason, if a resource fails."""
import copy
import json
import re
import sys

from fhir_check_common import refusal
from fhir.resources.auditevent import AuditEvent

ACTIONS = {"C", "R", "U", "D", "E"}
DIGEST = re.compile(r"^[0-9a-f]{64}$")


def own_problems(doc):
    problems = []
    if doc.get("action") not in ACTIONS:
        problems.append(f"action {doc.get('action')!r}")
    for ext in doc.get("extension", []):
        if ext["url"].endswith("audit-digest") and not DIGEST.match(ext.get("valueString", "")):
            problems.append("a digest that is not 64 hex digits")
    return problems


def main():
    seen, subtypes, sealed = set(), [], 0
    lines = [line for line in sys.stdin.read().split("\n") if line]
    for number, line in enumerate(lines, 1):
        doc = json.loads(line)
        complaint = refusal(AuditEvent, doc)
        if complaint:
            sys.exit(f"line {number}: {complaint}")
        problems = own_problems(doc)
        if doc["id"] in seen:
            problems.append(f"id {doc['id']} twice")
        if problems:
            sys.exit(f"line {number}: {'; '.join(problems)}")
        seen.add(doc["id"])
        subtypes.append(doc["subtype"][0]["code"])
        sealed += any(e["url"].endswith("audit-seal") for e in doc.get("extension", []))
    broken = copy.deepcopy(json.loads(lines[0]))
    del broken["source"]
    print(json.dumps({
        "resources": len(lines),
        "subtypes": subtypes,
        "sealed": sealed,
        "broken_copy_refused": refusal(AuditEvent, broken) is not None,
    }))


main()
