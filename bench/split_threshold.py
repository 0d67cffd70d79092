#!/usr/bin/env python3
"""The split threshold: how many matches a search must be able to have before the default search
(--search-threads 0) splits it between threads. dossier-bench runs the query mix once per
threshold per round, the thresholds taking turns within each round (each round its own seed, so
its own query order); per threshold the median over the rounds of each round's p50, p99 and mean,
and each threshold's ratio to the first (the baseline) per round, median [min, max].

    python3 bench/split_threshold.py --bench build/bin/dossier-bench --db build/bench-query/dossier-1000000.db \\
        --queries build/bench-query/queries-1000000.txt --thresholds 20000,5000,2500,1000 --rounds 6 \\
        --json bench/results/split-threshold-1000000.json > bench/results/split-threshold-1000000.md

The databases and query mixes are bench/query_bench.sh's (BENCH_BUILD_ONLY=1 builds them).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from machine_info import cpu_model

STATS = ("p50", "p99", "mean")


def run(args, threshold, seed):
    argv = [args.bench, "--db", args.db, "--queries", args.queries, "--modes", args.modes, "--warmup", "1",
            "--repeat", str(args.repeat), "--seed", str(seed), "--split-above", str(threshold), "--json"]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode > 1:
        sys.exit("split_threshold: dossier-bench failed (exit %d): %s" % (done.returncode, done.stderr.strip()[:300]))
    report = json.loads(done.stdout)
    return {mode: {**{k: entry["overall"][k] for k in STATS}, "split": entry["overall"].get("split", 0),
                   "count": entry["overall"]["count"]}
            for mode, entry in report["modes"].items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", required=True, help="dossier-bench")
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--thresholds", default="20000,5000,2500,1000", help="comma-separated; the first is the baseline")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=1, help="dossier-bench --repeat")
    ap.add_argument("--modes", default="top10,facets")
    ap.add_argument("--seed", type=int, default=11, help="round r runs with seed SEED + r")
    ap.add_argument("--commit", default="?")
    ap.add_argument("--json", required=True)
    args = ap.parse_args()
    thresholds = [int(t) for t in args.thresholds.split(",")]
    if len(thresholds) < 2 or min(thresholds) < 1 or args.rounds < 1:
        sys.exit("split_threshold: give at least two thresholds of at least 1, and at least one round")

    runs = {t: [] for t in thresholds}  # threshold -> [per round: {mode: stats}]
    for r in range(args.rounds):
        for t in thresholds:
            print("split_threshold: round %d/%d, --split-above %d" % (r + 1, args.rounds, t), file=sys.stderr)
            runs[t].append(run(args, t, args.seed + r))
    modes = list(runs[thresholds[0]][0])
    base = thresholds[0]
    summary = {}
    for t in thresholds:
        summary[t] = {}
        for mode in modes:
            entry = {k: round(statistics.median(r[mode][k] for r in runs[t]), 3) for k in STATS}
            entry["split_runs"] = sum(r[mode]["split"] for r in runs[t])
            entry["runs"] = sum(r[mode]["count"] for r in runs[t])
            if t != base:
                entry["ratio"] = {}
                for k in STATS:
                    ratios = [a[mode][k] / b[mode][k] for a, b in zip(runs[t], runs[base]) if b[mode][k]]
                    entry["ratio"][k] = {"median": round(statistics.median(ratios), 3), "min": round(min(ratios), 3),
                                         "max": round(max(ratios), 3)}
            summary[t][mode] = entry
    with open(args.json, "w") as f:
        json.dump({"benchmark": "split threshold", "db": os.path.basename(os.path.normpath(args.db)), "commit": args.commit,
                   "machine": {"cores": os.cpu_count(), "cpu": cpu_model()}, "rounds": args.rounds, "baseline": base,
                   "summary": {str(t): v for t, v in summary.items()},
                   "runs": {str(t): v for t, v in runs.items()}}, f, indent=1)
        f.write("\n")

    p = print
    p("Split threshold on %s: `dossier-bench --split-above N` (default search, one client, the query mix), %d rounds, "
      "the thresholds taking turns in each round, %s cores (%s), commit %s." % (
          os.path.basename(os.path.normpath(args.db)), args.rounds, os.cpu_count(), cpu_model(), args.commit))
    p("Milliseconds: the median over the rounds of each round's statistic; ratio: to --split-above %d in the same round, "
      "median [min, max] over the rounds; split: the measured searches split between threads." % base)
    p("")
    p("| mode | --split-above | p50 | p99 | mean | split | p50 ratio | p99 ratio | mean ratio |")
    p("|---|---:|---:|---:|---:|---:|---|---|---|")
    for mode in modes:
        for t in thresholds:
            e = summary[t][mode]
            ratio = " | ".join("%.3f [%.3f, %.3f]" % (e["ratio"][k]["median"], e["ratio"][k]["min"], e["ratio"][k]["max"])
                               for k in STATS) if "ratio" in e else " | | "
            p("| %s | %d | %.3f | %.3f | %.3f | %d of %d | %s |" % (mode, t, e["p50"], e["p99"], e["mean"], e["split_runs"],
                                                                  e["runs"], ratio))
    p("")
    extra = "".join(" --%s %s" % (name, value) for name, value, default in
                    (("repeat", args.repeat, 1), ("modes", args.modes, "top10,facets"), ("seed", args.seed, 11)) if value != default)
    p("Repeat: `python3 bench/split_threshold.py --bench %s --db %s --queries %s --thresholds %s --rounds %d%s --json FILE`." % (
        "build/bin/dossier-bench", "build/bench-query/" + os.path.basename(os.path.normpath(args.db)),
        "build/bench-query/" + os.path.basename(args.queries), args.thresholds, args.rounds, extra))
    return 0


if __name__ == "__main__":
    sys.exit(main())
