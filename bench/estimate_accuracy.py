#!/usr/bin/env python3
"""How close estimated counts come to the exact ones: every query of a query file (the format of
dossier-bench --write-queries) is searched with dossier-search --json; each one whose counts were
estimated from a sample is searched again with --exact-facets, and the estimated total and the
values shown per facet (--facet-top, 8 by default) are compared with the exact counts.

    python3 bench/estimate_accuracy.py --db DB --queries FILE [--sample-above N] [--json OUT]

Prints, per query and overall, the fraction examined, the total's relative error and the median
and largest relative error of the facet values shown, and how many of the shown values are also
among the exact top values.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys


def search(binary, db, query, extra):
    done = subprocess.run([binary, "--db", db, "--json"] + extra + ["--", query], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        return None
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--search", default=None, help="dossier-search binary (default: build/bin/dossier-search)")
    parser.add_argument("--sample-above", type=int, default=None)
    parser.add_argument("--facet-top", type=int, default=8)
    parser.add_argument("--json", help="also write the per-query figures here")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.search or os.path.join(root, "build", "bin", "dossier-search")
    extra = ["--facet-top", str(args.facet_top)]
    if args.sample_above:
        extra += ["--sample-above", str(args.sample_above)]
    queries = [l.strip() for l in open(args.queries, encoding="utf-8") if l.strip() and not l.startswith("#")]
    rows, searched = [], 0
    for query in queries:
        estimated = search(binary, args.db, query, extra)
        if estimated is None:
            continue
        searched += 1
        if not estimated.get("counts_sampled"):
            continue
        exact = search(binary, args.db, query, ["--exact-facets", "--facet-top", "0"])
        errors, overlap, shown = [], 0, 0
        for facet, values in estimated["facets"].items():
            truth = {v["id"]: v["count"] for v in exact["facets"][facet]}
            top = sorted(truth, key=lambda i: (-truth[i], i))[: len(values)]
            for v in values:
                shown += 1
                overlap += v["id"] in top
                if truth.get(v["id"]):
                    errors.append(abs(v["count"] - truth[v["id"]]) / truth[v["id"]])
        total_error = abs(estimated["total"]["value"] - exact["total"]["value"]) / max(1, exact["total"]["value"])
        rows.append({"query": query, "fraction": estimated["examined_fraction"], "total": exact["total"]["value"],
                     "estimated_total": estimated["total"]["value"], "total_error": total_error,
                     "value_error_median": statistics.median(errors) if errors else 0.0,
                     "value_error_max": max(errors) if errors else 0.0, "top_overlap": overlap, "shown": shown})
    print("%d queries searched, %d with estimated counts (%.1f%%)." % (searched, len(rows), 100.0 * len(rows) / max(1, searched)))
    if not rows:
        return
    print()
    print("| query | examined | exact total | estimated | total error | value error median | max | shown values in the exact top |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %.1f%% | %d | %d | %.1f%% | %.1f%% | %.1f%% | %d of %d |" % (
            r["query"].replace("|", "\\|"), 100 * r["fraction"], r["total"], r["estimated_total"], 100 * r["total_error"],
            100 * r["value_error_median"], 100 * r["value_error_max"], r["top_overlap"], r["shown"]))
    print()
    print("Overall: total error median %.1f%%, max %.1f%%; facet value error median %.1f%%, max %.1f%%; "
          "%d of %d values shown are in the exact top." % (
              100 * statistics.median(r["total_error"] for r in rows), 100 * max(r["total_error"] for r in rows),
              100 * statistics.median(r["value_error_median"] for r in rows), 100 * max(r["value_error_max"] for r in rows),
              sum(r["top_overlap"] for r in rows), sum(r["shown"] for r in rows)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"db": args.db, "queries": args.queries, "searched": searched, "rows": rows}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
