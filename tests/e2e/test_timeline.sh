#!/usr/bin/env bash
# --timeline on the sample archive: for every unit, with and without filters, the counts equal a
# brute-force count over every matching article listed by --by article (each article once, in its
# date's period; the periods between the first and the last all there; undated ones apart); per
# facet value likewise from the listed passages' facets; the text at 80 columns pinned in
# tests/golden/text/ (DOSSIER_GOLDEN_UPDATE=1 rewrites it); errors that name the option.
source "$(dirname "$0")/lib.sh"
unset COLUMNS
DB="$WORK/sample.db"
"$INDEX" --quiet --shards 2 --jobs 1 --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
S=("$SEARCH" --db "$DB")

# brute FILE_TIMELINE FILE_PASSAGES UNIT [FACET]: the timeline of the first file against every
# matching passage of the second (--by passage, every hit, copies listed).
brute() {
  python3 - "$@" <<'PY'
import datetime, json, sys
timeline_doc, passages_doc, unit = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
facet = sys.argv[4] if len(sys.argv) > 4 else None
def start(date):
    d = datetime.date.fromisoformat(date)
    if unit == "year": return "%04d" % d.year
    if unit == "month": return "%04d-%02d" % (d.year, d.month)
    if unit == "week": return (d - datetime.timedelta(days=d.weekday())).isoformat()
    return d.isoformat()
def following(s):
    if unit == "year": return "%04d" % (int(s) + 1)
    if unit == "month":
        y, m = int(s[:4]), int(s[5:7])
        return "%04d-%02d" % (y + m // 12, m % 12 + 1)
    return (datetime.date.fromisoformat(s) + datetime.timedelta(days=7 if unit == "week" else 1)).isoformat()
assert passages_doc["total"]["exact"] and passages_doc["more"] is False, "the brute force needs every passage"
articles, values = {}, {}
for hit in passages_doc["hits"]:
    a = hit["article"]
    articles[a["id"]] = a["date"]
    if facet and a["date"]:
        for v in hit["facets"][facet]:
            values.setdefault(v, set()).add(a["id"])
dated = {i: start(d) for i, d in articles.items() if d}
counts = {}
for s in dated.values():
    counts[s] = counts.get(s, 0) + 1
periods = []
if counts:
    s, last = min(counts), max(counts)
    while True:
        periods.append({"start": s, "articles": counts.get(s, 0)})
        if s >= last: break
        s = following(s)
t = timeline_doc["timeline"]
assert t["unit"] == unit, t["unit"]
assert t["periods"] == periods, (t["periods"][:5], periods[:5])
assert t["articles"] == len(dated) and t["undated"] == len(articles) - len(dated), (t["articles"], t["undated"])
if facet:
    assert t["facet"] == facet
    totals = sorted(((-len(ids), v) for v, ids in values.items()))
    assert len(t["rows"]) + t["more_values"] == len(values), (len(t["rows"]), t["more_values"], len(values))
    for row in t["rows"]:
        ids = values[row["id"]]
        per = {}
        for i in ids:
            per[dated[i]] = per.get(dated[i], 0) + 1
        assert row["total"] == len(ids), (row["id"], row["total"], len(ids))
        assert row["articles"] == [per.get(p["start"], 0) for p in periods], row["id"]
    # The rows are the values with the most articles.
    shown = sorted(r["total"] for r in t["rows"])
    left = sorted(len(ids) for v, ids in values.items() if v not in {r["id"] for r in t["rows"]})
    assert not left or not shown or max(left) <= min(shown), (shown, left)
print("ok", unit, facet or "", len(periods), "periods")
PY
}

check() {  # check NAME UNIT FACET ARGS...: the timeline of ARGS against the brute force
  local name=$1 unit=$2 facet=$3; shift 3
  local by=()
  [[ -n $facet ]] && by=(--by-facet "$facet")
  run_capture "$name-t" "${S[@]}" --json --timeline "$unit" "${by[@]}" "$@"
  run_capture "$name-p" "${S[@]}" --json --by passage --no-collapse-copies --limit 10000 "$@"
  if brute "$WORK/$name-t.out" "$WORK/$name-p.out" "$unit" $facet > "$WORK/$name.brute" 2>&1; then
    pass "$name: $unit timeline equals the brute-force count ($(cat "$WORK/$name.brute"))"
  else
    fail "$name: $unit timeline differs from the brute-force count"; sed 's/^/    /' "$WORK/$name.brute" >&2
  fi
}

for unit in year month week day; do
  check "words-$unit" "$unit" "" kosovo
  check "filters-$unit" "$unit" "" --country RS --since 2020 nato
  check "facet-$unit" "$unit" country javelin OR drone OR nato
done
check "actor-filter" month actor --weapon atgm --until 2023-06
check "only-filters" year weapon --country UA

# Nothing matches: an empty timeline, exit 1.
run_capture none "${S[@]}" --json --timeline month zzzqqq
expect_status 1 "no match"
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["timeline"]; assert t["periods"]==[] and t["articles"]==0' "$WORK/none.out" &&
  pass "no match: no periods" || fail "no match: periods"

# --- text ---------------------------------------------------------------------------------------
for columns in 80; do
  COLUMNS=$columns "${S[@]}" --timeline month --limit 1 nato > "$WORK/bars_$columns.txt"
  COLUMNS=$columns "${S[@]}" --timeline year --by-facet country --limit 1 nato >> "$WORK/bars_$columns.txt"
  python3 - "$WORK/bars_$columns.txt" "$columns" <<'PY' && pass "every line within $columns columns" || fail "a line is wider than $columns columns"
import sys, unicodedata
w = int(sys.argv[2])
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if len(l) > w]
for l in bad[:3]: print("  too wide (%d): %s" % (len(l), l), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  # The timing in the header changes from run to run.
  sed -E 's/· [0-9]+\.[0-9] ms/· N ms/' "$WORK/bars_$columns.txt" > "$WORK/bars_$columns.norm"
  golden="$DOSSIER_SOURCE/tests/golden/text/timeline_$columns.txt"
  if [ "${DOSSIER_GOLDEN_UPDATE:-}" = "1" ]; then cp "$WORK/bars_$columns.norm" "$golden"; pass "written $golden"
  elif diff -u "$golden" "$WORK/bars_$columns.norm" > "$WORK/bars.diff"; then pass "text at $columns columns as in $golden"
  else fail "text at $columns columns differs from $golden"; head -40 "$WORK/bars.diff" >&2
  fi
done
expect_grep '^Timeline: articles per month, 20[0-9-]+ to 20[0-9-]+ \([0-9]+ dated articles\)$' "$WORK/bars_80.txt" "the header names the unit, the span and the count"
expect_grep '^  all +[▁▂▃▄▅▆▇█·]+ +[0-9]+$' "$WORK/bars_80.txt" "a sparkline row for all articles"
expect_grep '^  Serbia \[RS\] +[▁▂▃▄▅▆▇█·]+ +[0-9]+$' "$WORK/bars_80.txt" "a sparkline row per country"

# --- errors -------------------------------------------------------------------------------------
run_capture bad_unit "${S[@]}" --timeline fortnight nato
expect_status 2 "an unknown unit"
expect_grep "timeline takes year, month, week or day, not 'fortnight'" "$WORK/bad_unit.err" "the message lists the units"
run_capture bad_facet "${S[@]}" --timeline month --by-facet person nato
expect_status 2 "an unknown facet"
expect_grep "country, actor or weapon, not 'person'" "$WORK/bad_facet.err" "the message lists the facets"
run_capture alone "${S[@]}" --by-facet country nato
expect_status 2 "--by-facet without --timeline"
expect_grep "goes with --timeline" "$WORK/alone.err" "the message says what it needs"
run_capture tsv "${S[@]}" --timeline month --format tsv nato
expect_status 2 "--timeline with tsv"
finish
