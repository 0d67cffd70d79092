#!/usr/bin/env bash
# Sharded search equals unsharded search: the sample archive and a generated one, each indexed
# once into one shard and once into three; the three shards searched through the database
# directory (local stub), and as a cluster whose shards 1 and 2 are served by xapian-tcpsrv on
# 127.0.0.1 (meta local, or served too). Ranked hits, scores (to 1e-9), every hit field and
# every facet count (per article and per passage, disjunctive ones included) must be equal.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cluster_lib.sh"
COMPARE="$(dirname "$0")/compare_results.py"
mkdir -p "$WORK/results"
: >"$WORK/manifest"

# index NAME INPUT: NAME-1.db (one shard) and NAME-3.db (three shards).
index() {
  "$INDEX" --quiet -j 2 --shards 1 --db "$WORK/$1-1.db" --gazetteers "$GAZ" "$2" || fail "index $1 into one shard"
  "$INDEX" --quiet -j 2 --shards 3 --db "$WORK/$1-3.db" --gazetteers "$GAZ" "$2" || fail "index $1 into three shards"
}

# write_cluster FILE META SHARD0 SHARD1 SHARD2
write_cluster() {
  { echo "# written by test_cluster.sh"; echo "meta $2"; echo "shard $3"; echo "$4"; echo "shard $5"; echo "timeout 20000"; } >"$1"
}

# run_queries NAME QUERIES_FILE: runs each query on NAME-1.db (the reference) and on each of
# TARGETS ("label:spelling|no-spelling:OPTION:VALUE", OPTION --db or --cluster). Each line of
# QUERIES_FILE is "PAGING|ARGS" (ARGS: shell words). A line starting with '~' is compared with
# the local three-shard database (NAME-3.db) instead: wildcards and --expand take their
# statistics per shard in Xapian 1.4, so they rank differently from one shard, locally as
# remotely (docs/operations.md, "Searching shards on several machines"); remote shards must still give
# exactly what local shards give.
run_queries() {
  local name=$1 queries=$2
  local n=0 paging args target label spelling option value reference
  while IFS='|' read -r paging args; do
    [ -z "$args" ] && continue
    n=$((n + 1))
    reference="$WORK/$name-1.db"
    case $paging in "~"*) paging=${paging#"~"}; reference="$WORK/$name-3.db" ;; esac
    eval "set -- $args"
    local base="$WORK/results/$name-$n"
    "$SEARCH" --db "$reference" --json --facet-top 0 $paging "$@" >"$base-ref.json" || [ $? -eq 1 ] || fail "$name $n reference"
    "$SEARCH" --db "$reference" --json --facet-top 0 "$@" --limit 10000 --offset 0 >"$base-full.json" || [ $? -eq 1 ] || fail "$name $n full"
    # A cluster has no article shards, so it ranks articles by their best passage (README, "How
    # articles are ranked"): its reference does too.
    local best=(--article-score best)
    case " $args " in *" --article-score "*) best=() ;; esac
    "$SEARCH" --db "$reference" --json --facet-top 0 "${best[@]}" $paging "$@" >"$base-ref-best.json" || [ $? -eq 1 ] ||
      fail "$name $n reference (best passage)"
    "$SEARCH" --db "$reference" --json --facet-top 0 "${best[@]}" "$@" --limit 10000 --offset 0 >"$base-full-best.json" ||
      [ $? -eq 1 ] || fail "$name $n full (best passage)"
    for target in "${TARGETS[@]}"; do
      IFS=: read -r label spelling option value <<<"$target"
      [ "$value" = "$reference" ] && continue
      local ref="$base-ref.json" full="$base-full.json"
      [ "$option" = --cluster ] && { ref="$base-ref-best.json"; full="$base-full-best.json"; }
      "$SEARCH" "$option" "$value" --json --facet-top 0 $paging "$@" >"$base-$label.json" 2>"$base-$label.err" ||
        [ $? -eq 1 ] || { fail "$name $n ($label): $(cat "$base-$label.err")"; continue; }
      local order=relevance
      case " $args " in *" --sort date "* | *" --sort -date "*) order=date ;; esac
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name #$n [$label] $paging $args" "$ref" "$full" \
        "$base-$label.json" "$spelling" "$order" >>"$WORK/manifest"
    done
  done <"$queries"
}

# --- the sample archive -------------------------------------------------------------------------
index corpus "$DOSSIER_SOURCE/corpus/articles"
start_server "$WORK/corpus-3.db/shard-001"; port1=$SERVER_PORT
start_server "$WORK/corpus-3.db/shard-002"; port2=$SERVER_PORT
start_server "$WORK/corpus-3.db/meta"; port_meta=$SERVER_PORT
write_cluster "$WORK/corpus-mixed.cluster" "corpus-3.db/meta" "corpus-3.db/shard-000" "tcp://127.0.0.1:$port1" "tcp://127.0.0.1:$port2"
write_cluster "$WORK/corpus-remote-meta.cluster" "tcp://127.0.0.1:$port_meta" "$WORK/corpus-3.db/shard-000" \
  "tcp://127.0.0.1:$port1" "tcp://127.0.0.1:$port2"
