#!/usr/bin/env python3
"""The summary of bench/query_bench.sh: reads every round's report in RUNS_DIR (SYSTEM-ROUND.json),
writes query-N.json and query-N.md to RESULTS and prints the tables.

    python3 bench/query_summary.py RUNS_DIR N RESULTS BUILDS_JSON GEN_JSON COMMIT ROUNDS "SYSTEMS"
"""
import glob, json, os, statistics, sys

from machine_info import cpu_model
runs_dir, n, results, builds_path, gen_path, commit, rounds, systems = sys.argv[1:9]
systems = systems.split()
cpu = cpu_model()
stats_keys = ["mean", "p50", "p90", "p99", "p99_9", "max", "qps"]
# SYSTEM-ROUND.json: the round is a number, so that "dossier" does not also take dossier-exact's.
raw = {s: [json.load(open(p)) for p in sorted(glob.glob(os.path.join(runs_dir, s + "-[0-9]*.json")))] for s in systems}
loads = sorted(open(p).read().strip() for p in glob.glob(os.path.join(runs_dir, "*.load")))

def median_stats(entries):
    out = {"count": sum(e["count"] for e in entries)}
    for k in stats_keys:
        out[k] = round(statistics.median(e[k] for e in entries), 3)
    out["estimated"] = sum(e.get("estimated", 0) for e in entries)  # runs with counts from a sample
    return out

summary = {}
for s in systems:
    reports = raw[s]
    first = reports[0]
    modes = {}
    for mode in first["modes"]:
        modes[mode] = {"overall": median_stats([r["modes"][mode]["overall"] for r in reports]),
                       "classes": {c: median_stats([r["modes"][mode]["classes"][c] for r in reports])
                                   for c in first["modes"][mode]["classes"]}}
    summary[s] = {"version": first["version"], "details": first["settings"]["details"],
                  "measured": first["queries"]["measured"], "skipped": first["queries"]["skipped"], "modes": modes}
ratios = {}
for ours in ("dossier", "dossier-exact"):
    if ours not in summary:
        continue
    for other in systems:
        if other.startswith("dossier"):
            continue
        ratios[ours + "/" + other] = {
            mode: {k: round(summary[ours]["modes"][mode]["overall"][k] / v, 3) if v else None
                   for k, v in summary[other]["modes"][mode]["overall"].items() if k in ("p50", "p99", "mean")}
            for mode in summary[ours]["modes"] if mode in summary[other]["modes"]}
gen = json.load(open(gen_path))
doc = {"benchmark": "query latency", "passages": int(n), "articles": gen.get("totals", {}).get("articles"),
       "commit": commit, "machine": {"cores": os.cpu_count(), "cpu": cpu},
       "load_avg_after_each_run": loads, "rounds": int(rounds),
       "statistic": "per system and mode, the median over the rounds of each per-round statistic (ms)",
       "builds": json.load(open(builds_path)), "systems": summary, "ratios": ratios, "runs": raw}
with open(os.path.join(results, "query-%s.json" % n), "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")

lines = []
p = lines.append
p("Query latency, %s passages (%s articles), %d rounds, %s cores (%s), commit %s." % (
    "{:,}".format(int(n)), "{:,}".format(doc["articles"] or 0), int(rounds), os.cpu_count(), cpu, commit))
p("Milliseconds; per system and mode the median over the rounds of each round's statistic; "
  "ratio = Dossier / other (below 1: Dossier faster); dossier-exact is Dossier with --exact-facets.")
p("")
ours = [s for s in ("dossier", "dossier-exact") if s in summary]
p("| mode | system | p50 | p90 | p99 | p99.9 | mean | qps | estimated | " +
  " | ".join("%s/other p50 | %s/other p99" % (o, o) for o in ours) + " |")
p("|---|---|---:|---:|---:|---:|---:|---:|---:|" + "---:|---:|" * len(ours))
for mode in summary[systems[0]]["modes"]:
    for s in systems:
        o = summary[s]["modes"][mode]["overall"]
        cells = []
        for mine in ours:
            r = ratios.get(mine + "/" + s, {}).get(mode, {})
            cells += ["%.2f" % r["p50"] if r.get("p50") else "", "%.2f" % r["p99"] if r.get("p99") else ""]
        share = "%d of %d" % (o["estimated"], o["count"]) if s.startswith("dossier") else "-"
        p("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %s | %s |" % (
            mode, s, o["p50"], o["p90"], o["p99"], o["p99_9"], o["mean"], o["qps"], share, " | ".join(cells)))
p("")
p("estimated: runs (queries x rounds) whose total and facet counts dossier-search would label as estimated "
  "from a sample; 0 for dossier-exact and the baselines, which count every match.")
p("")
for mode in summary[systems[0]]["modes"]:
    p("Per class, %s mode: p50 / p99 (ms)" % mode)
    p("")
    p("| class | " + " | ".join(systems) + " |")
    p("|---|" + "---:|" * len(systems))
    for c in summary[systems[0]]["modes"][mode]["classes"]:
        cells = []
        for s in systems:
            e = summary[s]["modes"][mode]["classes"].get(c)
            cell = "%.2f / %.2f" % (e["p50"], e["p99"]) if e else "-"
            if e and e.get("estimated"):
                cell += " (%d est.)" % e["estimated"]
            cells.append(cell)
        p("| %s | %s |" % (c, " | ".join(cells)))
    p("")
b = doc["builds"]
if b:
    p("Databases: " + "; ".join("%s %s MB (built in %.0f s wall, %.0f CPU-s)" % (s, v.get("db_mb"), v["wall_s"], v["cpu_s"])
                                for s, v in b.items()))
p("Versions: " + "; ".join("%s: %s" % (s, summary[s]["version"]) for s in systems))
p("Queries: %s measured; skipped: %s." % (summary[systems[0]]["measured"],
                                         ", ".join("%s %d" % (s, summary[s]["skipped"]) for s in systems)))
p("Load average (1, 5, 15 min) after each run: " + ", ".join(l.split()[0] for l in loads))
text = "\n".join(lines) + "\n"
open(os.path.join(results, "query-%s.md" % n), "w").write(text)
print(text)
print("Wrote %s and %s" % (os.path.join(results, "query-%s.json" % n), os.path.join(results, "query-%s.md" % n)))
