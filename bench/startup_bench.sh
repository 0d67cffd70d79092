#!/usr/bin/env bash
# One-shot start-up: `dossier-search QUERY` (start, open, search, print, exit) against the sqlite3
# shell on an FTS5 table of the same passages, one process per query of the query mix, at each
# size in one run (bench/startup_bench.py measures; bench/query_bench.sh builds the databases).
#
#   make bench-startup                            # 100k and 1M passages (builds first)
#   BENCH_PASSAGES=100000 make bench-startup
#
# Before measuring, dossier-index runs once more over each corpus: nothing has changed, so nothing
# is read again, and the database is what this dossier-index leaves after a night's run (a
# database built by an older version gains what this one writes at the end of a run).
#
# Environment (all optional): BUILD_DIR (default build), BENCH_PASSAGES (default "100000
# 1000000"), BENCH_SEED (default 1), BENCH_WORK (default $BUILD_DIR/bench-query, shared with
# make bench-query), BENCH_STARTUP_SAMPLE (queries of the mix, default 100), BENCH_STARTUP_RUNS
# (runs of each named query, default 7), BENCH_RESULTS (default bench/results).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # ROOT (the working directory), BUILD_DIR, BIN
PASSAGES=${BENCH_PASSAGES:-"100000 1000000"}
SEED=${BENCH_SEED:-1}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-query}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}

BUILD_DIR=$BUILD_DIR BENCH_SYSTEMS="dossier fts5" BENCH_BUILD_ONLY=1 BENCH_PASSAGES="$PASSAGES" BENCH_SEED=$SEED \
  BENCH_WORK=$WORK bash bench/query_bench.sh
mkdir -p "$RESULTS"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted')"
for N in $PASSAGES; do
  DDB=$WORK/dossier-$N.db
  printf 'startup_bench: dossier-index over the unchanged corpus (%s passages)\n' "$N" >&2
  "$BIN/dossier-index" --quiet --db "$DDB" "$WORK/corpus-$N-s$SEED/jsonl" >&2
  printf 'startup_bench: %s passages, load %s\n' "$N" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
  python3 bench/startup_bench.py --dossier "$DDB" --fts5 "$WORK/fts5-$N.sqlite" --search "$BIN/dossier-search" \
    --mix "$WORK/queries-$N.txt" --sample "${BENCH_STARTUP_SAMPLE:-100}" --seed "$SEED" --passages "$N" --commit "$COMMIT" \
    --runs "${BENCH_STARTUP_RUNS:-7}" --json "$RESULTS/startup-$N.json" | tee "$RESULTS/startup-$N.md"
done
