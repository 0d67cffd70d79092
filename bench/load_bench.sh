#!/usr/bin/env bash
# Query latency on a busy machine: dossier-bench with the default search (--search-threads 0:
# split between threads when it pays) against the single-threaded one (--search-threads 1), on
# an idle machine, next to a process that keeps one core busy, and while dossier-index runs.
#
#   make bench-load                                   # 200k passages
#   BENCH_PASSAGES=1000000 make bench-load
#
# Loads (BENCH_LOADS, default "idle hog indexer"):
#   idle     nothing else runs.
#   hog      `yes > /dev/null`: one core kept busy.
#   indexer  dossier-index, again and again for as long as the measurement lasts, over a generated
#            archive of BENCH_LOAD_PASSAGES passages (default 50000, another seed than the searched
#            corpus): a fresh run over the first half of its files, then an incremental run that
#            adds the second half, as a night's run adds the day's files. It writes a database of
#            its own, so that what is searched stays the same from round to round; the load on the
#            cores, the memory and the disk is an indexing run's.
#
# Every round measures every load, and under each, mode by mode, both settings in one process,
# query by query (dossier-bench --alternate-threads), which goes first alternating, and which is
# made first in the process swapping from round to round; a load starts BENCH_LOAD_SETTLE seconds
# (default 2) before its first measurement and stops after its last. The summary
# (bench/load_summary.py) gives per load, mode and setting the median over the rounds of each
# round's statistic, the ratio default/single, and whether the default is at most the
# single-threaded search at p50 and p99. After each pair, a control (BENCH_CONTROL=1, the default;
# 0 leaves it out): the single thread against itself, measured the same way, whose ratio shows
# what identical code gives on this machine under this load. The summary judges the default
# against it: at most the single thread, or no further from it than identical code.
#
# The searched corpus, database and query mix are bench/query_bench.sh's (shared with make
# bench-query, built when missing). Environment (all optional): BUILD_DIR (default build),
# BENCH_PASSAGES (default 200000), BENCH_SEED (default 1), BENCH_ROUNDS (default 10),
# BENCH_REPEAT (passes over the queries per measurement, default 1), BENCH_MODES (default
# top10,facets), BENCH_LOADS, BENCH_CONTROL, BENCH_LOAD_PASSAGES, BENCH_LOAD_SETTLE, BENCH_WORK (default
# $BUILD_DIR/bench-query), BENCH_RESULTS (default bench/results; writes load-N.json, load-N.md).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # ROOT (the working directory), BUILD_DIR, BIN
PASSAGES=${BENCH_PASSAGES:-200000}
SEED=${BENCH_SEED:-1}
ROUNDS=${BENCH_ROUNDS:-10}
REPEAT=${BENCH_REPEAT:-1}
MODES=${BENCH_MODES:-top10,facets}
LOADS=${BENCH_LOADS:-"idle hog indexer"}
LOAD_PASSAGES=${BENCH_LOAD_PASSAGES:-50000}
CONTROL=${BENCH_CONTROL:-1}
SETTLE=${BENCH_LOAD_SETTLE:-2}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-query}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}

say() { printf 'load_bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }
for load in $LOADS; do
  case $load in idle | hog | indexer) ;; *) die "unknown load '$load' in BENCH_LOADS (idle, hog, indexer)" ;; esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number"

BUILD_DIR=$BUILD_DIR BENCH_SYSTEMS=dossier BENCH_BUILD_ONLY=1 BENCH_PASSAGES="$PASSAGES" BENCH_SEED=$SEED \
  BENCH_WORK=$WORK bash bench/query_bench.sh
mkdir -p "$RESULTS"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted')"

