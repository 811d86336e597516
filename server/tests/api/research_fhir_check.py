"""Reads a research export's QuestionnaireResponse.ndjson on stdin and checks every line with
PyPI `fhir.resources` 6.1.0 (FHIR 4.0.1): each element's name, type, cardinality and format,
and the required ones. Then what that package does not check: the status is one of its value
set's, ids are unique, every item has answers or items but not both (qrs-1), the subject is a
Patient, and there is no `authored` instant (a calendar date would date the patient).

Prints JSON: how many resources were read, and what fhir.resources accepted of a broken copy
(it must refuse it, or this check could not fail). Exits non-zero, with the reason, if a
resource fails."""
import copy
import json
import sys

from fhir_check_common import items, refusal
from fhir.resources.questionnaireresponse import QuestionnaireResponse

STATUS = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}


def structure(doc):
    return refusal(QuestionnaireResponse, doc)


def own_problems(doc):
    problems = []
    if doc.get("status") not in STATUS:
        problems.append(f"status {doc.get('status')!r}")
    if not doc.get("subject", {}).get("reference", "").startswith("Patient/"):
        problems.append("the subject is no Patient")
    if "authored" in doc:
        problems.append("an authored instant")
    for item in items(doc.get("item")):
        if item.get("answer") and item.get("item"):
            problems.append(f"qrs-1: item {item.get('linkId')} has answers and items")
    return problems


resources = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip()]
if not resources:
    sys.exit("no resource to check")
ids = set()
for i, doc in enumerate(resources):
    complaint = structure(doc)
    if complaint:
        sys.exit(f"line {i + 1}: fhir.resources refused it: {complaint}")
    problems = own_problems(doc)
    if doc.get("id") in ids:
        problems.append(f"id {doc.get('id')} twice")
    ids.add(doc.get("id"))
    if problems:
        sys.exit(f"line {i + 1}: " + "; ".join(problems))

broken = copy.deepcopy(resources[0])
broken["item"] = [{"linkId": 7, "answer": [{"valueCoding": {"code": ["not", "a", "code"]}}]}]
print(json.dumps({"resources": len(resources), "lenient": structure(broken) is None}))
