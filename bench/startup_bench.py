#!/usr/bin/env python3
"""One process per query, end to end: `dossier-search QUERY` against the `sqlite3` shell on the
FTS5 table of the same passages (built by dossier-bench-fts5), both answering the same question:
the top 10 articles with their titles, the total of matching articles and the facet counts.

    python3 bench/startup_bench.py --dossier DB --fts5 DB.sqlite [--runs 7] [QUERY ...]

Each command runs --runs times after one unmeasured run (warm page cache); the wall time of the
whole process (start, open, query, print, exit) is measured here, and the median is reported
with the ratio Dossier / sqlite3. Words are ORed, as both tools do by default. Prints a Markdown
table; --json FILE also writes the figures.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

DEFAULT_QUERIES = ["missile kosovo", "said", "army", "ceasefire negotiations"]


def fts5_script(query):
    words = " OR ".join('"%s"' % w.replace('"', '""') for w in query.split())
    match = words.replace("'", "''")
    return (
        "WITH m AS MATERIALIZED (SELECT rowid AS id, article, bm25(passages) AS score FROM passages "
        "WHERE passages MATCH '{m}') "
        "SELECT (SELECT title FROM passages WHERE rowid = id), best FROM "
        "(SELECT id, min(score) AS best FROM m GROUP BY article ORDER BY best LIMIT 10);\n"
        "SELECT count(DISTINCT article) FROM passages WHERE passages MATCH '{m}';\n"
        "SELECT f.code, count(*) AS n FROM passages JOIN facets AS f ON f.doc = passages.rowid "
        "WHERE passages MATCH '{m}' GROUP BY f.code ORDER BY n DESC LIMIT 24;\n"
    ).format(m=match)


def timed(argv, stdin_text, runs):
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, input=stdin_text, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            sys.exit("startup_bench: %s failed (exit %d): %s" % (argv[0], done.returncode, done.stderr.strip()[:300]))
        if i > 0:  # the first run warms the page cache
            samples.append(elapsed)
    return statistics.median(samples), done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossier", required=True, help="Dossier database directory")
    parser.add_argument("--fts5", required=True, help="FTS5 database (dossier-bench-fts5 --build)")
    parser.add_argument("--search", default=None, help="dossier-search binary (default: build/bin/dossier-search)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("queries", nargs="*", default=DEFAULT_QUERIES)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    search = args.search or os.path.join(root, "build", "bin", "dossier-search")
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        sys.exit("startup_bench: the sqlite3 shell is missing (Debian package sqlite3)")
    rows = []
    for query in args.queries:
        dossier_s, out = timed([search, "--db", args.dossier, "--color", "never", query], None, args.runs)
        header = out.splitlines()[0] if out else ""
        exact_s, _ = timed([search, "--db", args.dossier, "--color", "never", "--exact-facets", query], None, args.runs)
        sqlite_s, _ = timed([sqlite, "-readonly", args.fts5], fts5_script(query), args.runs)
        rows.append({"query": query, "dossier_s": round(dossier_s, 4), "dossier_exact_s": round(exact_s, 4),
                     "sqlite3_s": round(sqlite_s, 4), "ratio": round(dossier_s / sqlite_s, 3),
                     "exact_ratio": round(exact_s / sqlite_s, 3), "dossier_header": header})
    print("One process per query, median wall time of %d runs (s); ratio = dossier-search / sqlite3 shell." % args.runs)
    print()
    print("| query | dossier-search | --exact-facets | sqlite3 + FTS5 | ratio | ratio exact | Dossier's header line |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print("| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %s |" % (r["query"], r["dossier_s"], r["dossier_exact_s"], r["sqlite3_s"],
                                                            r["ratio"], r["exact_ratio"], r["dossier_header"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": args.runs, "dossier": args.dossier, "fts5": args.fts5, "queries": rows}, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
