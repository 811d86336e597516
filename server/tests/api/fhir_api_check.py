"""Reads a JSON array of what the FHIR API answered (searchset Bundles, single resources,
the CapabilityStatement, OperationOutcomes) on stdin, and checks each with PyPI
`fhir.resources` 6.1.0 (FHIR 4.0.1): each element's name, type, cardinality and format, and
the required elements. A Bundle is read whole, and each of its resources again as its own
type. Then, what that package does not check: each status is one of its value set's, a
searchset's entries are `match`es with a fullUrl ending in the resource's type and id, and
every reference is relative (`Patient/patient-12`) to a resource the API serves.

Prints JSON: the number of each resource type read. Exits non-zero, with the reason on
stderr, at the first document that fails."""
import collections
import importlib
import json
import sys

from fhir_check_common import refusal

STATUS = {
    "CarePlan": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Flag": {"active", "inactive", "entered-in-error"},
    "Communication": {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"},
}
SERVED = {"Patient", "CarePlan", "QuestionnaireResponse", "Flag", "Communication"}


def model(kind):
    module = importlib.import_module(f"fhir.resources.{kind.lower()}")
    return getattr(module, kind)


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


def check_resource(resource, counts):
    kind = resource.get("resourceType")
    complaint = refusal(model(kind), resource)
    if complaint:
        sys.exit(f"fhir.resources refused a {kind}: {complaint}")
    if kind in STATUS and resource.get("status") not in STATUS[kind]:
        sys.exit(f"{kind} status {resource.get('status')!r}")
    for reference in references(resource):
        target = reference.split("/")
        if len(target) != 2 or target[0] not in SERVED:
            sys.exit(f"{kind} refers to {reference!r}, not a resource the API serves")
    counts[kind] += 1


def main():
    counts = collections.Counter()
    for doc in json.load(sys.stdin):
        check_resource(doc, counts)
        if doc["resourceType"] != "Bundle":
            continue
        if doc.get("type") != "searchset":
            sys.exit("a Bundle that is not a searchset")
        for entry in doc.get("entry", []):
            resource = entry["resource"]
            if entry.get("search", {}).get("mode") != "match":
                sys.exit("an entry that is not a match")
            if not entry["fullUrl"].endswith(f"/{resource['resourceType']}/{resource['id']}"):
                sys.exit(f"fullUrl {entry['fullUrl']} is not its resource's")
            check_resource(resource, counts)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
