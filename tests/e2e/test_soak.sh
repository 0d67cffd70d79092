#!/usr/bin/env bash
# Soak: one indexer re-indexes a changing archive over and over, committing every few passages,
# while three searchers query in loops. No search may fail (exit 2) or print an error, and every
# answer must be whole and consistent. SOAK_SECONDS (default 20) bounds the run.
source "$(dirname "$0")/lib.sh"
SECONDS_TO_RUN=${SOAK_SECONDS:-20}
ARCHIVE="$WORK/archive"
DB="$WORK/db"

generate() {  # generate VARIANT: 60 articles whose texts (and passage counts) change per variant
  python3 - "$1" "$ARCHIVE" <<'PY'
import json, os, random, sys
variant, root = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1000 + variant)
words = ("Kosovo Serbia Belgrade Pristina NATO KFOR Javelin missiles delivered Ukraine Kyiv Moscow sanctions "
         "border patrol troops drone strike air defence Patriot battery ministry talks Brussels EU mission "
         "Вучић Србија Приштина the of and said").split()
def para():
    return " ".join(rng.choice(words) for _ in range(rng.randint(10, 30))).capitalize() + ". [Source: soak %d]" % variant
os.makedirs(root, exist_ok=True)
for i in range(40):
    with open(os.path.join(root, "s%02d.txt" % i), "w") as f:
        f.write("Title: Soak %d v%d\nDate: 2024-%02d-01\nID: soak-%02d\n\n%s\n" % (i, variant, 1 + i % 12, i,
                "\n\n".join(para() for _ in range(rng.randint(1, 6)))))
with open(os.path.join(root, "wire.jsonl"), "w") as f:
    for i in range(20):
        f.write(json.dumps({"id": "soakwire-%02d" % i, "title": "Wire %d" % i, "lang": "en",
                            "text": "\n".join(para() for _ in range(rng.randint(1, 4)))}, ensure_ascii=False) + "\n")
PY
}

generate 0
"$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$ARCHIVE"
deadline=$(( $(date +%s) + SECONDS_TO_RUN ))

indexer_loop() {
  local v=0 runs=0 failed=0
  while [ "$(date +%s)" -lt "$deadline" ]; do
    v=$((v + 1))
    generate "$v"
    if "$INDEX" --quiet --commit-every 3 --db "$DB" --gazetteers "$GAZ" "$ARCHIVE" 2>>"$WORK/indexer.err"; then
      runs=$((runs + 1))
    else
      failed=$((failed + 1))
    fi
  done
  echo "$runs $failed" >"$WORK/indexer.count"
}

QUERIES=(
  "--json kosovo"
  "--json --by passage --limit 50 serbia OR javelin"
  "--json --country Serbia --sort date missiles"
  "--json --explain title:soak"
  "--format jsonl --limit 5 nato"
  "--json --weapon atgm --facet-count passage javelin"
  "--color never --explain kosovo AND belgrade"
  "--json --since 2024-03 --until 2024-10 patrol"
)

searcher_loop() {  # searcher_loop N: queries until the deadline; one result per line in $WORK/s$N.*
  local n=$1 i=0 served=0
  : >"$WORK/s$n.results"
  while [ "$(date +%s)" -lt "$deadline" ]; do
    local args=${QUERIES[$(( (i + n) % ${#QUERIES[@]} ))]}
    i=$((i + 1))
    set +e
    # Searcher 3 reads the shard tables (passage lengths, facet ids) as a long-running process
    # would, so that they are read and replaced while the indexer commits.
    local tables=0
    [ "$n" -eq 3 ] && tables=1
    # shellcheck disable=SC2086
    DOSSIER_LENGTH_TABLE=$tables DOSSIER_FACET_TABLE=$tables "$SEARCH" --db "$DB" $args >"$WORK/s$n.out" 2>"$WORK/s$n.err"
    local rc=$?
    set -e
    served=$((served + 1))
    if [ "$rc" -ge 2 ] || [ -s "$WORK/s$n.err" ]; then
      { echo "searcher $n: exit $rc for: $args"; head -5 "$WORK/s$n.err"; } >>"$WORK/failures"
      continue
    fi
    case $args in
      --json*) { printf 'json\t%s\t' "$rc"; tr -d '\n' <"$WORK/s$n.out"; echo; } >>"$WORK/s$n.results" ;;
      --format\ jsonl*) while IFS= read -r line; do printf 'jsonl\t%s\t%s\n' "$rc" "$line"; done <"$WORK/s$n.out" >>"$WORK/s$n.results" ;;
      *) grep -q 'Soak\|Wire' "$WORK/s$n.out" || [ "$rc" -eq 1 ] || echo "searcher $n: text output without a hit: $args" >>"$WORK/failures" ;;
    esac
  done
  echo "$served" >"$WORK/s$n.count"
}

indexer_loop &
indexer_pid=$!
searcher_pids=()
for n in 1 2 3; do
  searcher_loop "$n" &
  searcher_pids+=($!)
done
wait "$indexer_pid" "${searcher_pids[@]}"

read -r index_runs index_failed <"$WORK/indexer.count"
served=$(( $(cat "$WORK/s1.count") + $(cat "$WORK/s2.count") + $(cat "$WORK/s3.count") ))
echo "soak: ${SECONDS_TO_RUN}s, $index_runs re-index runs ($index_failed failed), $served queries served by 3 searchers"
[ "$index_failed" -eq 0 ] && [ ! -s "$WORK/indexer.err" ] && pass "indexer: every run succeeded" || { fail "indexer runs failed"; head -5 "$WORK/indexer.err" >&2; }
[ "$index_runs" -ge 1 ] || fail "the indexer never completed a run"
if [ -s "$WORK/failures" ]; then
  fail "$(grep -c '^searcher' "$WORK/failures") searches failed"; head -20 "$WORK/failures" >&2
else
  pass "$served searches, none failed or printed an error"
fi
python3 - "$WORK"/s1.results "$WORK"/s2.results "$WORK"/s3.results <<'PY' || fail "inconsistent search results"
import json, sys
checked = 0
for path in sys.argv[1:]:
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        kind, rc, text = line.rstrip("\n").split("\t", 2)
        doc = json.loads(text)
        where = f"{path}:{number}"
        if kind == "json":
            hits = doc["hits"]
            assert doc["total"]["exact"] is True, where
            assert doc["total"]["value"] >= len(hits), (where, doc["total"], len(hits))
            assert (rc == "0") == (doc["total"]["value"] > 0), (where, rc, doc["total"])
            assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1)), where
            for h in hits:
                assert h["passage"]["text"], where
                for b, e in h["highlights"]:
                    assert 0 <= b < e <= len(h["snippet"].encode()), where
            if doc["unit"] == "article":
                ids = [h["article"]["id"] for h in hits]
                assert len(ids) == len(set(ids)), (where, "an article twice")
        else:
            assert doc["type"] in ("hit", "summary"), where
        checked += 1
print(f"ok: {checked} JSON answers whole and consistent")
PY
finish
