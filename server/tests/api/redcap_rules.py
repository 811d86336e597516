"""Checks an export's REDCap files against REDCap's documented import rules, as no REDCap
server can run here (rules and their sources: the README's REDCap section; REDCap 15.7's
MetaData.php, Project.php, DataImport.php and Records.php). Warnings REDCap would show are
failures too. Reads the export's folder from stdin; prints JSON: the problems found (none
for a file REDCap takes) and what the files hold.
"""
import hashlib
import json
import os
import re
import sys

import pandas as pd

folder = sys.stdin.read().strip()
problems = []


def read(name):
    return pd.read_csv(os.path.join(folder, name), dtype=str, keep_default_na=False, encoding="utf-8")


HEADER = [
    "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
    "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
    "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
    "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
    "Matrix Ranking?", "Field Annotation",
]
TYPES = {"text", "notes", "dropdown", "radio", "checkbox", "calc", "file", "descriptive", "slider", "yesno", "truefalse"}
RESERVED = set("""redcap_event_name redcap_csrf_token redcap_survey_timestamp redcap_survey_identifier
redcap_survey_return_code redcap_data_access_group hidden_edit_flag instance redcap_repeat_instance
redcap_repeat_instrument submit new return continue case switch class enum catch throw document super
focus elements action event_id target field_label""".split())
FIELD = re.compile(r"^[a-z](?:[a-z0-9_]{0,24}[a-z0-9])?$")
CODE = re.compile(r"^[A-Za-z0-9._-]+$")
INTEGER = re.compile(r"^[-+]?\b\d+\b$")
NUMBER = re.compile(r"^[-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?$")


def is_numeric(code):
    try:
        float(code)
        return True
    except ValueError:
        return False


def unique_event_name(label, seen):
    """REDCap 15.7's rule (Project.php): keep [0-9A-Za-z_ ], spaces to _, 18 characters."""
    t = re.sub(r"[^0-9a-z_ ]", "", label.strip(), flags=re.I).replace(" ", "_")[:18].lower().strip("_")
    t = (t or hashlib.md5(label.strip().encode()).hexdigest()[:10]) + "_arm_1"
    n = seen.count(t)
    seen.append(t)
    return t if n == 0 else t + chr(96 + n)


def check_dictionary():
    d = read("redcap_dictionary.csv")
    if list(d.columns) != HEADER:
        problems.append(f"dictionary header: {list(d.columns)}")
    fields, forms, order = {}, set(), []
    for i, row in d.iterrows():
        name, form, kind, label = row.iloc[0], row.iloc[1], row.iloc[3], row.iloc[4]
        choices, validation = row.iloc[5], row.iloc[7]
        if not FIELD.match(name) or "__" in name:
            problems.append(f"field name {name!r}: [a-z0-9_], a letter first, no __, at most 26")
        if name in RESERVED or name in fields:
            problems.append(f"field name {name!r} is reserved or taken")
        if not re.match(r"^[a-z][a-z0-9_]{0,49}$", form) or form.endswith("_"):
            problems.append(f"form name {form!r}")
        if order and order[-1] != form and form in order:
            problems.append(f"form {form} comes back after another: its rows must be together")
        if not order or order[-1] != form:
            order.append(form)
        if kind not in TYPES:
            problems.append(f"{name}: field type {kind!r}")
        if not label.strip():
            problems.append(f"{name}: no label")
        if i == 0 and (name != "research_id" or kind != "text"):
            problems.append("the first field must be the record id, text")
        if validation and (kind != "text" or validation not in {"integer", "number"}):
            problems.append(f"{name}: validation {validation!r} on {kind}")
        codes = []
        if kind in {"dropdown", "radio"}:
            for choice in choices.split("|"):
                code, _, text = choice.strip().partition(",")
                code = code.strip()
                if not (is_numeric(code) or CODE.match(code)) or not text.strip():
                    problems.append(f"{name}: choice {choice!r}")
                codes.append(code)
            if len(codes) != len(set(codes)) or len(codes) < 2:
                problems.append(f"{name}: choices duplicated or only one")
        elif choices:
            problems.append(f"{name}: choices on a {kind} field")
        fields[name] = {"form": form, "kind": kind, "validation": validation, "codes": set(codes)}
        forms.add(form)
    for form in forms:
        for suffix in ("_complete", "_timestamp", "_return_code"):
            if form + suffix in fields:
                problems.append(f"{form + suffix} is kept by REDCap")
    return fields, forms


