#!/usr/bin/env bash
# The four searcher levers of the query-latency issue, measured one by one on the same database,
# queries and binary, in alternating rounds (this machine is shared and noisy: compare within a
# run, not across runs):
#   neither   --search-threads 1, DOSSIER_MAPPED_READS=0, DOSSIER_LENGTH_TABLE=0,
#             DOSSIER_FACET_TABLE=0 (one thread, a pread per block, lengths and facet ids
#             read through Xapian)
#   split     the search split between threads by shard, alone
#   maps      blocks copied from memory maps, alone
#   lengths   BM25 from the passage-length table (searcher/speedup/bm25_source.h), alone
#   facets    facet counts from the facet-id table (searcher/speedup/shard_tables.h), alone
#   all       as shipped (all four)
# and the per-query extras a search adds besides the match (dossier-bench --without), each left
# out of "all" alone: no-copies (collapsing near-duplicates and finding a hit's copies),
# no-entity-words (words that name an entity matching its tagged passages too), no-suggest
# ("did you mean"); no-extras leaves out all three (LEVERS="all no-copies ..." picks them);
# best-passage ranks articles by their best passage (--article-score best) instead of the
# whole-article mix (docs/ranking.md).
# and, with BASE_BENCH=path/to/an/older/dossier-bench, that build as "base". LEVERS="all" (or any
# subset of the variants) runs only those, beside base: LEVERS=all BASE_BENCH=... compares a
# change against the build before it, as shipped. Ratios are against "neither", or the first
# variant run when "neither" is not; a second table takes each ratio within a round, with a 95%
# interval over the rounds. BASE_DB=path gives base its own database (an older build that
# reads an older index format, built from the same corpus).
#
#   bash bench/lever_ab.sh DB QUERIES [OUT.md]     (ROUNDS=3, MODES=top10,facets,full;
#                                                  BENCH_FLAGS=--exact-facets for exact counts)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB=${1:?usage: lever_ab.sh DB QUERIES [OUT.md]}
QUERIES=${2:?usage: lever_ab.sh DB QUERIES [OUT.md]}
OUT=${3:-}
BENCH=${BENCH:-$ROOT/build/bin/dossier-bench}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-top10,facets,full}
read -r -a VARIANTS <<<"${LEVERS:-neither split maps lengths facets all}"
[[ -n ${BASE_BENCH:-} ]] && VARIANTS=(base "${VARIANTS[@]}")
RUNS=$(mktemp -d)
trap 'rm -rf "$RUNS"' EXIT
for ((round = 1; round <= ROUNDS; round++)); do
  for variant in "${VARIANTS[@]}"; do
    tool=$BENCH; env=(); flags=(); db=$DB
    case $variant in
      base) tool=$BASE_BENCH; db=${BASE_DB:-$DB} ;;
      neither) env=(DOSSIER_MAPPED_READS=0 DOSSIER_LENGTH_TABLE=0 DOSSIER_FACET_TABLE=0); flags=(--search-threads 1) ;;
      split) env=(DOSSIER_MAPPED_READS=0 DOSSIER_LENGTH_TABLE=0 DOSSIER_FACET_TABLE=0) ;;
      maps) env=(DOSSIER_LENGTH_TABLE=0 DOSSIER_FACET_TABLE=0); flags=(--search-threads 1) ;;
      lengths) env=(DOSSIER_MAPPED_READS=0 DOSSIER_FACET_TABLE=0); flags=(--search-threads 1) ;;
      facets) env=(DOSSIER_MAPPED_READS=0 DOSSIER_LENGTH_TABLE=0); flags=(--search-threads 1) ;;
      all) ;;
      # The per-query extras of a search (dossier-bench --without), each left out alone, then all.
      no-copies) flags=(--without copies) ;;
      no-entity-words) flags=(--without entity-words) ;;
      no-suggest) flags=(--without suggest) ;;
      no-extras) flags=(--without copies,entity-words,suggest) ;;
      # Articles ranked by their best passage alone instead of the whole-article mix.
      best-passage) flags=(--article-score best) ;;
    esac
    echo "lever_ab: round $round/$ROUNDS: $variant" >&2
    env "${env[@]}" "$tool" --db "$db" --queries "$QUERIES" --modes "$MODES" --warmup 1 --repeat 1 \
      --seed "$((round + 1))" --json "${flags[@]}" ${BENCH_FLAGS:-} > "$RUNS/$variant-$round.json" 2> "$RUNS/$variant-$round.err"
  done
