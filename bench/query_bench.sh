#!/usr/bin/env bash
# Query latency, side by side: Dossier (dossier-bench), a plain Xapian baseline
# (dossier-bench-xapian) and SQLite FTS5 (dossier-bench-fts5), on the same generated corpus and the
# same queries, in one run. All three use the same measuring loop and report (bench/harness.h).
#
#   make bench-query                              # 200k passages (builds first)
#   BENCH_PASSAGES="200000 1000000" make bench-query
#
# Steps per size N: generate the corpus (bench/gen_corpus.py, JSONL), index it with dossier-index,
# export Dossier's passages (text, dates, facet tags) with dossier-bench-export and build the two
# baseline databases from that export, generate a query mix from the Dossier database
# (dossier-bench --mix), then measure BENCH_ROUNDS rounds; each round runs every system once (in a
# rotated order) over every mode. Per system and mode the report gives the median over the rounds
# of each statistic, and the ratios Dossier/other of the medians.
#
# Environment (all optional):
#   BUILD_DIR        build directory (default: build)
#   BENCH_PASSAGES   corpus sizes (default: "200000")
#   BENCH_SEED       generator and query-mix seed (default: 1)
#   BENCH_QUERIES    queries in the mix (default: 390, 30 per class)
#   BENCH_QUERY_FILE use this query file instead of a generated mix
#   BENCH_ROUNDS     rounds (default: 3); BENCH_REPEAT passes per round (default: 1)
#   BENCH_WARMUP     warm-up passes per mode and round (default: 1)
#   BENCH_THREADS    concurrent clients (default: 1)
#   BENCH_MODES      (default: top10,facets,full)
#   BENCH_SYSTEMS    (default: "dossier dossier-exact xapian fts5"; dossier-exact is dossier-bench
#                    --exact-facets: every count exact, where dossier estimates very common queries)
#   BENCH_WORK       corpora and databases (default: $BUILD_DIR/bench-query; reused between runs)
#   BENCH_REINDEX=1  rebuild the databases even when they exist
#   BENCH_RESULTS    where query-N.json / query-N.md / plots / startup-N.* go (default: bench/results)
#   BENCH_STARTUP_SAMPLE  queries of the mix run one process each for startup-N.* (default: 100)
#   BENCH_BUILD_ONLY=1    build the databases and the query mix, measure nothing (bench/startup_bench.sh)
#   BENCH_SKIP_BUILD=1    use the binaries in $BUILD_DIR/bin as they are: no packages, no build
#   BENCH_STARTUP_RUNS  runs per command of the start-up comparison (default: 7)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # ROOT (the working directory), BUILD_DIR, BIN
PASSAGES=${BENCH_PASSAGES:-200000}
SEED=${BENCH_SEED:-1}
QUERIES=${BENCH_QUERIES:-390}
ROUNDS=${BENCH_ROUNDS:-3}
REPEAT=${BENCH_REPEAT:-1}
WARMUP=${BENCH_WARMUP:-1}
THREADS=${BENCH_THREADS:-1}
MODES=${BENCH_MODES:-top10,facets,full}
SYSTEMS=${BENCH_SYSTEMS:-"dossier dossier-exact xapian fts5"}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-query}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}

say() { printf 'query_bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

apt_install() {  # packages: install the missing ones when we may (root, apt-get present)
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } ||
      say "could not install ${missing[*]}"
  else
    say "missing packages ${missing[*]} (not root: not installed)"
  fi
}
if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then  # set by the end-to-end tests, which bring their own binaries
  # Benchmark-only packages: SQLite for the FTS5 baseline (and its shell, for the start-up
  # comparison), gnuplot for the plots, time for RSS.
  apt_install libsqlite3-dev sqlite3 gnuplot-nox time

  # (Re)configure so that CMake finds SQLite if it was just installed, then build the tools.
  [[ -f $BUILD_DIR/build.ninja || -f $BUILD_DIR/Makefile ]] || die "$BUILD_DIR is not configured; run 'make build' first"
  cmake "$BUILD_DIR" >/dev/null
  TARGETS=(dossier-index dossier-search dossier-bench dossier-bench-export dossier-bench-xapian)
  [[ " $SYSTEMS " == *" fts5 "* ]] && grep -q 'dossier-bench-fts5' "$BUILD_DIR/build.ninja" 2>/dev/null && TARGETS+=(dossier-bench-fts5)
  cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" >&2
