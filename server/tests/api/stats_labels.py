"""Runs an export's syntax files as a researcher would, and says what each package made of
them. Reads the export's folder from stdin; prints JSON:

- r: for each data frame and column, the label R holds, the levels of its factor, how many
  values found no level (a code the labels missed), and the column's class;
- spss: for each .sav file PSPP wrote, each variable's label and value labels, read back
  with DISPLAY DICTIONARY;
- stata: what a structural check of labels.do found wrong (Stata cannot run here).
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

folder = sys.stdin.read().strip()
env = dict(os.environ, LC_ALL="C.UTF-8")

R_PROBE = r"""
source("labels.R", chdir = TRUE)
for (d in ls(pattern = "^[a-z]+$")) {
  df <- get(d)
  if (!is.data.frame(df)) next
  for (n in names(df)) {
    if (endsWith(n, ".factor")) next
    f <- df[[paste0(n, ".factor")]]
    levels <- if (is.null(f)) "" else paste(levels(f), collapse = "\x1f")
    unlabelled <- if (is.null(f)) 0 else sum(!is.na(df[[n]]) & is.na(f))
    cat(d, n, attr(df[[n]], "label"), levels, unlabelled, class(df[[n]])[1], sep = "\x1e")
    cat("\n")
  }
}
"""


def run_r():
    out = subprocess.run(["Rscript", "-e", R_PROBE], cwd=folder, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("R failed: " + out.stderr)
    frames = {}
    # Not splitlines(): it also splits at the record separator the probe writes.
    for line in filter(None, out.stdout.split("\n")):
        d, n, label, levels, unlabelled, cls = line.split("\x1e")
        frames.setdefault(d, {})[n] = {
            "label": label,
            "levels": levels.split("\x1f") if levels else [],
            "unlabelled": int(unlabelled),
            "class": cls,
        }
    return frames


def pspp(script, output):
    out = subprocess.run(["pspp", script, "-O", "format=csv", "-o", output], cwd=folder, env=env, capture_output=True, text=True)
    text = out.stdout + out.stderr
    if out.returncode != 0 or "error:" in text:
        sys.exit(f"PSPP refused {script}: {text}")
    return text


def dictionary(stem):
    check = os.path.join(folder, f"check-{stem}.sps")
    with open(check, "w") as f:
        f.write(f"GET FILE='{stem}.sav'.\nSET TVARS=NAMES.\nDISPLAY DICTIONARY.\n")
    out = os.path.join(folder, f"dictionary-{stem}.csv")
    pspp(os.path.basename(check), out)
    variables, table, current = {}, None, None
    with open(out, encoding="utf-8") as f:
        for row in csv.reader(f):
            if row and row[0].startswith("Table: "):
                table = row[0][len("Table: "):]
                continue
            if not row or row[0] in ("Name", "Variable Value"):
                continue
            if table == "Variables":
                variables[row[0]] = {"label": row[2], "values": {}}
            elif table == "Value Labels":
                current = row[0] or current
                variables[current]["values"][row[1]] = row[2]
    return variables


def run_spss():
    warnings = [line for line in pspp("labels.sps", os.path.join(folder, "labels-run.csv")).splitlines() if "warning" in line]
    saved = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".sav"))
    return {"warnings": warnings, "files": {stem: dictionary(stem) for stem in saved}}


QUOTED = r'`"(.*?)"\''


def check_stata():
    problems, labelled, defined = [], 0, set()
    header, section = [], None
    with open(os.path.join(folder, "labels.do"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        if m := re.match(r'import delimited using "([^"]+)"', line):
            section = m.group(1)
            with open(os.path.join(folder, section), encoding="utf-8") as data:
                header = next(csv.reader(io.StringIO(data.readline())))
            created = set()
        elif m := re.match(r"label variable (\S+) " + QUOTED + "$", line):
            labelled += 1
            if m.group(1) not in header:
                problems.append(f"{section}: {m.group(1)} is no column")
            if len(m.group(2)) > 80:
                problems.append(f"{section}: the label of {m.group(1)} is over 80 characters")
        elif m := re.match(r"generate (\S+) = \.$", line):
            if m.group(1) in header or len(m.group(1)) > 32:
                problems.append(f"{section}: companion {m.group(1)} clashes or is too long")
            created.add(m.group(1))
        elif m := re.match(r"label define (\S+)((?: -?\d+ " + QUOTED + ")+)$", line):
            defined.add((section, m.group(1)))
        elif line.startswith("label define"):
            problems.append(f"{section}: not integer codes: {line[:80]}")
        elif m := re.match(r"label values (\S+) (\S+)$", line):
            if (section, m.group(2)) not in defined or m.group(1) not in created:
                problems.append(f"{section}: {m.group(1)} labelled before its label is defined")
        elif m := re.match(r"(?:destring|replace) ([^\s,]+)", line):
            if m.group(1) not in header and m.group(1) not in created:
                problems.append(f"{section}: {m.group(1)} is no column")
        if line.count('`"') != line.count("\"'"):
            problems.append(f"{section}: unbalanced quotes: {line[:80]}")
    saves = [line for line in lines if line.startswith("save ")]
    return {"problems": problems, "variables_labelled": labelled, "saves": saves}


print(json.dumps({"r": run_r(), "spss": run_spss(), "stata": check_stata()}))