done
python3 - "$RUNS" "$ROUNDS" "${VARIANTS[@]}" <<'PY' | tee ${OUT:+"$OUT"}
import json, statistics, sys
runs, rounds, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
data = {v: [json.load(open(f"{runs}/{v}-{r}.json")) for r in range(1, rounds + 1)] for v in variants}
modes = list(data[variants[0]][0]["modes"])
med = lambda xs: statistics.median(xs)
reference = "neither" if "neither" in variants else variants[0]
print(f"Levers one by one: {rounds} alternating rounds, median over rounds; ms; ratio = variant / {reference}\n")
print("| mode | variant | p50 | p99 | mean | p50 ratio | p99 ratio |")
print("|---|---|---:|---:|---:|---:|---:|")
for m in modes:
    ref = {k: med([d["modes"][m]["overall"][k] for d in data[reference]]) for k in ("p50", "p99", "mean")}
    for v in variants:
        s = {k: med([d["modes"][m]["overall"][k] for d in data[v]]) for k in ("p50", "p99", "mean")}
        print(f"| {m} | {v} | {s['p50']:.2f} | {s['p99']:.2f} | {s['mean']:.2f} | {s['p50']/ref['p50']:.2f} | {s['p99']/ref['p99']:.2f} |")
# The same ratio taken within each round (the variant and the reference ran back to back) and
# its 95% interval by resampling the rounds: the machine's drift between rounds cancels out, and
# an interval that holds 1 is a difference within the noise.
import random
def interval(ratios, draws=5000):
    rng = random.Random(1)
    meds = sorted(med([rng.choice(ratios) for _ in ratios]) for _ in range(draws))
    return meds[int(0.025 * draws)], meds[int(0.975 * draws) - 1]
if rounds >= 3 and len(variants) > 1:
    print(f"\nRatio to {reference} within each round: median over rounds [95% interval, rounds resampled]\n")
    print("| mode | variant | p50 ratio | p99 ratio | mean ratio |")
    print("|---|---|---:|---:|---:|")
    for m in modes:
        for v in variants:
            if v == reference:
                continue
            cells = []
            for k in ("p50", "p99", "mean"):
                ratios = [data[v][r]["modes"][m]["overall"][k] / data[reference][r]["modes"][m]["overall"][k] for r in range(rounds)]
                lo, hi = interval(ratios)
                cells.append(f"{med(ratios):.2f} [{lo:.2f}, {hi:.2f}]")
            print(f"| {m} | {v} | " + " | ".join(cells) + " |")
print("\nPer class, top10 p50 / p99 (ms)\n")
print("| class | " + " | ".join(variants) + " |")
print("|---|" + "---:|" * len(variants))
if "top10" in modes:
    for c in data[variants[0]][0]["modes"]["top10"]["classes"]:
        cells = []
        for v in variants:
            p50 = med([d["modes"]["top10"]["classes"][c]["p50"] for d in data[v]])
            p99 = med([d["modes"]["top10"]["classes"][c]["p99"] for d in data[v]])
            cells.append(f"{p50:.2f} / {p99:.2f}")
        print(f"| {c} | " + " | ".join(cells) + " |")
threads = data["all"][0]["settings"]["details"].get("search_threads")
print(f"\nsearch_threads (all, split): {threads}; database: {data['all'][0]['db']}")
PY
