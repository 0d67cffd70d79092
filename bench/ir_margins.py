#!/usr/bin/env python3
"""How far each Dossier setting of one or more bench/ir_eval.py --json reports stands from the
whole-document baselines on every collection: per setting, MAP / nDCG@10 on each collection,
and its worst margin, the smallest difference (setting - baseline) over the collections, both
metrics and both baselines (FTS5 bm25 and the Xapian default). A setting at or above both
baselines everywhere has a worst margin >= 0. Prints a Markdown table, best worst margin first.

    python3 bench/ir_eval.py --collections reuters,cran,cisi,med,npl --bin build/bin \\
        --systems 'default=;w65=--article-weight 0.65' --json A.json --markdown A.md
    python3 bench/ir_margins.py A.json [B.json ...] > margins.md
"""
import json
import sys

BASELINES = ("FTS5 bm25", "Xapian default BM25")
METRICS = ("map", "ndcg10")


def read_reports(paths):
    reports = []
    for path in paths:
        with open(path) as f:
            reports.append(json.load(f))
    return reports


def merge_reports(reports):
    """{system name: {"flags": ..., "results": {collection: metrics}}} over every report (the
    first report's figures where several measured a system on one collection), and the union of
    the reports' collections in the order first met."""
    systems, collections = {}, []
    for report in reports:
        for c in report["collections"]:
            if c not in collections:
                collections.append(c)
        for name, entry in report["systems"].items():
            merged = systems.setdefault(name, {"flags": entry.get("flags"), "results": {}})
            for c, metrics in entry["results"].items():
                merged["results"].setdefault(c, metrics)
    return systems, collections


def merge(paths):
    """merge_reports() of the reports at paths."""
    return merge_reports(read_reports(paths))


def load(paths):
    """merge(), but only the collections every report measured (each report read once)."""
    reports = read_reports(paths)
    systems, _ = merge_reports(reports)
    collections = None
    for report in reports:
        seen = list(report["collections"])
        collections = seen if collections is None else [c for c in collections if c in seen]
    return systems, collections or []


def worst_margin(results, baselines, collections):
    """The smallest setting - baseline over the collections, metrics and baselines, and where."""
    worst = None
    for c in collections:
        for m in METRICS:
            for name, base in baselines.items():
                diff = results[c][m] - base[c][m]
                if worst is None or diff < worst[0]:
                    worst = (diff, "%s %s vs %s" % (c, "MAP" if m == "map" else "nDCG@10", name))
    return worst


def main(argv):
    if not argv:
        sys.exit(__doc__)
    systems, collections = load(argv)
    missing = [b for b in BASELINES if b not in systems]
    if missing:
        sys.exit("ir_margins: no %s in %s" % (" or ".join(missing), " ".join(argv)))
    baselines = {b: systems[b]["results"] for b in BASELINES}
    rows = []
    for name, entry in systems.items():
        if name in BASELINES:
            continue
        rows.append((worst_margin(entry["results"], baselines, collections), name, entry))
    rows.sort(key=lambda r: -r[0][0])
    print("| setting | " + " | ".join(collections) + " | worst margin | where |")
    print("|---|" + "---:|" * len(collections) + "---:|---|")
    for name in BASELINES:
        r = baselines[name]
        print("| %s | " % name + " | ".join("%.4f / %.4f" % (r[c]["map"], r[c]["ndcg10"]) for c in collections) + " | | |")
    for (margin, where), name, entry in rows:
        flags = " ".join(entry.get("flags") or [])
        label = "%s (`%s`)" % (name, flags) if flags else name
        print("| %s | " % label + " | ".join("%.4f / %.4f" % (entry["results"][c]["map"], entry["results"][c]["ndcg10"]) for c in collections)
              + " | %+.4f | %s |" % (margin, where))


if __name__ == "__main__":
    main(sys.argv[1:])