cat >"$WORK/corpus.queries" <<'EOF'
|javelin kosovo
|--by passage javelin kosovo
|--facet-count passage drones
|--by passage --facet-count passage --limit 50 nato
|--country Serbia --weapon drone --limit 20 serbia
|--country RS --country XK --facet-count passage --by passage --limit 30
|--country RU --limit 100
|--actor nato --weapon atgm --limit 20
--limit 3 --offset 3|missiles kosovo
--limit 4 --offset 8|--by passage kosovo OR serbia
--limit 5 --offset 5|--country RU
|--sort -date --limit 20 sanctions
|--sort date --by passage --limit 20 kosovo
|--article-score sum --limit 20 kosovo serbia
--limit 3 --offset 2|--article-score sum kosovo serbia
|--explain --limit 20 "javelin missiles"
~|--explain --by passage --limit 20 'title:javel*' missiles
|--since 2023 --until 2024-06 --limit 20 nato
|--country-focus RS --limit 20 kosovo
~|--expand 5 --limit 20 "air defence"
|--match all --limit 20 russia ukraine drones
|--limit 20 Приштина
EOF
TARGETS=("stub:spelling:--db:$WORK/corpus-3.db" "mixed:no-spelling:--cluster:$WORK/corpus-mixed.cluster"
         "remote-meta:no-spelling:--cluster:$WORK/corpus-remote-meta.cluster")
run_queries corpus "$WORK/corpus.queries"

# --- a generated archive (fixed seed; archive text only, so it does not depend on ../shared) ------
python3 "$DOSSIER_SOURCE/bench/gen_corpus.py" --passages 3000 --seed 11 --out "$WORK/gen" --no-shared --quiet --workers 1 \
  --format jsonl >/dev/null || fail "generate an archive"
index gen "$WORK/gen/jsonl"
start_server "$WORK/gen-3.db/shard-001"; gport1=$SERVER_PORT
start_server "$WORK/gen-3.db/shard-002"; gport2=$SERVER_PORT
write_cluster "$WORK/gen.cluster" "$WORK/gen-3.db/meta" "$WORK/gen-3.db/shard-000" "tcp://127.0.0.1:$gport1" "tcp://127.0.0.1:$gport2"
cat >"$WORK/gen.queries" <<'EOF'
|--limit 50 missile
|--by passage --limit 50 sanctions ministry
|--facet-count passage --limit 30 defence
|--country RU --facet-count passage --limit 30 troops
|--country Ukraine --country Russia --weapon drone --limit 30
|--weapon atgm --actor nato --by passage --limit 30
--limit 10 --offset 10|kosovo
--limit 7 --offset 21|--by passage --country RS
|--sort -date --limit 30 border
|--explain --limit 10 "air defence"
EOF
TARGETS=("stub:spelling:--db:$WORK/gen-3.db" "mixed:no-spelling:--cluster:$WORK/gen.cluster")
run_queries gen "$WORK/gen.queries"

python3 "$COMPARE" "$WORK/manifest" || fail "sharded results differ from the unsharded database's"
# The comparison must have had something to compare: hits and facet counts in most queries.
with_hits=$(grep -l '"rank":' "$WORK"/results/*-mixed.json | wc -l)
[ "$with_hits" -ge 25 ] && pass "$with_hits clustered result sets with hits" || fail "only $with_hits clustered result sets have hits"

# Dumping a whole article (interactive :open) reads its passages from a remote shard.
article=$("$SEARCH" --db "$WORK/corpus-1.db" --article-score best --json --limit 1 kosovo | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["article"]["id"])')
printf 'kosovo\n:open 1\n' | "$SEARCH" -i --db "$WORK/corpus-1.db" --article-score best --limit 1 --color never >"$WORK/open-ref.out"
printf 'kosovo\n:open 1\n' | "$SEARCH" -i --cluster "$WORK/corpus-mixed.cluster" --limit 1 --color never >"$WORK/open-cluster.out"
sed -i 's/ · [0-9.]* ms$//' "$WORK/open-ref.out" "$WORK/open-cluster.out"
if cmp -s "$WORK/open-ref.out" "$WORK/open-cluster.out" && grep -qF "$article" "$WORK/open-cluster.out"; then
  pass "interactive search and :open (article $article) equal through the cluster"
else
  fail "interactive :open differs"; diff "$WORK/open-ref.out" "$WORK/open-cluster.out" | head -20 >&2
fi

# Text output of a complete cluster: an exact total, no partial line.
run_capture text "$SEARCH" --cluster "$WORK/corpus-mixed.cluster" --color never javelin
expect_status 0 "text search through the cluster"
expect_grep '^[0-9]+ articles match \(exact\)' "$WORK/text.out" "exact total"
expect_no_grep 'partial' "$WORK/text.out" "no partial line"
finish
