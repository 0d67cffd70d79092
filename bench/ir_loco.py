#!/usr/bin/env python3
"""Leave-one-collection-out choice of a ranking setting from bench/ir_eval.py --json reports.

Objective of a setting on a set of collections: the mean over them of MAP / FTS5 MAP and
nDCG@10 / FTS5 nDCG@10 (FTS5 bm25 over whole documents, measured in the same reports). Holding
each collection out in turn, the setting with the best objective on the others is chosen, and
its figures on the held-out collection are set beside the default's: a setting that only wins
where it was chosen does not generalise. The reports are merged: each setting's figures on a
collection come from the first report that measured it there, so that one report per collection
(or per group of settings) will do; only the settings measured on every collection are compared.
Prints Markdown: every setting's objective, then one row per held-out collection.

    python3 bench/ir_eval.py --collections reuters,reuters-names --bin build/bin \\
        --systems 'default=;w65=--article-weight 0.65' --json A.json --markdown A.md
    python3 bench/ir_loco.py A.json [B.json ...] > loco.md
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ir_margins import BASELINES, METRICS, merge  # noqa: E402

DEFAULT = "Dossier default"


def objective(results, fts5, collections):
    """The mean over collections and both metrics of setting / FTS5."""
    ratios = [results[c][m] / fts5[c][m] for c in collections for m in METRICS if fts5[c][m] > 0]
    return sum(ratios) / len(ratios) if ratios else float("nan")


def label(name, entry):
    flags = " ".join(entry.get("flags") or [])
    return "%s (`%s`)" % (name, flags) if flags else name


def main(argv):
    if not argv:
        sys.exit(__doc__)
    systems, collections = merge(argv)
    if BASELINES[0] not in systems or any(c not in systems[BASELINES[0]]["results"] for c in collections):
        sys.exit("ir_loco: %s is not measured on every collection of %s" % (BASELINES[0], " ".join(argv)))
    if len(collections) < 2:
        sys.exit("ir_loco: the reports hold %d collection(s); holding one out needs two" % len(collections))
    fts5 = systems[BASELINES[0]]["results"]
    settings = {n: e for n, e in systems.items()
                if n not in BASELINES and all(c in e["results"] for c in collections)}
    if DEFAULT not in settings:
        sys.exit("ir_loco: no '%s' system in the reports" % DEFAULT)
    ranked = sorted(settings.items(), key=lambda kv: -objective(kv[1]["results"], fts5, collections))
    print("Objective (mean of MAP / FTS5 MAP and nDCG@10 / FTS5 nDCG@10) over %s:\n" % ", ".join(collections))
    print("| setting | objective |\n|---|---:|")
    for name, entry in ranked:
        print("| %s | %.4f |" % (label(name, entry), objective(entry["results"], fts5, collections)))
    print("\nEach collection held out, the setting chosen on the others, on the held-out collection (MAP / nDCG@10):\n")
    print("| held out | chosen on the others | chosen: held out | default: held out |\n|---|---|---:|---:|")
    for held in collections:
        others = [c for c in collections if c != held]
        name, entry = max(settings.items(), key=lambda kv: objective(kv[1]["results"], fts5, others))
        r, d = entry["results"][held], settings[DEFAULT]["results"][held]
        print("| %s | %s | %.4f / %.4f | %.4f / %.4f |" % (held, label(name, entry), r["map"], r["ndcg10"], d["map"], d["ndcg10"]))


if __name__ == "__main__":
    main(sys.argv[1:])