# The indexer's archive: its JSONL files split in two halves (the night's old and new files).
LOAD_SEED=$((SEED + 1000))
LOAD_CORPUS=$WORK/load-corpus-$LOAD_PASSAGES-s$LOAD_SEED
if [[ " $LOADS " == *" indexer "* && ! -f $LOAD_CORPUS/.split ]]; then
  rm -rf "$LOAD_CORPUS"
  say "generating the indexer's archive: $LOAD_PASSAGES passages (seed $LOAD_SEED)"
  python3 bench/gen_corpus.py --passages "$LOAD_PASSAGES" --seed "$LOAD_SEED" --out "$LOAD_CORPUS/gen" --format jsonl --articles-per-file 200 --quiet >&2
  mkdir -p "$LOAD_CORPUS/old" "$LOAD_CORPUS/new"
  mapfile -t files < <(find "$LOAD_CORPUS/gen/jsonl" -type f -name '*.jsonl' | sort)
  ((${#files[@]} >= 2)) || die "the indexer's archive has fewer than two files"
  half=$((${#files[@]} / 2))
  for ((i = 0; i < ${#files[@]}; i++)); do
    if ((i < half)); then mv "${files[i]}" "$LOAD_CORPUS/old/"; else mv "${files[i]}" "$LOAD_CORPUS/new/"; fi
  done
  touch "$LOAD_CORPUS/.split"
fi

LOAD_PID=
LOAD_LOG=
stop_load() {
  if [[ -n $LOAD_PID ]]; then
    # The load runs in a process group of its own (set -m below): stop all of it.
    kill -TERM -- "-$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
    LOAD_PID=
  fi
}
trap stop_load EXIT
start_load() {  # LOAD N
  case $1 in
    idle) return 0 ;;
    hog)
      set -m
      yes > /dev/null &
      LOAD_PID=$!
      set +m
      ;;
    indexer)
      local db=$WORK/load-index-$2.db
      LOAD_LOG=$WORK/load-index-$2.log
      : > "$LOAD_LOG"
      set -m
      (
        while true; do
          rm -rf "$db"
          echo "fresh $db" >> "$LOAD_LOG.runs"  # a line per run started, with its database
          "$BIN/dossier-index" --quiet --db "$db" "$LOAD_CORPUS/old" >> "$LOAD_LOG" 2>&1 || exit 1
          echo "incremental $db" >> "$LOAD_LOG.runs"
          "$BIN/dossier-index" --quiet --db "$db" "$LOAD_CORPUS/old" "$LOAD_CORPUS/new" >> "$LOAD_LOG" 2>&1 || exit 1
        done
      ) &
      LOAD_PID=$!
      set +m
      ;;
  esac
  sleep "$SETTLE"
  kill -0 "$LOAD_PID" 2>/dev/null || die "the $1 load stopped at once (see ${LOAD_LOG:-its output})"
}

for N in $PASSAGES; do
  DDB=$WORK/dossier-$N.db
  Q=$WORK/queries-$N.txt
  RUNS=$WORK/load-runs-$N
  rm -rf "$RUNS"; mkdir -p "$RUNS"
  rm -f "$WORK/load-index-$N.log.runs"
  for ((round = 1; round <= ROUNDS; round++)); do
    for load in $LOADS; do
      start_load "$load" "$N"
      # Mode by mode, one dossier-bench process measures both settings query by query
      # (--alternate-threads): each query runs with the default and with one thread, one right
      # after the other, which goes first alternating from query to query (and the first query's
      # turn from round to round, with the seed). A drift of the machine or of the load then
      # slows both alike; separate processes, even back to back, saw ratios of 0.9-1.1 between
      # identical code.
      # The setting made first in the process (the first of the pair) runs slower, whatever it
      # is: --search-threads 1 against itself at 1M passages gave per query 1.015 (idle, 6 runs)
      # and 1.010 (beside a CPU hog, 9 runs), and beside the hog a pooled p50 of 1.038 (above 1
      # in 9 runs of 9). So which setting comes first in the process swaps from round to round:
      # odd rounds the default, even rounds the single thread (an even BENCH_ROUNDS balances
      # them).
      if ((round % 2 == 1)); then first=0 second=1; else first=1 second=0; fi
      for mode in ${MODES//,/ }; do
        say "round $round/$ROUNDS: $load, $mode, default and single alternating ($N passages, load $(cut -d' ' -f1 /proc/loadavg))"
        out=$RUNS/$load-pair-$round-$mode
        set +e
        "$BIN/dossier-bench" --db "$DDB" --queries "$Q" --modes "$mode" --warmup 1 --repeat "$REPEAT" \
          --seed "$((SEED + round))" --search-threads "$first" --alternate-threads "$second" --json --samples > "$out.json" 2> "$out.err"
        rc=$?
        set -e
        ((rc <= 1)) || { cat "$out.err" >&2; die "dossier-bench failed (exit $rc)"; }
        if [[ $load != idle ]] && ! kill -0 "$LOAD_PID" 2>/dev/null; then
          die "the $load load stopped during the measurement (see ${LOAD_LOG:-its output})"
        fi
        # The control: the single thread against itself, measured as the pair above (same
        # seed, same load). Identical code gives a ratio of 1 but for the noise; the spread of
        # its ratio is what the pair's ratio is judged against (bench/load_summary.py).
        if [[ $CONTROL != 0 ]]; then
          say "round $round/$ROUNDS: $load, $mode, control: single against itself"
          out=$RUNS/$load-control-$round-$mode
          set +e
          "$BIN/dossier-bench" --db "$DDB" --queries "$Q" --modes "$mode" --warmup 1 --repeat "$REPEAT" \
            --seed "$((SEED + round))" --search-threads 1 --alternate-threads 1 --json --samples > "$out.json" 2> "$out.err"
          rc=$?
          set -e
          ((rc <= 1)) || { cat "$out.err" >&2; die "dossier-bench failed (exit $rc)"; }
        fi
      done
      stop_load
    done
  done
  indexer_runs=0  # started, fresh or incremental (a run stopped with its load counts)
  [[ -f $WORK/load-index-$N.log.runs ]] && indexer_runs=$(wc -l < "$WORK/load-index-$N.log.runs")
  python3 bench/load_summary.py --runs "$RUNS" --passages "$N" --commit "$COMMIT" --rounds "$ROUNDS" --loads "$LOADS" \
    --load-passages "$LOAD_PASSAGES" --indexer-runs "$indexer_runs" --json "$RESULTS/load-$N.json" | tee "$RESULTS/load-$N.md"
done