def check_events(forms):
    events = read("redcap_events.csv")
    seen, names = [], set()
    for _, e in events.iterrows():
        if len(e["event_name"]) > 30 or e["arm_num"] != "1":
            problems.append(f"event {e['event_name']!r}: at most 30 characters, arm 1")
        if unique_event_name(e["event_name"], seen) != e["unique_event_name"]:
            problems.append(f"event {e['event_name']!r}: REDCap names it {seen[-1]}, not {e['unique_event_name']}")
        names.add(e["unique_event_name"])
    mapping = read("redcap_instrument_events.csv")
    designated = set()
    for _, m in mapping.iterrows():
        if m["unique_event_name"] not in names or m["form"] not in forms or m["arm_num"] != "1":
            problems.append(f"designation {dict(m)}")
        if (m["unique_event_name"], m["form"]) in designated:
            problems.append(f"designated twice: {dict(m)}")
        designated.add((m["unique_event_name"], m["form"]))
    repeating = set()
    for _, r in read("redcap_repeating.csv").iterrows():
        if (r["event_name"], r["form_name"]) not in designated:
            problems.append(f"repeating but not designated: {dict(r)}")
        repeating.add((r["event_name"], r["form_name"]))
    return names, designated, repeating


def check_value(field, name, value, where):
    f = field
    bad = (
        (f["kind"] in {"dropdown", "radio"} and value not in f["codes"])
        or (f["kind"] == "yesno" and value not in {"0", "1"})
        or (f["validation"] == "integer" and not INTEGER.match(value))
        or (f["validation"] == "number" and not NUMBER.match(value))
    )
    if bad:
        problems.append(f"{where}: {name} = {value!r} is not valid for a {f['kind']} {f['validation']}")


def check_data(fields, events, designated, repeating):
    data = read("redcap_data.csv")
    header = list(data.columns)
    if header[:4] != ["research_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]:
        problems.append(f"data header begins {header[:4]}")
    unknown = [c for c in header[4:] if c not in fields]
    if unknown:
        problems.append(f"data columns that are no field: {unknown[:5]}")
    keys, by_event = set(), {}
    for i, row in data.iterrows():
        record, event = row["research_id"], row["redcap_event_name"]
        instrument, instance = row["redcap_repeat_instrument"], row["redcap_repeat_instance"]
        where = f"row {i + 2}"
        if not record or len(record) > 100 or re.search(r"[+&#'\n]", record):
            problems.append(f"{where}: record name {record!r}")
        if event not in events:
            problems.append(f"{where}: event {event!r} is not defined")
        if instrument:
            if (event, instrument) not in repeating or not re.match(r"^\d+$", instance) or not 1 <= int(instance) <= 32767:
                problems.append(f"{where}: {instrument} instance {instance!r} does not repeat in {event}")
        elif instance:
            problems.append(f"{where}: an instance without an instrument")
        key = (record.lower(), event, instrument, instance)
        if key in keys:
            problems.append(f"{where}: the same record, event and instance twice")
        keys.add(key)
        by_event[event] = by_event.get(event, 0) + 1
        for name in header[4:]:
            value = row[name]
            if not value or name not in fields:
                continue
            form = fields[name]["form"]
            if (event, form) not in designated:
                problems.append(f"{where}: {name} (form {form}) on {event}, which does not hold {form}")
            if instrument and form != instrument:
                problems.append(f"{where}: {name} of {form} on a row of {instrument}")
            if not instrument and (event, form) in repeating:
                problems.append(f"{where}: {name} of repeating {form} on a row without instance")
            check_value(fields[name], name, value, where)
    return {"rows": len(data), "by_event": by_event}


fields, forms = check_dictionary()
events, designated, repeating = check_events(forms)
counts = check_data(fields, events, designated, repeating)
print(json.dumps({"problems": problems[:50], "fields": len(fields), "forms": sorted(forms), "events": sorted(events), **counts}))
