#!/usr/bin/env bash
# The entity index (common/entity_index.h): a search reads the entities it names key by key; a
# database without the index (written before it existed, or by a run that was interrupted after
# a table changed) is searched by parsing the tables, with the same results; the next indexing
# run writes the index again.
source "$(dirname "$0")/lib.sh"
DB="$WORK/corpus.db"
build_corpus_db "$DB"

# Words that name entities, filters by name and by id, facets with display names, --explain.
searches() {  # searches TAG: every search's output in $WORK/TAG.N (took_ms left out)
  local n=0
  while IFS= read -r line; do
    n=$((n + 1))
    eval "args=($line)"
    set +e
    "$SEARCH" --db "$DB" --json "${args[@]}" >"$WORK/raw.json" 2>"$WORK/raw.err"
    echo "exit $?" >"$WORK/$1.$n.status"
    set -e
    python3 -c '
import json, sys
doc = json.load(sys.stdin)
doc.pop("took_ms", None)
print(json.dumps(doc, sort_keys=True, indent=1))' <"$WORK/raw.json" >"$WORK/$1.$n"
    cat "$WORK/$1.$n.status" >>"$WORK/$1.$n"
  done <<'QUERIES'
kosovo serbia
javelin
--actor "Maria Zakharova" drone
--country Serbia --weapon javelin
'country:Kosovo NATO'
--explain 'zakharova OR peskov'
--facet-top 0 sanctions
QUERIES
  echo "$n"
}

count=$(searches indexed)
[ "$count" -ge 7 ] && pass "$count searches through the index" || fail "searches: $count"
found=$(cat "$WORK"/indexed.*.status | grep -c "exit 0")
[ "$found" -ge 5 ] && pass "$found of them find articles" || fail "only $found searches found articles"

# Without the index's version key the tables are parsed: the same answers.
"$DOSSIER_BIN/db_tool" set-meta "$DB/meta" dossier.entities.version ""
rm -f "$DB/meta.seal"  # the seal no longer matches; a reader checks meta instead
searches parsed >/dev/null
same=1
for ((i = 1; i <= count; i++)); do
  if ! cmp -s "$WORK/indexed.$i" "$WORK/parsed.$i"; then
    same=0
    fail "search $i differs without the index"
    diff "$WORK/indexed.$i" "$WORK/parsed.$i" | head -10 >&2
  fi
done
[ "$same" -eq 1 ] && pass "the same results with the tables parsed"

# The next run writes the index back (the damaged entry below is read only through the index,
# so its error shows that the index is in use again); a damaged entry is one error line.
"$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
searches again >/dev/null
cmp -s "$WORK/indexed.1" "$WORK/again.1" && pass "an unchanged run writes the index back" || fail "after the run"
"$DOSSIER_BIN/db_tool" set-meta "$DB/meta" dossier.entities.e.CRS '{"name": 5'
run_capture damaged "$SEARCH" --db "$DB" --country Serbia kosovo
expect_status 2 "a damaged index entry"
expect_one_line "$WORK/damaged.err" "a damaged index entry"
expect_grep "corrupt entity index" "$WORK/damaged.err" "the error names the entity index"
finish
