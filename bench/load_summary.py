#!/usr/bin/env python3
"""The summary of bench/load_bench.sh: reads every measurement in RUNS (LOAD-pair-ROUND-MODE.json,
dossier-bench --alternate-threads --json reports), writes the JSON summary and prints a Markdown
report.

Per load, mode and setting: the median over the rounds of each round's p50, p90, p99 and mean;
the ratio default / single of those medians; and whether the default is at most the
single-threaded search at p50 and at p99 ("yes" / "no").

Where the runs hold a control (LOAD-control-ROUND-MODE.json: the single thread against itself,
measured as the pair), each load and mode also gets the control's ratio, pooled as the pair's,
and a verdict per statistic (p50, p99): "at most" where the default's pooled ratio is at most 1;
"as identical code" where it is above 1 but no higher than the upper end of the control's 95%
interval (identical code can give that ratio on this machine under this load); "above" where it
is higher than that.

    python3 bench/load_summary.py --runs DIR --passages N --commit C --rounds R --loads "idle hog indexer" \\
        --load-passages P --indexer-runs K --json OUT.json > OUT.md
"""
import argparse
import glob
import json
import math
import os
import random
import re
import statistics
import sys

from machine_info import cpu_model

SETTINGS = ("default", "single")
CONTROL = ("control_a", "control_b")  # the single thread against itself
STATS = ("p50", "p90", "p99", "mean")
LOAD_TEXT = {
    "idle": "idle machine",
    "hog": "one core kept busy (`yes > /dev/null`)",
    "indexer": "dossier-index running (fresh run, then an incremental run, in a loop)",
}


SETTING_LABELS = {"--search-threads 0": "default", "--search-threads 1": "single"}


def setting_names(reports, path):
    """Which of a pair's two reports is the default and which the single thread: by the setting
    each report names (load_bench.sh swaps which one the process makes first from round to
    round); a pair whose reports name no setting is [default, single], in that order."""
    labels = [r.get("settings", {}).get("details", {}).get("setting") for r in reports]
    if labels == [None, None]:
        return list(SETTINGS)
    names = [SETTING_LABELS.get(label) for label in labels]
    if sorted(n or "" for n in names) != sorted(SETTINGS):
        raise SystemExit("load_summary: %s: expected the settings %s, got %s" % (path, " and ".join(SETTING_LABELS), labels))
    return names


def read_runs(runs_dir):
    """{(load, setting): [report, ...]} in round order. A round's measurement of one mode is
    LOAD-pair-ROUND-MODE.json: dossier-bench --alternate-threads, {"alternating": [default,
    single]} or [single, default] (each report names its setting), both settings query by query
    in one process. (LOAD-SETTING-ROUND[-MODE].json, one setting per process, is still read.) The
    per-mode measurements of one round are merged into one report with every mode."""
    rounds = {}
    pattern = re.compile(r"^(?P<load>[a-z]+)-(?P<setting>default|single|pair|control)-(?P<round>[0-9]+)(-(?P<mode>[a-z0-9]+))?\.json$")
    for path in glob.glob(os.path.join(runs_dir, "*.json")):
        m = pattern.match(os.path.basename(path))
        if not m:
            continue
        with open(path) as f:
            report = json.load(f)
        if m["setting"] in ("pair", "control"):
            reports = report.get("alternating") or []
            if len(reports) != 2:
                raise SystemExit("load_summary: %s: expected {\"alternating\": [first, second]}" % path)
            if m["setting"] == "pair":
                names = setting_names(reports, path)
            else:
                # Both are the single thread. The control's "a" takes the default's place in the
                # pair of the same round: made first in odd rounds, second in even ones.
                names = list(CONTROL) if int(m["round"]) % 2 == 1 else list(reversed(CONTROL))
            pairs = list(zip(names, reports))
        else:
            pairs = [(m["setting"], report)]
        for setting, one in pairs:
            merged = rounds.setdefault((m["load"], setting, int(m["round"])), {"modes": {}})
            merged["modes"].update(one["modes"])
    runs = {}
    for (load, setting, round_number), report in sorted(rounds.items(), key=lambda x: x[0][2]):
        runs.setdefault((load, setting), []).append(report)
    return runs


