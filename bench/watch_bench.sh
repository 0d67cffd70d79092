#!/usr/bin/env bash
# The cost of standing queries at scale: `dossier-watch new` over 10 watches on the query
# benchmark's database of N passages (default 1M), after an indexing run added a batch of new
# articles, against the same 10 queries run as one-shot dossier-search processes over the whole
# archive (the baseline: what re-running the searches by hand costs), in the same script.
#
#   make bench-watch                       # 1M passages (builds the database first if absent)
#   BENCH_PASSAGES=200000 make bench-watch
#
# Steps: the database of bench/query_bench.sh (BENCH_BUILD_ONLY=1 builds it when absent) is
# copied to $WORK/watch-N.db; 10 watches are added, each the first query of one class of the
# query mix (medium and common words, AND, OR, a phrase, a facet, a date range, both); a batch of
# BENCH_WATCH_BATCH new passages (bench/gen_corpus.py, another seed) is indexed into the copy (a
# database of format 7 is upgraded in place by that run); then BENCH_ROUNDS rounds, each timing
# `dossier-watch new --peek` (all 10 watches, text output) and the 10 baseline searches, in an
# order that alternates by round. Results: bench/results/watch-N.{json,md}.
#
# Environment (all optional): BUILD_DIR (default build), BENCH_PASSAGES (1000000), BENCH_SEED (1),
# BENCH_WATCH_BATCH (10000), BENCH_ROUNDS (21), BENCH_WORK ($BUILD_DIR/bench-query),
# BENCH_RESULTS (bench/results), BENCH_SKIP_BUILD=1 (use the binaries as they are).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # ROOT (the working directory), BUILD_DIR, BIN
N=${BENCH_PASSAGES:-1000000}
SEED=${BENCH_SEED:-1}
BATCH=${BENCH_WATCH_BATCH:-10000}
ROUNDS=${BENCH_ROUNDS:-21}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-query}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
say() { printf 'watch_bench: %s\n' "$*" >&2; }

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  cmake --build "$BUILD_DIR" --target dossier-index dossier-search dossier-watch dossier-bench >&2
fi
SOURCE_DB=$WORK/dossier-$N.db
QUERY_FILE=$WORK/queries-$N.txt
if [[ ! -d $SOURCE_DB || ! -f $QUERY_FILE ]]; then
  say "building the query benchmark's database of $N passages first"
  BENCH_PASSAGES=$N BENCH_SEED=$SEED BENCH_SYSTEMS=dossier BENCH_BUILD_ONLY=1 BENCH_SKIP_BUILD=${BENCH_SKIP_BUILD:-} bash bench/query_bench.sh
fi

DB=$WORK/watch-$N.db
BATCH_DIR=$WORK/watch-batch-$BATCH-s$((SEED + 1000))
say "copying $SOURCE_DB to $DB"
rm -rf "$DB"
cp -a "$SOURCE_DB" "$DB"
rm -f "$DB/watches.json"
if [[ ! -f $BATCH_DIR/.gen_corpus.json ]]; then
  rm -rf "$BATCH_DIR"
  python3 bench/gen_corpus.py --passages "$BATCH" --seed $((SEED + 1000)) --out "$BATCH_DIR" --format jsonl --quiet >&2
fi

