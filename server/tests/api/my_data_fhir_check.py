"""Reads a FHIR R4 Bundle (JSON) on stdin and checks it twice.

1. With PyPI `fhir.resources` 6.1.0 (FHIR 4.0.1, pydantic 1): the structure, that is each
   element's name, type, cardinality and primitive format (dates, instants, ids, codes as
   tokens), and the required elements.
2. Here, what that package does not check (measured below on broken copies):
   - that each code is one of its value set's (a CarePlan status of "not-a-status" passes);
   - that references resolve: every `reference` must be the fullUrl of an entry;
   - the Bundle invariant bdl-7: fullUrls unique;
   - the QuestionnaireResponse invariant qrs-1: an item has answers or items, not both.
   Nor does it check terminology bindings, extensions against their definitions, or answers
   against their Questionnaire (linkIds, types): nothing here checks those either.

Prints JSON: the number of each resource type, and `lenient`, what fhir.resources accepted
of the broken copies. Exits non-zero, with the reason on stderr, if the Bundle fails."""
import collections
import copy
import json
import sys

from fhir_check_common import items, refusal
from fhir.resources.bundle import Bundle

STATUS = {
    "CarePlan": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Flag": {"active", "inactive", "entered-in-error"},
}
ACTIVITY = {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled", "stopped", "unknown", "entered-in-error"}


def structure(doc):
    return refusal(Bundle, doc)


def references(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                yield inner
            else:
                yield from references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references(inner)


def own_problems(doc):
    problems = []
    urls = [entry.get("fullUrl") for entry in doc.get("entry", [])]
    if len(set(urls)) != len(urls):
        problems.append("bdl-7: a fullUrl appears twice")
    for reference in references(doc):
        if reference not in urls:
            problems.append(f"reference {reference} is not an entry of the Bundle")
    for entry in doc.get("entry", []):
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind in STATUS and resource.get("status") not in STATUS[kind]:
            problems.append(f"{kind} status {resource.get('status')!r}")
        for activity in resource.get("activity", []) if kind == "CarePlan" else []:
            status = activity.get("detail", {}).get("status")
            if status not in ACTIVITY:
                problems.append(f"CarePlan activity status {status!r}")
        for item in items(resource.get("item")) if kind == "QuestionnaireResponse" else []:
            if item.get("answer") and item.get("item"):
                problems.append(f"qrs-1: item {item.get('linkId')} has both answers and items")
    return problems


def first(doc, kind):
    return next(e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == kind)


doc = json.load(sys.stdin)
complaint = structure(doc)
if complaint:
    sys.exit(f"fhir.resources refused the Bundle: {complaint}")
problems = own_problems(doc)
if problems:
    sys.exit("the Bundle breaks rules fhir.resources does not check: " + "; ".join(problems))

lenient = {}
broken = copy.deepcopy(doc)
first(broken, "CarePlan")["status"] = "not-a-status"
lenient["unknown_status_code"] = structure(broken) is None and bool(own_problems(broken))
broken = copy.deepcopy(doc)
first(broken, "Flag")["subject"]["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
lenient["dangling_reference"] = structure(broken) is None and bool(own_problems(broken))
broken = copy.deepcopy(doc)
broken["entry"].append(copy.deepcopy(broken["entry"][0]))
lenient["duplicate_full_url"] = structure(broken) is None and bool(own_problems(broken))
broken = copy.deepcopy(doc)
first(broken, "QuestionnaireResponse")["item"][0]["linkId"] = "no-such-question"
lenient["unknown_link_id"] = structure(broken) is None
broken = copy.deepcopy(doc)
first(broken, "QuestionnaireResponse")["authored"] = "yesterday"
lenient["bad_date_time"] = structure(broken) is None

types = collections.Counter(e["resource"]["resourceType"] for e in doc["entry"])
print(json.dumps({"types": types, "lenient": lenient}))