def paired(runs, load, mode, stat):
    """Median and range over the rounds of default/single, each round's pair, and the rounds in
    which the default was at most the single thread."""
    ratios = [d["modes"][mode]["overall"][stat] / s["modes"][mode]["overall"][stat]
              for d, s in zip(runs[(load, "default")], runs[(load, "single")]) if s["modes"][mode]["overall"][stat]]
    if not ratios:
        return None
    return {"median": round(statistics.median(ratios), 3), "min": round(min(ratios), 3), "max": round(max(ratios), 3),
            "rounds_at_most_single": sum(r <= 1 for r in ratios), "rounds": len(ratios)}


def nearest_rank(sorted_values, q):
    """The nearest-rank percentile q (0-100) of sorted values, as dossier-bench computes it."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * q // 100))  # ceil
    return sorted_values[min(len(sorted_values), int(rank)) - 1]


def pooled(runs, load, mode, resamples=1000, seed=7, names=SETTINGS):
    """Every round's timed runs of both settings pooled (dossier-bench --samples): p50, p99 and
    mean per setting, their ratios default/single with a 95% bootstrap interval (the pairs of one
    query run back to back resampled together), the median of the per-pair ratios, and the pairs
    in which the default was at most the single thread. None without samples. names: the two
    settings (the control's, CONTROL, for the single thread against itself)."""
    pairs = []
    placed = []  # (default ms, single ms, the default's place: 0 when it ran first)
    if (load, names[0]) not in runs or (load, names[1]) not in runs:
        return None
    for d, s in zip(runs[(load, names[0])], runs[(load, names[1])]):
        ds, ss = d["modes"][mode].get("samples"), s["modes"][mode].get("samples")
        if ds is None or ss is None or len(ds) != len(ss):
            return None
        pairs.extend((a[1], b[1]) for a, b in zip(ds, ss) if a[0] == b[0])
        placed.extend((a[1], b[1], a[2]) for a, b in zip(ds, ss) if a[0] == b[0] and len(a) > 2)
    if not pairs:
        return None

    def stats(values):
        v = sorted(values)
        return {"p50": nearest_rank(v, 50), "p99": nearest_rank(v, 99), "mean": sum(v) / len(v)}

    default = stats(p[0] for p in pairs)
    single = stats(p[1] for p in pairs)
    ratio = {k: (default[k] / single[k] if single[k] else None) for k in ("p50", "p99", "mean")}
    rng = random.Random(seed)
    boot = {k: [] for k in ("p50", "p99", "mean")}
    n = len(pairs)
    for _ in range(resamples):
        sample = [pairs[rng.randrange(n)] for _ in range(n)]
        bd, bs = stats(p[0] for p in sample), stats(p[1] for p in sample)
        for k in boot:
            if bs[k]:
                boot[k].append(bd[k] / bs[k])
    ci = {}
    for k, values in boot.items():
        values.sort()
        ci[k] = [round(values[int(0.025 * len(values))], 3), round(values[min(len(values) - 1, int(0.975 * len(values)))], 3)] if values else None
    per_pair = sorted(a / b for a, b in pairs if b > 0)
    return {
        "runs": n,
        names[0]: {k: round(v, 4) for k, v in default.items()},
        names[1]: {k: round(v, 4) for k, v in single.items()},
        "ratio": {k: (round(v, 3) if v is not None else None) for k, v in ratio.items()},
        "ci95": ci,
        "median_pair_ratio": round(statistics.median(per_pair), 3) if per_pair else None,
        "pairs_default_at_most_single": sum(a <= b for a, b in pairs),
        "order_balanced": order_balanced(placed, rng, resamples),
    }


def order_balanced(placed, rng, resamples):
    """The per-query ratio default/single with the order of each pair taken out. The setting that
    runs second finds the caches warm: its pairs' ratios fall into two groups, default first
    (about 1.2 on 2 cores) and single first (about 0.85), and the median of all of them moves with
    whichever group holds more of the fast queries. Instead: the median ratio within each group,
    and their geometric mean, which cancels a factor that the place alone contributes (identical
    settings give 1.00). A 95% bootstrap interval resamples each group. None without places."""
    groups = [[d / s for d, s, place in placed if place == first and s > 0] for first in (0, 1)]
    if not groups[0] or not groups[1]:
        return None

    def balanced(a, b):
        return math.sqrt(statistics.median(a) * statistics.median(b))

    boot = sorted(balanced([g0[rng.randrange(len(g0))] for _ in g0], [g1[rng.randrange(len(g1))] for _ in g1])
                  for g0, g1 in [groups] * resamples)
    return {
        "ratio": round(balanced(*groups), 3),
        "ci95": [round(boot[int(0.025 * len(boot))], 3), round(boot[min(len(boot) - 1, int(0.975 * len(boot)))], 3)],
        "default_first": round(statistics.median(groups[0]), 3),
        "single_first": round(statistics.median(groups[1]), 3),
        "pairs": [len(groups[0]), len(groups[1])],
    }


def verdict(pair, control):
    """Per statistic (p50, p99): "at most" where the default's pooled ratio to the single thread is
    at most 1; "as identical code" where it is above 1 but within the control's 95% interval
    (the single thread against itself gave as high a ratio); "above" otherwise. None without
    both."""
    if not pair or not control:
        return None
    out = {}
    for k in ("p50", "p99"):
        ratio, upper = pair["ratio"][k], control["ci95"][k][1] if control["ci95"].get(k) else None
        if ratio is None or upper is None:
            out[k] = None
        elif ratio <= 1:
            out[k] = "at most"
        elif ratio <= upper:
            out[k] = "as identical code"
        else:
            out[k] = "above"
    return out


def summarise(runs, loads):
    out = {}
    for load in loads:
        per_load = {}
        modes = None
        for setting in SETTINGS:
            reports = runs.get((load, setting), [])
            if not reports:
                raise SystemExit("load_summary: no measurements of %s / %s" % (load, setting))
            modes = modes or list(reports[0]["modes"])
            per_load[setting] = {
                mode: {
                    **{k: round(statistics.median(r["modes"][mode]["overall"][k] for r in reports), 3) for k in STATS},
                    "rounds": len(reports),
                    # searches split between threads, over every round (dossier-bench's "split")
                    "split_runs": sum(r["modes"][mode]["overall"].get("split", 0) for r in reports),
                    "runs": sum(r["modes"][mode]["overall"]["count"] for r in reports),
                    "per_round_p50": [r["modes"][mode]["overall"]["p50"] for r in reports],
                    "per_round_p99": [r["modes"][mode]["overall"]["p99"] for r in reports],
                }
                for mode in modes
            }
        per_load["ratio_default_to_single"] = {
            mode: {k: round(per_load["default"][mode][k] / per_load["single"][mode][k], 3) if per_load["single"][mode][k] else None
                   for k in STATS}
            for mode in modes
        }
        # The two settings of one round ran back to back under the same load: their ratio is
        # less exposed to the machine's drift from round to round than the ratio of medians.
        per_load["paired_ratio_default_to_single"] = {
            mode: {k: paired(runs, load, mode, k) for k in ("p50", "p99", "mean")} for mode in modes
        }
        per_load["pooled"] = {mode: pooled(runs, load, mode) for mode in modes}
        control = {mode: pooled(runs, load, mode, names=CONTROL) for mode in modes}
        if any(control.values()):
            per_load["control"] = control
            per_load["verdict"] = {mode: verdict(per_load["pooled"][mode], control[mode]) for mode in modes}
        per_load["default_at_most_single"] = {
            mode: {k: per_load["default"][mode][k] <= per_load["single"][mode][k] for k in ("p50", "p99")} for mode in modes
        }
        out[load] = per_load
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", required=True)
    ap.add_argument("--passages", type=int, required=True)
    ap.add_argument("--commit", default="?")
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--loads", required=True)
    ap.add_argument("--load-passages", type=int, default=0)
    ap.add_argument("--indexer-runs", type=int, default=0)
    ap.add_argument("--json", required=True)
    args = ap.parse_args()
    loads = args.loads.split()
    runs = read_runs(args.runs)
    summary = summarise(runs, loads)
    cpu = cpu_model()
    doc = {
        "benchmark": "query latency under load",
        "passages": args.passages,
        "commit": args.commit,
        "machine": {"cores": os.cpu_count(), "cpu": cpu},
        "rounds": args.rounds,
        "loads": {load: LOAD_TEXT[load] for load in loads},
        "indexer": {"archive_passages": args.load_passages, "runs_started": args.indexer_runs} if "indexer" in loads else None,
        "settings": {"default": "--search-threads 0 (split when it pays)", "single": "--search-threads 1"},
        "statistic": "per load, mode and setting, the median over the rounds of each round's statistic (ms)",
        "summary": summary,
        # Each measurement's overall statistics, round by round (dossier-bench's per-class figures
        # stay in the runs directory).
        "runs": {"%s-%s" % key: [{mode: entry["overall"] for mode, entry in r["modes"].items()} for r in value]
                 for key, value in sorted(runs.items())},
    }
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")

    p = print
    p("Query latency under load, %s passages, %d rounds, %s cores (%s), commit %s." % (
        "{:,}".format(args.passages), args.rounds, os.cpu_count(), cpu, args.commit))
    p("Milliseconds, `dossier-bench` (one client, the query mix); per load, mode and setting the median over the "
      "rounds of each round's statistic. default: `--search-threads 0` (split between threads when it pays); "
      "single: `--search-threads 1`. Both settings measured under each load in every round, in one process, query by "
      "query (`dossier-bench --alternate-threads`): each query ran with both, one right after the other, which went "
      "first alternating; the setting the process made first swapped from round to round (odd rounds the default, "
      "even rounds the single thread), because the one made first runs slower whatever it is.")
    p("")
    for load in loads:
        p("- %s: %s" % (load, LOAD_TEXT[load]))
    if "indexer" in loads:
        p("- runs split: the measured searches that were split between threads, over all rounds")
    p("- the indexer's archive: %s passages; indexing runs started during the measurements (fresh or incremental): %d" % (
            "{:,}".format(args.load_passages), args.indexer_runs))
    p("")
    p("| load | mode | setting | p50 | p90 | p99 | mean | runs split | default/single p50 | default/single p99 | default <= single (p50, p99) |")
    p("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for load in loads:
        s = summary[load]
        for mode in s["default"]:
            for setting in SETTINGS:
                row = s[setting][mode]
                ratio = s["ratio_default_to_single"][mode]
                ok = s["default_at_most_single"][mode]
                tail = ("%.2f | %.2f | %s, %s" % (ratio["p50"], ratio["p99"], "yes" if ok["p50"] else "no", "yes" if ok["p99"] else "no")
                        if setting == "default" else " | | ")
                split = "%d of %d" % (row["split_runs"], row["runs"])
                p("| %s | %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %s |" % (load, mode, setting, row["p50"], row["p90"], row["p99"], row["mean"], split, tail))
    p("")
    p("Paired: each round's default/single ratio (the two ran query by query in one process under the same load); "
      "median [min, max] over the rounds, and the rounds in which the default was at most the single thread.")
    p("")
    p("| load | mode | p50 ratio | rounds default <= single (p50) | p99 ratio | rounds default <= single (p99) |")
    p("|---|---|---:|---:|---:|---:|")
    for load in loads:
        for mode, pr in summary[load]["paired_ratio_default_to_single"].items():
            a, b = pr["p50"], pr["p99"]
            p("| %s | %s | %.2f [%.2f, %.2f] | %d of %d | %.2f [%.2f, %.2f] | %d of %d |" % (
                load, mode, a["median"], a["min"], a["max"], a["rounds_at_most_single"], a["rounds"],
                b["median"], b["min"], b["max"], b["rounds_at_most_single"], b["rounds"]))
    if any(v for load in loads for v in summary[load]["pooled"].values()):
        p("")
        p("Pooled: every timed run of every round, per load, mode and setting (nearest-rank percentiles); ratio "
          "default/single with its 95% bootstrap interval (pairs resampled: the two runs of one query back to back); "
          "the median of the per-pair ratios; the pairs in which the default took at most the single thread's time.")
        p("")
        p("| load | mode | runs | default p50 | single p50 | p50 ratio [95%] | default p99 | single p99 | p99 ratio [95%] | mean ratio [95%] | median pair ratio | pairs default <= single |")
        p("|---|---|---:|---:|---:|---|---:|---:|---|---|---:|---:|")
        for load in loads:
            for mode, pl in summary[load]["pooled"].items():
                if not pl:
                    continue
                r, ci = pl["ratio"], pl["ci95"]
                p("| %s | %s | %d | %.3f | %.3f | %.3f [%.3f, %.3f] | %.3f | %.3f | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %.3f | %d of %d |" % (
                    load, mode, pl["runs"], pl["default"]["p50"], pl["single"]["p50"], r["p50"], ci["p50"][0], ci["p50"][1],
                    pl["default"]["p99"], pl["single"]["p99"], r["p99"], ci["p99"][0], ci["p99"][1],
                    r["mean"], ci["mean"][0], ci["mean"][1], pl["median_pair_ratio"], pl["pairs_default_at_most_single"], pl["runs"]))
    balanced = [(load, mode, pl["order_balanced"]) for load in loads for mode, pl in summary[load]["pooled"].items()
                if pl and pl.get("order_balanced")]
    if balanced:
        p("")
        p("Per query, with the order taken out: the setting that runs second in a pair finds the caches warm, so the "
          "pairs' ratios default/single are taken apart by which ran first; the median of each group and their "
          "geometric mean, the per-query ratio with that factor cancelled (identical settings give 1.00 once the "
          "rounds swap which one the process makes first), with a 95% "
          "bootstrap interval.")
        p("")
        p("| load | mode | default first: median ratio | single first: median ratio | per-query ratio [95%] |")
        p("|---|---|---:|---:|---|")
        for load, mode, ob in balanced:
            p("| %s | %s | %.3f (%d pairs) | %.3f (%d pairs) | %.3f [%.3f, %.3f] |" % (
                load, mode, ob["default_first"], ob["pairs"][0], ob["single_first"], ob["pairs"][1], ob["ratio"],
                ob["ci95"][0], ob["ci95"][1]))
    controlled = [load for load in loads if "control" in summary[load]]
    if controlled:
        p("")
        p("Against identical code: after each pair, the single thread against itself (`--search-threads 1 "
          "--alternate-threads 1`), measured the same way under the same load; its pooled ratio with a 95% bootstrap "
          "interval, and its per-query ratio with the order taken out. Verdict per statistic: *at most* where the "
          "default's pooled ratio is at most 1; *as identical code* where it is above 1 but no higher than the upper "
          "end of the control's interval (the single thread against itself gave as high a ratio); *above* otherwise.")
        p("")
        p("| load | mode | default/single p50 | control p50 [95%] | default/single p99 | control p99 [95%] | control per query [95%] | verdict p50 | verdict p99 |")
        p("|---|---|---:|---|---:|---|---|---|---|")
        for load in controlled:
            for mode, c in summary[load]["control"].items():
                pl, v = summary[load]["pooled"][mode], summary[load]["verdict"][mode]
                if not c or not pl or not v:
                    continue
                ob = c.get("order_balanced")
                per_query = "%.3f [%.3f, %.3f]" % (ob["ratio"], ob["ci95"][0], ob["ci95"][1]) if ob else "-"
                p("| %s | %s | %.3f | %.3f [%.3f, %.3f] | %.3f | %.3f [%.3f, %.3f] | %s | %s | %s |" % (
                    load, mode, pl["ratio"]["p50"], c["ratio"]["p50"], c["ci95"]["p50"][0], c["ci95"]["p50"][1],
                    pl["ratio"]["p99"], c["ratio"]["p99"], c["ci95"]["p99"][0], c["ci95"]["p99"][1], per_query,
                    v["p50"] or "-", v["p99"] or "-"))
    p("")
    p("Repeat: `BENCH_PASSAGES=%d BENCH_ROUNDS=%d make bench-load` (bench/load_bench.sh)." % (args.passages, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
