#!/usr/bin/env python3
"""One process per query, end to end: `dossier-search QUERY` against the `sqlite3` shell on the
FTS5 table of the same passages (built by dossier-bench-fts5).

    python3 bench/startup_bench.py --dossier DB --fts5 DB.sqlite [--mix QUERIES --sample 100]
                                   [--baseline OTHER/dossier-search] [--runs 7] [--json FILE] [QUERY ...]

Two measurements, both printed as Markdown:

- The mix: --sample queries drawn (seeded) from a query file (`dossier-bench --write-queries`, the
  query benchmark's mix of rare, medium and common words, phrases and filters). Each query runs
  once per system, the systems alternating query by query, after both databases are read once
  into the page cache and one unmeasured pass over the first ten queries; p50, p90 and p99 of
  the wall time over the sample. The report names the machine (cores, CPU model) and, where
  util-linux's fincore is installed, how much of each database the page cache still held after
  the mix (a machine whose cache cannot hold both reads blocks from disk during it). The sqlite3
  shell answers two questions: the top 10 articles with their titles and a snippet plus the total
  of matching articles ("top 10 + snippet + count"), and the same with the facet counts
  ("+ facets"), which is what dossier-search prints by default. --baseline adds another build of
  dossier-search to the turns ("baseline dossier-search"): two builds compared in one run.
- Named queries (positional, or four defaults): --runs runs each, medians, after one unmeasured run.

The wall time of the whole process (start, open, query, print, exit) is measured here. Words are
ORed, as both tools do by default; filters, dates, phrases and operators are translated by
dossier-bench-fts5 --shell-sql (as in the query benchmark), and a query it cannot translate is
left out for both.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from machine_info import describe as describe_machine

DEFAULT_QUERIES = ["missile kosovo", "said", "army", "ceasefire negotiations"]


def shell_sql(tool, queries):
    """query -> {"top10_count": SQL, "with_facets": SQL} from dossier-bench-fts5 --shell-sql (the
    query benchmark's own translation: filters, dates, phrases and operators as FTS5 has them)."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("".join(q + "\n" for q in queries))
        path = f.name
    try:
        done = subprocess.run([tool, "--db", "unused", "--shell-sql", path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    if done.returncode != 0:
        sys.exit("startup_bench: %s --shell-sql failed: %s" % (tool, done.stderr.strip()[:300]))
    out = {}
    for line in done.stdout.splitlines():
        entry = json.loads(line)
        if "error" not in entry:
            out[entry["query"]] = entry
    return out


def preload(paths):
    """Reads every file of the databases once, so that both systems start from a page cache that
    holds them (as on a machine in use), whatever ran before: after other work a fifth to two
    fifths of a million passages' shard files were out of the cache, and the ten warm-up
    queries do not read them back. Returns the bytes read."""
    total = 0
    for path in paths:
        for name in database_files(path):
            with open(name, "rb") as f:
                while True:
                    block = f.read(1 << 20)
                    if not block:
                        break
                    total += len(block)
    return total


def database_files(path):
    return [path] if os.path.isfile(path) else [os.path.join(d, n) for d, _, names in os.walk(path) for n in names]


def resident(path):
    """The share of a database's bytes in the page cache now (util-linux fincore), or None where
    fincore is missing: a machine whose page cache cannot hold both databases reads blocks from
    disk during the mix, and the report should say so."""
    fincore = shutil.which("fincore")
    files = database_files(path)
    if fincore is None or not files:
        return None
    done = subprocess.run([fincore, "-b", "-n", "-r", "-o", "RES,SIZE"] + files, capture_output=True, text=True)
    if done.returncode != 0:
        return None
    res = size = 0
    for line in done.stdout.split("\n"):
        fields = line.split()
        if len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit():
            res, size = res + int(fields[0]), size + int(fields[1])
    return res / size if size else None


def run_once(argv, stdin_text):
    start = time.perf_counter()
    done = subprocess.run(argv, input=stdin_text, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit("startup_bench: %s failed (exit %d): %s" % (argv[0], done.returncode, done.stderr.strip()[:300]))
    return elapsed, done.stdout


def timed(argv, stdin_text, runs):
    samples = []
    out = ""
    for i in range(runs + 1):
        elapsed, out = run_once(argv, stdin_text)
        if i > 0:  # the first run warms the page cache
            samples.append(elapsed)
    return statistics.median(samples), out


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def read_mix(path, sample, seed):
    """(query, class) pairs; a query file marks each class with a "# class: NAME" line."""
    queries = []
    label = ""
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("# class:"):
            label = line.split(":", 1)[1].strip()
        elif line and not line.startswith("#"):
            queries.append((line, label))
    if sample and sample < len(queries):
        queries = random.Random(seed).sample(queries, sample)
    return queries


def measure_mix(args, search, sqlite, tool):
    """Rows per system over the sample, rows per query class, and the floors (a process that
    starts and exits: `dossier-search --version`, `sqlite3` running `SELECT 1`)."""
    drawn = read_mix(args.mix, args.sample, args.seed)
    sql = shell_sql(tool, [q for q, _ in drawn])
    drawn = [(q, c) for q, c in drawn if q in sql]  # what FTS5 cannot express is left out for both
    systems = [
        ("dossier-search", lambda q: ([search, "--db", args.dossier, "--color", "never", q], None)),
        ("sqlite3: top 10 + snippet + count", lambda q: ([sqlite, "-readonly", args.fts5], sql[q]["top10_count"])),
        ("sqlite3: + facets", lambda q: ([sqlite, "-readonly", args.fts5], sql[q]["with_facets"])),
    ]
    if args.baseline:  # another build of dossier-search, taking its turn with the others
        systems.append(("baseline dossier-search", lambda q: ([args.baseline, "--db", args.dossier, "--color", "never", q], None)))
    for query, _ in drawn[:10]:  # warm the processes' other caches for both
        for _, command in systems:
            run_once(*command(query))
    samples = {name: [] for name, _ in systems}
    by_class = {}
    for i, (query, label) in enumerate(drawn):
        order = systems[i % len(systems):] + systems[:i % len(systems)]  # who goes first rotates
        for name, command in order:
            elapsed = run_once(*command(query))[0]
            samples[name].append(elapsed)
            by_class.setdefault(label, {}).setdefault(name, []).append(elapsed)
    floors = {"dossier-search --version": [], "sqlite3: SELECT 1": []}
    for _ in range(20):
        floors["dossier-search --version"].append(run_once([search, "--version"], None)[0])
        floors["sqlite3: SELECT 1"].append(run_once([sqlite, "-readonly", args.fts5], "SELECT 1;\n")[0])

    def row(name, s):
        return {"system": name, "queries": len(s), "p50_ms": round(1000 * percentile(s, 0.5), 1),
                "p90_ms": round(1000 * percentile(s, 0.9), 1), "p99_ms": round(1000 * percentile(s, 0.99), 1),
                "mean_ms": round(1000 * statistics.mean(s), 1)}

    rows = [row(name, samples[name]) for name, _ in systems]
    classes = [{"class": label, "queries": len(times[systems[0][0]]),
                "p50_ms": {name: round(1000 * statistics.median(times[name]), 1) for name, _ in systems}}
               for label, times in sorted(by_class.items())]
    return rows, classes, [row(name, s) for name, s in floors.items()]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossier", required=True, help="Dossier database directory")
    parser.add_argument("--fts5", required=True, help="FTS5 database (dossier-bench-fts5 --build)")
    parser.add_argument("--search", default=None, help="dossier-search binary (default: build/bin/dossier-search)")
    parser.add_argument("--fts5-tool", default=None, help="dossier-bench-fts5 binary (default: beside --search)")
    parser.add_argument("--runs", type=int, default=7, help="runs of each named query")
    parser.add_argument("--mix", help="query file (dossier-bench --write-queries) to sample the mix from")
    parser.add_argument("--sample", type=int, default=100, help="queries drawn from --mix (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--passages", help="the databases' size, for the headings")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--commit", help="the commit measured, for the heading")
    parser.add_argument("--baseline", help="another dossier-search binary (a build to compare with) run on the mix "
                        "in turn with the others, on the same database")
    parser.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    search = args.search or os.path.join(root, "build", "bin", "dossier-search")
    tool = args.fts5_tool or os.path.join(os.path.dirname(search), "dossier-bench-fts5")
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        sys.exit("startup_bench: the sqlite3 shell is missing (Debian package sqlite3)")
    size = (" at %s passages" % args.passages) if args.passages else ""

    machine = describe_machine()
    preloaded = preload([args.dossier, args.fts5]) if args.mix else 0
    mix_rows, class_rows, floor_rows = measure_mix(args, search, sqlite, tool) if args.mix else ([], [], [])
    after_mix = {"dossier": resident(args.dossier), "fts5": resident(args.fts5)} if args.mix else {}
    named_sql = shell_sql(tool, args.queries)
    rows = []
    for query in args.queries:
        dossier_s, out = timed([search, "--db", args.dossier, "--color", "never", query], None, args.runs)
        header = out.splitlines()[0] if out else ""
        exact_s, _ = timed([search, "--db", args.dossier, "--color", "never", "--exact-facets", query], None, args.runs)
        sqlite_s, _ = timed([sqlite, "-readonly", args.fts5], named_sql[query]["with_facets"], args.runs)
        rows.append({"query": query, "dossier_s": round(dossier_s, 4), "dossier_exact_s": round(exact_s, 4),
                     "sqlite3_s": round(sqlite_s, 4), "ratio": round(dossier_s / sqlite_s, 3),
                     "exact_ratio": round(exact_s / sqlite_s, 3), "dossier_header": header})

    if mix_rows:
        print("One process per query%s: %d queries of the query mix, wall time (ms)%s, %s." %
              (size, mix_rows[0]["queries"], (", commit " + args.commit) if args.commit else "", machine))
        print("Both databases were read once into the page cache first (%.0f MB)." % (preloaded / 1e6))
        if None not in after_mix.values():
            print("In the page cache after the mix: %.0f%% of Dossier's database, %.0f%% of the FTS5 database "
                  "(where the cache cannot hold both, the mix read blocks from disk)." %
                  (100 * after_mix["dossier"], 100 * after_mix["fts5"]))
        print()
        print("| system | p50 | p90 | p99 | mean |")
        print("|---|---:|---:|---:|---:|")
        for r in mix_rows:
            print("| %s | %.1f | %.1f | %.1f | %.1f |" % (r["system"], r["p50_ms"], r["p90_ms"], r["p99_ms"], r["mean_ms"]))
        print()
        names = [r["system"] for r in mix_rows]
        print("Median per query class (ms):")
        print()
        print("| class | queries | " + " | ".join(names) + " |")
        print("|---|---:|" + "---:|" * len(names))
        for c in class_rows:
            print("| %s | %d | %s |" % (c["class"], c["queries"], " | ".join("%.1f" % c["p50_ms"][n] for n in names)))
        print()
        print("A process that starts and exits, 20 runs (ms): " +
              "; ".join("%s p50 %.1f" % (r["system"], r["p50_ms"]) for r in floor_rows) + ".")
        print()
    print("Named queries%s, one process each, median wall time of %d runs (s); ratio = dossier-search / sqlite3 shell "
          "(+ facets)." % (size, args.runs))
    print()
    print("| query | dossier-search | --exact-facets | sqlite3 + FTS5 | ratio | ratio exact | Dossier's header line |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print("| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %s |" % (r["query"], r["dossier_s"], r["dossier_exact_s"], r["sqlite3_s"],
                                                            r["ratio"], r["exact_ratio"], r["dossier_header"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": args.runs, "dossier": args.dossier, "fts5": args.fts5, "passages": args.passages,
                       "commit": args.commit, "machine": machine, "resident_after_mix": after_mix,
                       "mix": {"file": args.mix, "sample": args.sample, "seed": args.seed, "systems": mix_rows,
                               "classes": class_rows, "floors": floor_rows},
                       "queries": rows}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