fi
for s in $SYSTEMS; do
  case $s in
    dossier | dossier-exact) ;;
    xapian) ;;
    fts5) [[ -x $BIN/dossier-bench-fts5 ]] || die "dossier-bench-fts5 not built (libsqlite3-dev missing?)" ;;
    *) die "unknown system '$s' in BENCH_SYSTEMS" ;;
  esac
done

tool_of() { case $1 in dossier | dossier-exact) echo "$BIN/dossier-bench" ;; xapian) echo "$BIN/dossier-bench-xapian" ;; fts5) echo "$BIN/dossier-bench-fts5" ;; esac; }
db_of() { case $1 in dossier | dossier-exact) echo "$WORK/dossier-$2.db" ;; xapian) echo "$WORK/xapian-$2.db" ;; fts5) echo "$WORK/fts5-$2.sqlite" ;; esac; }
seconds_of() { awk '{printf "%.1f", $1}' "$1"; }

mkdir -p "$WORK" "$RESULTS"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted')"

for N in $PASSAGES; do
  CORPUS=$WORK/corpus-$N-s$SEED
  if [[ ! -f $CORPUS/.gen_corpus.json ]]; then
    rm -rf "$CORPUS"
    say "generating $N passages (seed $SEED) into $CORPUS"
    python3 bench/gen_corpus.py --passages "$N" --seed "$SEED" --out "$CORPUS" --format jsonl --quiet >&2
  else
    say "reusing the corpus $CORPUS"
  fi
  BUILDS=$WORK/builds-$N.json
  [[ -f $BUILDS && -z ${BENCH_REINDEX:-} ]] || echo '{}' > "$BUILDS"
  record_build() {  # SYSTEM TIMEFILE DB
    python3 - "$BUILDS" "$@" <<'PY'
import json, subprocess, sys
path, system, timefile, db = sys.argv[1:5]
wall, user, sys_s, rss = open(timefile).read().split()
doc = json.load(open(path))
du = subprocess.run(["du", "-sk", db], capture_output=True, text=True).stdout.split()
doc[system] = {"wall_s": float(wall), "cpu_s": round(float(user) + float(sys_s), 1),
               "max_rss_mb": round(int(rss) / 1024), "db_mb": round(int(du[0]) / 1024) if du else None}
json.dump(doc, open(path, "w"), indent=1)
PY
  }
  DDB=$(db_of dossier "$N")
  # A database this dossier-search cannot read (another format version) is rebuilt.
  usable=0
  if [[ -f $DDB/XAPIANDB ]]; then
    set +e; "$BIN/dossier-search" --db "$DDB" --limit 1 --format json zzzzz >/dev/null 2>&1; rc=$?; set -e
    ((rc <= 1)) && usable=1 || say "$DDB cannot be searched by this build (exit $rc): rebuilding it"
  fi
  if [[ -n ${BENCH_REINDEX:-} ]] || ((!usable)); then
    rm -rf "$DDB"
    say "dossier-index: $N passages"
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/dossier-$N.time" "$BIN/dossier-index" --quiet --db "$DDB" "$CORPUS/jsonl" >&2 ||
      die "dossier-index failed"
    record_build dossier "$WORK/dossier-$N.time" "$DDB"
    rm -f "$WORK/passages-$N.jsonl"
  else
    # An older format this build still reads is upgraded in place by an incremental run, which
    # indexes nothing again (seconds at a million passages).
    say "reusing $DDB (an incremental run brings its format up to date)"
    "$BIN/dossier-index" --quiet --db "$DDB" "$CORPUS/jsonl" >&2 || die "dossier-index (incremental) failed"
  fi
  EXPORT=$WORK/passages-$N.jsonl
  # The baselines' input; not needed where only Dossier is measured (bench/load_bench.sh).
  if [[ ! -f $EXPORT && ( " $SYSTEMS " == *" xapian "* || " $SYSTEMS " == *" fts5 "* ) ]]; then
    say "exporting Dossier's passages for the baselines"
    "$BIN/dossier-bench-export" --db "$DDB" --out "$EXPORT.tmp" >&2 && mv "$EXPORT.tmp" "$EXPORT"
    rm -rf "$(db_of xapian "$N")" "$(db_of fts5 "$N")"
  fi
  for s in xapian fts5; do
    [[ " $SYSTEMS " == *" $s "* ]] || continue
    DB=$(db_of "$s" "$N")
    if [[ -n ${BENCH_REINDEX:-} || ! -e $DB ]]; then
      rm -rf "$DB"
      say "$s: building its database from $EXPORT"
      /usr/bin/time -f '%e %U %S %M' -o "$WORK/$s-$N.time" "$(tool_of "$s")" --db "$DB" --build "$EXPORT" >&2 || die "$s build failed"
      record_build "$s" "$WORK/$s-$N.time" "$DB"
    else
      say "reusing $DB"
    fi
  done

  Q=$WORK/queries-$N.txt
  if [[ -n ${BENCH_QUERY_FILE:-} ]]; then
    cp "$BENCH_QUERY_FILE" "$Q"
  else
    "$BIN/dossier-bench" --db "$DDB" --mix "$QUERIES" --seed "$SEED" --write-queries "$Q" >&2
  fi
  # The query file stays in $WORK: its words and phrases come from text generated out of the
  # Reuters/BBC training data, which is not copied into the repository; the seed regenerates it.
  [[ -n ${BENCH_BUILD_ONLY:-} ]] && continue  # bench/startup_bench.sh: the databases and queries only

  RUNS=$WORK/runs-$N
  rm -rf "$RUNS"; mkdir -p "$RUNS"
  read -r -a ORDER <<< "$SYSTEMS"
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((i = 0; i < ${#ORDER[@]}; i++)); do
      s=${ORDER[(i + round - 1) % ${#ORDER[@]}]}
      say "round $round/$ROUNDS: $s ($N passages, load $(cut -d' ' -f1 /proc/loadavg))"
      PLOT=(); ((round == ROUNDS)) && PLOT=(--plot "$RESULTS/query-$N-$s.svg")
      EXTRA=(); [[ $s == dossier-exact ]] && EXTRA=(--exact-facets)
      set +e
      "$(tool_of "$s")" --db "$(db_of "$s" "$N")" --queries "$Q" --modes "$MODES" --warmup "$WARMUP" --repeat "$REPEAT" \
        --threads "$THREADS" --seed "$((SEED + round))" --json "${PLOT[@]}" "${EXTRA[@]}" > "$RUNS/$s-$round.json" 2> "$RUNS/$s-$round.err"
      rc=$?
      set -e
      ((rc <= 1)) || { cat "$RUNS/$s-$round.err" >&2; die "$s failed (exit $rc)"; }
      ((rc == 0)) || say "$s skipped some queries: $(grep -c '(skipped)' "$RUNS/$s-$round.err") (see $RUNS/$s-$round.err)"
      echo "$(cut -d' ' -f1-3 /proc/loadavg)" > "$RUNS/$s-$round.load"
    done
  done

  # ------------------------------------------------------------ summary: query-N.json + query-N.md
  python3 bench/query_summary.py "$RUNS" "$N" "$RESULTS" "$BUILDS" "$CORPUS/.gen_corpus.json" "$COMMIT" "$ROUNDS" "$SYSTEMS"

  # One process per query, end to end: dossier-search against the sqlite3 shell on the FTS5 table.
  if [[ " $SYSTEMS " == *" fts5 "* ]]; then
    if command -v sqlite3 >/dev/null; then
      say "start-up: dossier-search against the sqlite3 shell ($N passages)"
      python3 bench/startup_bench.py --dossier "$DDB" --fts5 "$(db_of fts5 "$N")" --search "$BIN/dossier-search" \
        --mix "$Q" --sample "${BENCH_STARTUP_SAMPLE:-100}" --passages "$N" --commit "$COMMIT" \
        --runs "${BENCH_STARTUP_RUNS:-7}" --json "$RESULTS/startup-$N.json" | tee "$RESULTS/startup-$N.md"
    else
      say "start-up comparison skipped: no sqlite3 shell (Debian package sqlite3)"
    fi
  fi
done
