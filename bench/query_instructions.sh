#!/usr/bin/env bash
# Instructions per query, per query class and mode, counted by callgrind: repeatable whatever the
# machine's load (unlike latencies), so a regression shows as a changed count.
#
#   bench/query_instructions.sh DB QUERY_FILE [MODES]     # MODES default: top10,facets,full
#
# QUERY_FILE is dossier-bench's format ('# class: NAME' lines). Only Searcher::search() and what
# it calls are counted (callgrind --toggle-collect), so opening the database, ICU start-up and the
# benchmark's own loop are left out. Searches run in one thread (--search-threads 1): callgrind
# counts the threads of a split search apart, outside Searcher::search(). Block reads are copies
# from memory maps (searcher/speedup/mapped_reads.h), counted here, where a pread's copy was kernel time
# and not counted (DOSSIER_MAPPED_READS=0 gives the old accounting). Each query of a class runs once (no warm-up: instruction
# counts do not depend on the page cache); the count is divided by the class's queries. Prints a
# markdown table; needs valgrind. The shard tables (searcher/speedup/shard_tables.h) are off unless
# DOSSIER_LENGTH_TABLE / DOSSIER_FACET_TABLE say otherwise: without a warm-up, reading them once
# per shard would be counted in a class's first query and hide what a query itself costs.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
BENCH=$BUILD_DIR/bin/dossier-bench
DB=${1:?usage: query_instructions.sh DB QUERY_FILE [MODES]}
QUERIES=${2:?usage: query_instructions.sh DB QUERY_FILE [MODES]}
MODES=${3:-top10,facets,full}
command -v valgrind >/dev/null || { echo "query_instructions: valgrind is needed" >&2; exit 2; }
[[ -x $BENCH ]] || { echo "query_instructions: $BENCH not found (build first)" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One query file per class.
python3 - "$QUERIES" "$WORK" <<'PY'
import os, sys
current, files = None, {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("# class:"):
        current = line.split(":", 1)[1].strip()
        continue
    if not line.strip() or line.startswith("#") or current is None:
        continue
    files.setdefault(current, []).append(line)
for name, lines in files.items():
    with open(os.path.join(sys.argv[2], "class-" + name + ".txt"), "w", encoding="utf-8") as f:
        f.write("# class: %s\n%s\n" % (name, "\n".join(lines)))
PY

echo "| class | queries | $(echo "$MODES" | sed 's/,/ | /g') |"
echo "|---|---:|$(echo "$MODES" | sed 's/[^,]*/---:/g; s/,/|/g')|"
for file in "$WORK"/class-*.txt; do
  class=$(basename "$file" .txt); class=${class#class-}
  n=$(grep -vc '^#' "$file")
  row="| $class | $n |"
  for mode in ${MODES//,/ }; do
    DOSSIER_LENGTH_TABLE=${DOSSIER_LENGTH_TABLE:-0} DOSSIER_FACET_TABLE=${DOSSIER_FACET_TABLE:-0} \
      valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" --toggle-collect='dossier::Searcher::search(*' \
      "$BENCH" --db "$DB" --queries "$file" --modes "$mode" --warmup 0 --repeat 1 --search-threads 1 >/dev/null 2>"$WORK/vg.err" ||
      { echo "query_instructions: callgrind failed on $class/$mode:" >&2; tail -5 "$WORK/vg.err" >&2; exit 2; }
    total=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$WORK/cg.out" | head -1 | awk '{print $1}')
    row="$row $(awk -v t="$total" -v n="$n" 'BEGIN { printf "%.2f M", t / n / 1e6 }') |"
  done
  echo "$row"
done
