#!/usr/bin/env python3
"""Score sasshi's answers to the JLREQ conformance cases on their own.

tests/jlreq_conformance.rs asks sasshi's text API every case of tests/jlreq/*.toml and
writes what it answered (target/tmp/jlreq/answers.jsonl: per case, the answer under our
defaults, under each JLREQ-reading setting and under all of them, or why the case was
declined). This script judges those answers without the Rust test's code, from the rules
of the suite's runner (P4suta/jlreq, crates/jlreq-conform/src/run.rs, read, not copied):

- the answer is measured against one permitted entry: of the entries whose policy overlay
  agrees with JLREQ's own policy on every question it names, the one naming the most
  questions (the suite requires that one to be unique: a tie is reported as a defect);
- a boundary's conditional spaces are compared one by one, never as a total: as many, in
  order, each of the stated amount, referent, reduction and stage (not the floor);
- an entry about another item or boundary than the one asked agrees with nothing; a field
  an entry does not state asserts nothing, but an entry stating nothing about the question
  agrees with nothing, and a forbidden entry stating nothing excludes nothing;
- an answer that matches a forbidden outcome fails, whatever else it matches;
- a case the implementation declines is not attempted ("not modelled" here).

Beyond the suite's own agreed / disagreed / not attempted, a disagreement that matches
another permitted entry is a "differ" (that entry's reading named), and a fail lists the
JLREQ-reading settings under which the same case passes.

Usage: score.py ANSWERS [--against tests/jlreq/verdicts.txt] [--out FILE]
Exit 1 when --against is given and any case's verdict differs from that file.
"""

import json
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Positions and spaces in the case files are whole thousandths of an em; ours are exact.
TOLERANCE = 1.0

# JLREQ's own policy: the first (JLREQ) choice of every question the suite names, the
# policy the suite's JLREQ preset declares.
JLREQ = {
    "kinsoku.level": "strict",
    "kinsoku.relaxation_mechanism": "reclassify",
    "kinsoku.iteration_mark_at_line_head": "prohibited",
    "kinsoku.grouped_numeral_before_western": "breakable",
    "adjustment.reduction_table": "table-3",
    "adjustment.hanging_punctuation": "none",
    "adjustment.japanese_latin_expansion_ceiling": "half-em",
    "adjustment.expansion_order": "jis",
    "adjustment.preference": "least-adjustment",
    "adjustment.remainder": "leading",
    "spacing.line_end_punctuation": "half-em",
    "spacing.line_end_full_stop_comma": "preferred",
    "spacing.line_head_opening_bracket": "pattern-1",
    "spacing.sentence_medial_dividing_mark": "solid",
    "ruby.overhang_kana": "kana",
    "ruby.overhang_indent": "permitted",
    "ruby.alignment": "nakatsuki",
    "ruby.group_distribution": "jis",
    "ruby.jukugo_layout": "group",
    "classification.unlisted_code_point": "by-frame",
    "classification.ambiguous_context": "lowest-class",
    "classification.grouped_numeral_qualification": "by-width",
}

BOUNDARY_FIELDS = ("spaces", "breakable", "expansion", "permitted")


def load_cases():
    cases = []
    for path in sorted(HERE.glob("*.toml")):
        with open(path, "rb") as f:
            cases.extend(tomllib.load(f)["case"])
    return cases


def applies(entry):
    return all(JLREQ.get(q) == c for q, c in entry.get("setting", {}).items())


def select(case):
    """The permitted entry under JLREQ's policy, or a reason there is none."""
    applying = [e for e in case["expect"] if applies(e)]
    if not applying:
        return None, "no entry applies under JLREQ's policy"
    most = max(len(e.get("setting", {})) for e in applying)
    top = [e for e in applying if len(e.get("setting", {})) == most]
    if len(top) > 1:
        return None, "two entries equally specific under JLREQ's policy"
    return top[0], None


def near(a, b):
    return a is not None and b is not None and abs(a - b) <= TOLERANCE


def silent(entry):
    """Whether an entry states nothing an answer could be measured on."""
    stated = ("class", "lines", "violations") + BOUNDARY_FIELDS
    return not any(k in entry for k in stated)


