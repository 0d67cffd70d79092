#!/usr/bin/env python3
"""Span-level evaluation of the weapon / actor / country facets on the hand-annotated dev set.

    python3 bench/eval_facets_dev.py                       # tests/fixtures/facets-dev, build/bin
    python3 bench/eval_facets_dev.py --gazetteers DIR      # try other gazetteers
    python3 bench/eval_facets_dev.py --subset negative     # only the paragraphs with empty gold
    python3 bench/eval_facets_dev.py --json out.json       # every number, FP and FN as JSON ('-': stdout)
    python3 bench/eval_facets_dev.py --unlabelled FILE...  # no scoring: list what is tagged in
                                                           # other input (e.g. BBC stories as JSONL)

The dev set (tests/fixtures/facets-dev/paragraphs.jsonl, annotation guide in its README.md) has
one paragraph per line: {"id", "title", "text", "gold": [{"facet", "text", "kind", "begin", "end"}]}.
Each paragraph becomes one article of a temporary JSONL file in the format dossier-index reads
({"id", "title", "text"}; the text is one paragraph, so one passage), which is run through
`dossier-index --dump-passages`. The title is not a passage and its entities are not in the
dump (the indexer matches it only for the focus countries), so gold is annotated on the text
only; a passage that is not part of the text (a title, should a later version emit one) is
counted and left out of the scores.

Scoring, per facet: predictions are deduplicated by span (a system and its category at one span
count once); a predicted mention is a true positive when its span overlaps a gold span of the
same facet in the same paragraph, each gold span matched at most once; other predictions are
false positives, unmatched gold spans false negatives. "overall" is micro-averaged over facets.
A false positive that overlaps only gold spans already matched (a phrase tagged in two pieces,
"Kornet" + "anti-tank missiles") is also counted as a fragment; P(merge) and F1(m) are the same
scores with fragments counted neither way.
Gold offsets are byte offsets into the text; an entry without begin/end is located as the k-th
whole-word occurrence of its text (k counting the earlier entries of that facet and text).

Python 3 standard library only. Exit status 0 after a report, 2 on errors.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DEV = os.path.join(REPO, "tests", "fixtures", "facets-dev", "paragraphs.jsonl")
FACETS = ("weapon", "actor", "country")


def fail(message):
    sys.exit("eval_facets_dev: " + message)


# --------------------------------------------------------------------------- dev set

def locate(text, span, k):
    """Byte offsets of the k-th (1-based) whole-word occurrence of span in text, or None."""
    n = 0
    for m in re.finditer(re.escape(span), text):
        b, e = m.start(), m.end()
        if (b > 0 and text[b - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            continue
        n += 1
        if n == k:
            return len(text[:b].encode("utf-8")), len(text[:e].encode("utf-8"))
    return None


def load_dev(path):
    paragraphs = []
    ids = set()
    if not os.path.isfile(path):
        fail("%s: no such file" % path)
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = "%s:%d" % (path, number)
            try:
                rec = json.loads(line)
            except ValueError as error:
                fail("%s: malformed JSON (%s)" % (where, error))
            for key in ("id", "text", "gold"):
                if key not in rec:
                    fail("%s: no '%s'" % (where, key))
            if rec["id"] in ids:
                fail("%s: duplicate id %r" % (where, rec["id"]))
            ids.add(rec["id"])
            if "\n" in rec["text"]:
                fail("%s: text must be one paragraph (no newline)" % where)
            raw = rec["text"].encode("utf-8")
            seen = Counter()
            gold = []
            for g in rec["gold"]:
                if g.get("facet") not in FACETS:
                    fail("%s: gold facet %r is not one of %s" % (where, g.get("facet"), "/".join(FACETS)))
                seen[(g["facet"], g["text"])] += 1
                if "begin" in g and "end" in g:
                    b, e = g["begin"], g["end"]
                    if raw[b:e].decode("utf-8", "replace") != g["text"]:
                        fail("%s: gold %r does not match the text at %d-%d" % (where, g["text"], b, e))
                else:
                    at = locate(rec["text"], g["text"], seen[(g["facet"], g["text"])])
                    if at is None:
                        fail("%s: gold %r (occurrence %d) not found in the text" % (
                            where, g["text"], seen[(g["facet"], g["text"])]))
                    b, e = at
                gold.append({"facet": g["facet"], "text": g["text"], "kind": g.get("kind", ""), "begin": b, "end": e})
            paragraphs.append({"id": str(rec["id"]), "title": rec.get("title", ""), "text": rec["text"], "gold": gold})
    if not paragraphs:
        fail("%s: no paragraphs" % path)
    return paragraphs


def write_articles(paragraphs, path):
    """The dev set as dossier-index JSONL: one article per paragraph (cf. bench/ir_eval.py)."""
    with open(path, "w", encoding="utf-8") as f:
        for p in paragraphs:
            rec = {"id": p["id"], "text": p["text"]}
            if p["title"]:
                rec["title"] = p["title"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- tagging

def dump_passages(args, inputs):
    binary = os.path.join(args.bin, "dossier-index")
    if not os.path.exists(binary):
        fail("%s not found (build first, or pass --bin DIR)" % binary)
    cmd = [binary, "--dump-passages", "--quiet"]
    if args.gazetteers:
        cmd += ["--gazetteers", args.gazetteers]
    cmd += inputs
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as error:
        fail("cannot run %s: %s" % (binary, error))
    if proc.returncode != 0:
        fail("%s failed (exit %d):\n%s" % (" ".join(cmd), proc.returncode,
                                          proc.stderr.decode("utf-8", "replace")[-2000:]))
    rows = []
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows, " ".join(cmd)


def predictions(paragraphs, rows):
    """Per paragraph id: predicted mentions (deduplicated by facet and span) with offsets into
    the paragraph text. Returns (preds, notes)."""
    by_id = {p["id"]: p for p in paragraphs}
    preds = defaultdict(list)
    notes = Counter()
    for row in rows:
        p = by_id.get(str(row["article_id"]))
        if p is None:
            notes["passages of unknown articles"] += 1
            continue
        raw = p["text"].encode("utf-8")
        passage = row["text"].encode("utf-8")
        base = raw.find(passage) if passage else -1
        if base < 0:
            if row["text"] == p["title"]:
                notes["title passages (not scored)"] += 1
            else:
                notes["passages not found in the paragraph (not scored)"] += 1
            continue
        if len(passage) != len(raw):
            notes["paragraphs split into several passages"] += 1
        seen = {}
        for e in row["entities"]:
            if e["facet"] not in FACETS:
                continue
            key = (e["facet"], base + e["begin"], base + e["end"])
            if key in seen:
                seen[key]["ids"].append(e["id"])
                continue
            m = {"facet": e["facet"], "begin": key[1], "end": key[2], "mention": e["mention"],
                 "ids": [e["id"]], "rule": e.get("rule", "")}
            seen[key] = m
            preds[p["id"]].append(m)
    return preds, notes


# --------------------------------------------------------------------------- scoring

def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(paragraphs, preds, subset):
    counts = {f: Counter() for f in FACETS}
    fps, fns = [], []
    used = []
    for p in paragraphs:
        negative = not p["gold"]
        if (subset == "negative" and not negative) or (subset == "positive" and negative):
            continue
        used.append(p["id"])
        for facet in FACETS:
            gold = sorted((g for g in p["gold"] if g["facet"] == facet), key=lambda g: g["begin"])
            pred = sorted((m for m in preds.get(p["id"], []) if m["facet"] == facet), key=lambda m: (m["begin"], m["end"]))
            matched = [False] * len(gold)
            for m in pred:
                hit = None
                for i, g in enumerate(gold):
                    if not matched[i] and m["begin"] < g["end"] and g["begin"] < m["end"]:
                        hit = i
                        break
                if hit is None:
                    # A fragment: the span overlaps only gold spans already matched by an earlier
                    # prediction ("Kornet" + "anti-tank missiles" in "Kornet anti-tank missiles").
                    fragment = any(m["begin"] < g["end"] and g["begin"] < m["end"] for g in gold)
                    counts[facet]["fp"] += 1
                    counts[facet]["fragment"] += int(fragment)
                    fps.append({"paragraph": p["id"], "facet": facet, "mention": m["mention"], "ids": m["ids"],
                                "rule": m["rule"], "begin": m["begin"], "end": m["end"], "negative": negative,
                                "fragment": fragment})
                else:
                    matched[hit] = True
                    counts[facet]["tp"] += 1
            for i, g in enumerate(gold):
                if not matched[i]:
                    counts[facet]["fn"] += 1
                    fns.append({"paragraph": p["id"], "facet": facet, "text": g["text"], "kind": g["kind"],
                                "begin": g["begin"], "end": g["end"]})
    total = Counter()
    for f in FACETS:
        total.update(counts[f])
    counts["overall"] = total
    result = {}
    for f, c in counts.items():
        result[f] = prf(c["tp"], c["fp"], c["fn"])
        # the same with fragments of a matched gold span counted neither way
        merged = prf(c["tp"], c["fp"] - c["fragment"], c["fn"])
        result[f].update({"fragments": c["fragment"], "precision_merged": merged["precision"], "f1_merged": merged["f1"]})
    return result, fps, fns, used


# --------------------------------------------------------------------------- report

def render(data):
    out = []
    out.append("dev set: %s (%d paragraphs scored, subset %s)" % (data["dev"], data["paragraphs"], data["subset"]))
    out.append("command: %s" % data["command"])
    for note, n in sorted(data["notes"].items()):
        out.append("note: %d %s" % (n, note))
    out.append("")
    out.append("%-8s %5s %5s %5s %9s %7s %6s   %5s %8s %6s" % (
        "facet", "tp", "fp", "fn", "precision", "recall", "f1", "frag", "P(merge)", "F1(m)"))
    for f in FACETS + ("overall",):
        s = data["scores"][f]
        out.append("%-8s %5d %5d %5d %9.3f %7.3f %6.3f   %5d %8.3f %6.3f" % (
            f, s["tp"], s["fp"], s["fn"], s["precision"], s["recall"], s["f1"], s["fragments"],
            s["precision_merged"], s["f1_merged"]))
    out.append("(frag: FPs that only overlap a gold span already matched by another prediction; "
               "P(merge)/F1(m) leave them out)")
    neg = data.get("negative_tags")
    if neg is not None:
        out.append("")
        out.append("tags in negative paragraphs (empty gold): %s" % (
            ", ".join("%s %d" % (f, neg.get(f, 0)) for f in FACETS)))
    for facet in FACETS:
        fp = [x for x in data["false_positives"] if x["facet"] == facet]
        fn = [x for x in data["false_negatives"] if x["facet"] == facet]
        if fp:
            out.append("")
            out.append("false positives, %s (%d):" % (facet, len(fp)))
            for x in fp:
                out.append("  %-32s %-34s %s [%s]%s" % (x["paragraph"], repr(x["mention"]), "/".join(x["ids"]), x["rule"],
                                                        "  (negative)" if x["negative"] else
                                                        "  (fragment)" if x["fragment"] else ""))
        if fn:
            out.append("")
            out.append("false negatives, %s (%d):" % (facet, len(fn)))
            for x in fn:
                out.append("  %-32s %-40s %s" % (x["paragraph"], repr(x["text"]), x["kind"]))
    return "\n".join(out) + "\n"


def unlabelled(args):
    rows, command = dump_passages(args, args.unlabelled)
    mentions = {f: Counter() for f in FACETS}
    articles = {f: set() for f in FACETS}
    for row in rows:
        seen = set()
        for e in row["entities"]:
            key = (e["facet"], e["begin"], e["end"])
            if e["facet"] not in FACETS or key in seen:
                continue
            seen.add(key)
            mentions[e["facet"]][(e["mention"], e["id"])] += 1
            articles[e["facet"]].add(row["article_id"])
    data = {"command": command, "passages": len(rows), "articles": len({r["article_id"] for r in rows}),
            "facets": {f: {"mentions": sum(mentions[f].values()), "articles": len(articles[f]),
                           "by_mention": [{"mention": m, "id": i, "count": n}
                                          for (m, i), n in mentions[f].most_common()]} for f in FACETS}}
    lines = ["command: %s" % command, "%d passages, %d articles" % (data["passages"], data["articles"])]
    for f in FACETS:
        if args.facet and f != args.facet:
            continue
        d = data["facets"][f]
        lines.append("")
        lines.append("%s: %d mentions in %d articles" % (f, d["mentions"], d["articles"]))
        for x in d["by_mention"]:
            lines.append("  %5d  %-40s %s" % (x["count"], repr(x["mention"]), x["id"]))
    return data, "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", default=DEFAULT_DEV, help="the annotated paragraphs (default %(default)s)")
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "bin"), help="folder of dossier-index (default %(default)s)")
    ap.add_argument("--gazetteers", help="gazetteer folder passed to dossier-index (default: its own default)")
    ap.add_argument("--subset", choices=("all", "positive", "negative"), default="all",
                    help="score all paragraphs, only those with gold, or only the negative ones (empty gold)")
    ap.add_argument("--facet", choices=FACETS, help="list FP/FN (or, with --unlabelled, mentions) of this facet only")
    ap.add_argument("--json", metavar="FILE", help="write the scores, FPs and FNs as JSON to FILE ('-': stdout, no text report)")
    ap.add_argument("--work", help="keep the generated JSONL in this folder (default: a temporary one, removed)")
    ap.add_argument("--unlabelled", nargs="+", metavar="PATH",
                    help="no scoring: run dossier-index on these inputs and count the tagged mentions per facet")
    args = ap.parse_args()

    if args.unlabelled:
        data, text = unlabelled(args)
    else:
        paragraphs = load_dev(args.dev)
        work = args.work or tempfile.mkdtemp(prefix="facets-dev-")
        try:
            os.makedirs(work, exist_ok=True)
            articles = os.path.join(work, "facets-dev.jsonl")
            write_articles(paragraphs, articles)
            rows, command = dump_passages(args, [articles])
        finally:
            if not args.work:
                for name in os.listdir(work):
                    os.remove(os.path.join(work, name))
                os.rmdir(work)
        preds, notes = predictions(paragraphs, rows)
        scores, fps, fns, used = score(paragraphs, preds, args.subset)
        negative_tags = Counter(x["facet"] for x in fps if x["negative"])
        if args.facet:
            fps = [x for x in fps if x["facet"] == args.facet]
            fns = [x for x in fns if x["facet"] == args.facet]
        data = {"dev": os.path.relpath(args.dev, REPO) if args.dev.startswith(REPO) else args.dev,
                "subset": args.subset, "paragraphs": len(used),
                "negative_paragraphs": sum(1 for p in paragraphs if not p["gold"] and p["id"] in used),
                "gold": dict(Counter(g["facet"] for p in paragraphs if p["id"] in used for g in p["gold"])),
                "command": command, "notes": dict(notes), "scores": scores,
                "negative_tags": {f: negative_tags.get(f, 0) for f in FACETS} if args.subset != "positive" else None,
                "false_positives": fps, "false_negatives": fns}
        text = render(data)
    if args.json == "-":
        json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