# The first query of each of these classes of the mix: one watch each.
CLASSES="medium-1 common-1 medium-and common-and medium-or common-or phrase facet date facet-date"
mapfile -t QUERIES < <(awk -v want=" $CLASSES " '/^# class:/ {c = $3; n = 0; next} /^#/ || /^$/ {next}
  {n++; if (n == 1 && index(want, " " c " ")) print c "\t" $0}' "$QUERY_FILE")
[[ ${#QUERIES[@]} -eq 10 ]] || { say "error: ${#QUERIES[@]} watch queries found in $QUERY_FILE, not 10"; exit 2; }
for line in "${QUERIES[@]}"; do
  "$BIN/dossier-watch" --db "$DB" add "${line%%$'\t'*}" "${line#*$'\t'}" >&2
done
say "indexing $BATCH new passages into the copy"
start=$(date +%s%N)
"$BIN/dossier-index" --db "$DB" --report "$WORK/watch-index-$N.json" "$BATCH_DIR" 2>"$WORK/watch-index-$N.err" || { cat "$WORK/watch-index-$N.err" >&2; exit 2; }
index_ms=$(( ($(date +%s%N) - start) / 1000000 ))
grep '^dossier-index: ' "$WORK/watch-index-$N.err" | tail -12 >&2

mkdir -p "$RESULTS"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted')"
python3 - "$BIN" "$DB" "$N" "$BATCH" "$ROUNDS" "$RESULTS" "$COMMIT" "$index_ms" "$WORK/watch-index-$N.json" "${QUERIES[@]}" <<'PY'
import json, os, statistics, subprocess, sys, time
bin_dir, db, n, batch, rounds, results, commit, index_ms, report = sys.argv[1:10]
queries = [q.split("\t", 1) for q in sys.argv[10:]]
n, batch, rounds, index_ms = int(n), int(batch), int(rounds), int(index_ms)
env = dict(os.environ, COLUMNS="100", NO_COLOR="1")

def timed(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode > 1:
        sys.exit("watch_bench: %s failed: %s" % (argv, done.stderr.decode()))
    return elapsed, done.stdout

watch_cmd = [bin_dir + "/dossier-watch", "--db", db, "new", "--peek"]
search_cmds = [[bin_dir + "/dossier-search", "--db", db, q] for _, q in queries]
news = json.loads(subprocess.run(watch_cmd + ["--json", "--limit", "1"], stdout=subprocess.PIPE, env=env, check=False).stdout)
new_articles = {w["name"]: w["new_articles"] for w in news["watches"]}
watch_ms, baseline_ms = [], []
for r in range(rounds):
    def watch(): watch_ms.append(timed(watch_cmd)[0])
    def baseline(): baseline_ms.append(sum(timed(c)[0] for c in search_cmds))
    for step in ((watch, baseline) if r % 2 == 0 else (baseline, watch)):
        step()
def stats(values):
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 1), "p90": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 1),
            "min": round(ordered[0], 1), "max": round(ordered[-1], 1)}
ratios = [w / b for w, b in zip(watch_ms, baseline_ms)]
index_report = json.load(open(report))
doc = {"passages": n, "batch_passages": batch, "rounds": rounds, "commit": commit, "watches": len(queries),
       "queries": {name: q for name, q in queries}, "new_articles": new_articles, "run": news["run"],
       "batch_index_ms": index_ms, "batch_articles_added": index_report["articles"]["added"], "upgraded_format": index_report.get("upgraded"),
       "watch_new_ms": stats(watch_ms), "baseline_10_searches_ms": stats(baseline_ms),
       "ratio_watch_to_baseline": {"median": round(statistics.median(ratios), 3), "min": round(min(ratios), 3), "max": round(max(ratios), 3)},
       "under_100_ms": statistics.median(watch_ms) < 100}
json.dump(doc, open(os.path.join(results, "watch-%d.json" % n), "w"), indent=1)
md = ["# `dossier-watch new` over 10 watches, %d passages" % n, "",
      "Generated by `bench/watch_bench.sh` (commit %s): the query benchmark's database of %d passages, 10 watches (one per "
      "class of the query mix), then one indexing run adding %d passages (%d articles, %d ms); %d rounds, each timing "
      "`dossier-watch new --peek` (one process, all 10 watches, text output) and the 10 same queries as one-shot "
      "`dossier-search` processes over the whole archive, in alternating order. Times are wall-clock per command, ms." %
      (commit, n, batch, doc["batch_articles_added"], index_ms, rounds), "",
      "| command | median | p90 | min | max |", "|---|---:|---:|---:|---:|",
      "| `dossier-watch new --peek` (10 watches) | %(median)s | %(p90)s | %(min)s | %(max)s |" % doc["watch_new_ms"],
      "| 10 x `dossier-search QUERY` (baseline) | %(median)s | %(p90)s | %(min)s | %(max)s |" % doc["baseline_10_searches_ms"], "",
      "Per-round ratio watch / baseline: median %(median)s (range %(min)s to %(max)s)." % doc["ratio_watch_to_baseline"], "",
      "| watch | query | new articles |", "|---|---|---:|"]
md += ["| %s | `%s` | %d |" % (name, q.replace("|", "\\|"), new_articles.get(name, 0)) for name, q in queries]
open(os.path.join(results, "watch-%d.md" % n), "w").write("\n".join(md) + "\n")
print("\n".join(md))
PY