def same_spaces(want, got):
    """The suite's comparison of conditional spaces: as many, in order, each of the
    stated amount, and of the stated referent, reduction and stage where stated (the
    floor is not compared)."""
    if len(want) != len(got):
        return False
    for w, g in zip(want, got):
        if not near(w["amount"], g["amount"]):
            return False
        for k in ("referent", "reduction", "stage"):
            if k in w and w[k] != g.get(k):
                return False
    return True


def agrees(entry, answer):
    """Whether an answer agrees with every field the entry states."""
    if "class" in answer:
        return "class" in entry and entry.get("item") == answer["item"] and entry["class"] == answer["class"]
    if "after_item" in answer:
        if not any(k in entry for k in BOUNDARY_FIELDS):
            return False
        if entry.get("after_item") != answer["after_item"]:
            return False
        for k in BOUNDARY_FIELDS:
            if k not in entry:
                continue
            if k not in answer:
                return False
            if k == "spaces":
                if not same_spaces(entry[k], answer[k]):
                    return False
            elif entry[k] != answer[k]:
                return False
        return True
    if "lines" in answer:
        if "lines" not in entry and "violations" not in entry:
            return False
        if "violations" in entry and entry["violations"] != answer["violations"]:
            return False
        if "lines" in entry:
            want, got = entry["lines"], answer["lines"]
            if len(want) != len(got):
                return False
            for w, g in zip(want, got):
                if "placements" in w:
                    if len(w["placements"]) != len(g["placements"]):
                        return False
                    if not all(near(a, b) for a, b in zip(w["placements"], g["placements"])):
                        return False
                if "extent" in w and not near(w["extent"] + w.get("hanging", 0), g["end"]):
                    return False
        return True
    return False


def reading(entry):
    setting = entry.get("setting", {})
    if not setting:
        return "policy {}"
    return ", ".join(f"{k}={v}" for k, v in sorted(setting.items()))


def verdict(case, answer):
    """(verdict, detail) for one answer (None: declined; {"error": …}: no answer)."""
    chosen, why = select(case)
    if chosen is None:
        return "fail", "no entry"
    if answer is None or "error" in answer:
        return "fail", "no answer"
    if any(not silent(f) and agrees(f, answer) for f in case.get("forbidden", [])):
        return "fail", "forbidden"
    if agrees(chosen, answer):
        return "pass", ""
    for e in case["expect"]:
        if e is not chosen and agrees(e, answer):
            return "differ", reading(e)
    return "fail", "not permitted"


def score(cases, answers):
    lines = []
    for case in cases:
        record = answers.get(case["id"])
        if record is None:
            lines.append((case["id"], "fail", "no answer; passes with: none"))
            continue
        if "declined" in record:
            lines.append((case["id"], "not modelled", record["declined"]))
            continue
        by = record["answers"]
        v, detail = verdict(case, by.get("defaults"))
        if v == "fail":
            names = sorted(n for n in by if n not in ("defaults", "all"))
            passes = [n for n in names if verdict(case, by[n])[0] == "pass"]
            detail = f"{detail}; passes with: {', '.join(passes) if passes else 'none'}"
        lines.append((case["id"], v, detail))
    return lines


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    answers = {}
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            answers[record["id"]] = record
    against = out = None
    rest = argv[1:]
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--against":
            against = value
        elif flag == "--out":
            out = value
    cases = load_cases()
    lines = score(cases, answers)
    text = "".join(f"{i}\t{v}\t{d}\n" for i, v, d in lines)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    counts = {}
    for _, v, _ in lines:
        counts[v] = counts.get(v, 0) + 1
    run = counts.get("pass", 0) + counts.get("fail", 0) + counts.get("differ", 0)
    print(
        f"{len(lines)} cases scored independently: {counts.get('pass', 0)} pass / {counts.get('fail', 0)} fail / "
        f"{counts.get('differ', 0)} differ / {counts.get('not modelled', 0)} not modelled "
        f"({run} run, {100 * counts.get('fail', 0) / max(run, 1):.1f} % fail)"
    )
    if against:
        theirs = {}
        for line in Path(against).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                i, v, d = line.split("\t")
                theirs[i] = (v, d)
        ours = {i: (v, d) for i, v, d in lines}
        disagree = sorted(set(ours) | set(theirs))
        disagree = [i for i in disagree if ours.get(i) != theirs.get(i)]
        for i in disagree:
            print(f"DISAGREE {i}: here {ours.get(i)}, {against} {theirs.get(i)}")
        print(f"{len(disagree)} disagreements with {against}")
        return 1 if disagree else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
