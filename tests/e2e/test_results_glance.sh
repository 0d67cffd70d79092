#!/usr/bin/env bash
# Results an analyst reads at a glance, on the sample archive and generated articles: the header
# repeats the filters, selected facet values are marked and always listed, --values, filter-only
# searches newest first with the snippet on the filtered mention, entity-aware words, messages
# that name the problem, every text line within the width, and the JSON additions (character
# offsets, null dates, source origin, one passage numbering). Golden text renderings at 80 and 120
# columns of a faceted search with two filters are in tests/golden/text/ (DOSSIER_GOLDEN_UPDATE=1
# rewrites them).
source "$(dirname "$0")/lib.sh"
unset COLUMNS  # "off a terminal" means 80 columns unless $COLUMNS says otherwise
DB="$WORK/sample.db"
"$INDEX" --quiet --shards 2 --jobs 1 --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
S=("$SEARCH" --db "$DB")

width_ok() {  # width_ok FILE COLUMNS WHAT: no line wider than COLUMNS (display width)
  python3 - "$@" <<'PY' && pass "$3: every line within $2 columns" || fail "$3: a line is wider than $2 columns"
import re, sys, unicodedata
def width(s):
    s = re.sub(r"\x1b\[[0-9;]*m", "", s)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
# A word longer than a line (a file path) is the one thing that may pass the width.
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
       if width(l) > int(sys.argv[2]) and max(width(w) for w in l.split()) < int(sys.argv[2]) - 10]
for l in bad[:3]:
    print("  too wide (%d): %s" % (width(l), l), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# --- facets that explain themselves -------------------------------------------------------------
run_capture two "${S[@]}" --country RS --actor nato kosovo
expect_status 0 "two filters"
expect_grep '^Filters: country Serbia \[RS\] · actor NATO \[nato\]$' "$WORK/two.out" "the header repeats the filters with names and ids"
expect_grep '▸Serbia \[RS\]' "$WORK/two.out" "the selected country is marked"
expect_grep '▸NATO \[nato\]' "$WORK/two.out" "the selected actor is marked"
expect_grep 'counts of a filtered facet leave its own filter out' "$WORK/two.out" "one line says what a filtered facet counts"
run_capture nofilter "${S[@]}" kosovo
expect_no_grep '▸|^Filters:' "$WORK/nofilter.out" "no marker and no filter line without filters"
# A selected value is listed even when it is not among the top values.
run_capture top "${S[@]}" --facet-top 1 --actor kfor kosovo --json
python3 - "$WORK/top.out" <<'PY' && pass "a selected value outside the top N is listed, marked selected, after the top" || fail "selected value outside the top N"
import json, sys
d = json.load(open(sys.argv[1]))
actors = d["facets"]["actor"]
assert actors[-1]["id"] == "kfor" and actors[-1].get("selected") is True, actors
assert len(actors) == 2 and "selected" not in actors[0], actors
assert d["filters"]["actor"] == [{"id": "kfor", "name": "KFOR"}], d["filters"]
assert d["filters"]["since"] is None and d["filters"]["country"] == []
PY
# --values
run_capture values "${S[@]}" --values actor:vuc
expect_status 0 "--values actor:vuc"
expect_grep '^ *[0-9]+ +aleksandar-vucic +Aleksandar Vučić$' "$WORK/values.out" "--values lists id, name and count"
run_capture values_json "${S[@]}" --values country --actor kfor --json
python3 - "$WORK/values_json.out" <<'PY' && pass "--values --json: the facet's values for the filters" || fail "--values --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["facet"] == "country" and d["filters"]["actor"][0]["id"] == "kfor"
ids = [v["id"] for v in d["values"]]
assert "XK" in ids and all(v["count"] > 0 for v in d["values"]), d
PY
run_capture values_none "${S[@]}" --values weapon:zzzz
expect_status 1 "--values with no value matching"
run_capture values_bad "${S[@]}" --values actors
expect_status 2 "--values with an unknown facet"
expect_grep "country, actor or weapon" "$WORK/values_bad.err" "the error names the facets"

# --- filter-only searches -------------------------------------------------------------------------
run_capture only "${S[@]}" --actor kfor --json --limit 20
python3 - "$WORK/only.out" <<'PY' && pass "a filter-only search lists the newest first, and its snippets show the mention" || fail "filter-only search"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sort"] == "-date", d["sort"]
dates = [h["article"]["date"] or "" for h in d["hits"]]
assert dates == sorted(dates, reverse=True), dates
for h in d["hits"]:
    marked = [h["snippet"][a:b] for a, b in h["highlights_chars"]]
    mentions = {e["mention"] for e in h["passage"].get("entities", [])} if "entities" in h["passage"] else None
    assert marked, ("no highlight in", h["snippet"])
PY
run_capture only_text "${S[@]}" --actor kfor
expect_grep 'newest first \(no words to rank by\)' "$WORK/only_text.out" "the header says why the order is by date"
expect_no_grep 'score 0\.00' "$WORK/only_text.out" "no meaningless zero scores"

# --- entity-aware words ---------------------------------------------------------------------------
count() { "${S[@]}" --json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["value"])'; }
[ "$(count 'lang:sr Kosovo')" -gt 0 ] && pass "Kosovo finds Serbian articles that write Kosova/Косову" || fail "lang:sr Kosovo finds nothing"
[ "$(count 'lang:sr Kosovo')" = "$(count 'lang:sr country:XK')" ] && pass "as many as the country filter" || fail "lang:sr Kosovo differs from country:XK"
s400=$(count S400); [ "$s400" -gt 0 ] && [ "$s400" = "$(count S-400)" ] && [ "$s400" = "$(count 's400')" ] &&
  pass "S400 = S-400 = s400 ($s400 articles)" || fail "S400 $s400, S-400 $(count S-400)"
first=$("${S[@]}" --json javelin | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["article"]["title"])')
case "$first" in *championship*|*athlet*) fail "javelin lists the athletics story first" ;; *) pass "javelin lists a weapon story first ($first)" ;; esac

# --- messages -------------------------------------------------------------------------------------
run_capture field "${S[@]}" 'foo:bar kosovo'
expect_status 2 "an unknown field"
expect_grep "unknown field 'foo:'.*country, actor, weapon" "$WORK/field.err" "the error lists the known fields"
expect_one_line "$WORK/field.err" "unknown field"
run_capture reversed "${S[@]}" --since 2024 --until 2022 kosovo
expect_status 2 "--since after --until"
expect_grep "after --until" "$WORK/reversed.err" "a reversed range says so"
run_capture reversed_q "${S[@]}" 'date:2023..2022 kosovo'
expect_status 2 "date:2023..2022"
expect_grep "ends before it begins.*date:2022\.\.2023" "$WORK/reversed_q.err" "a reversed date field suggests the swap"
run_capture weapon "${S[@]}" 'weapon:bogus'
expect_grep "e\.g\. weapon:javelin.*--values weapon" "$WORK/weapon.err" "a facet hint names that facet"
run_capture typo "${S[@]}" 'javelln kosovo'
expect_grep '^Did you mean: javelin kosovo \?' "$WORK/typo.out" "did-you-mean although kosovo matched"
run_capture opt "${S[@]}" --hlep
expect_status 2 "a misspelt option"
expect_grep "unknown option '--hlep' \(did you mean --help\?\)" "$WORK/opt.err" "the nearest option is suggested"
run_capture optval "${S[@]}" -n abc kosovo
expect_grep "^dossier-search: error: -n: 'abc' is not a valid value" "$WORK/optval.err" "a bad value names its option"
run_capture idx_opt "$INDEX" --jbos 2 x
expect_grep "did you mean --jobs\?" "$WORK/idx_opt.err" "the indexer suggests too"
run_capture explain "${S[@]}" --explain --country RS 'javelin title:kosovo'
expect_grep 'javelin \(stem\)' "$WORK/explain.out" "--explain reads words out"
grep -E '^(query:|     matched:)' "$WORK/explain.out" >"$WORK/explain.terms"
expect_no_grep '(^|[ ("])(Z[a-z]+|ZS[a-z]+|XC:[A-Z]+)([ ,)"]|$)' "$WORK/explain.terms" "--explain shows no raw index terms"
expect_grep '^     from .*/corpus/articles/' "$WORK/explain.out" "--explain names the source file"
run_capture stop "${S[@]}" --json 'talks to kosovo'
python3 - "$WORK/stop.out" <<'PY' && pass "stopwords are never highlighted" || fail "a stopword was highlighted"
import json, sys
for h in json.load(open(sys.argv[1]))["hits"]:
    for a, b in h["highlights_chars"]:
        assert h["snippet"][a:b].lower() not in ("to", "the", "of"), h["snippet"][a:b]
PY

# --- layout ---------------------------------------------------------------------------------------
for args in "--country RS --actor nato kosovo" "--explain --country RS javelin" "--facet-top 0 serbia" "--actor kfor" "--values actor"; do
  # shellcheck disable=SC2086
  "${S[@]}" $args >"$WORK/w80.out" 2>&1 || true
  width_ok "$WORK/w80.out" 80 "off a terminal ($args)"
  # shellcheck disable=SC2086
  COLUMNS=120 "${S[@]}" $args >"$WORK/w120.out" 2>&1 || true
done
printf ':help\n' | "${S[@]}" -i >"$WORK/help.out"
width_ok "$WORK/help.out" 80 ":help"
COLUMNS=80 "$INDEX" --db "$WORK/again.db" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus" 2>"$WORK/index.err" >/dev/null || true
grep -v ': note: ' "$WORK/index.err" >"$WORK/index.summary"  # a note is one line per file, for grep
expect_grep '^dossier-index: 54 articles' "$WORK/index.summary" "the summary is there"
width_ok "$WORK/index.summary" 80 "the indexer's summary"
if command -v script >/dev/null; then
  # On a terminal of 50 columns: the live progress line never reaches the width.
  COLUMNS=50 script -qc "stty cols 50 2>/dev/null; '$INDEX' --db '$WORK/tty.db' --gazetteers '$GAZ' '$DOSSIER_SOURCE/corpus/articles'" /dev/null >"$WORK/tty.out" 2>&1 || true
  python3 - "$WORK/tty.out" <<'PY' && pass "the progress line fits a 50-column terminal" || fail "progress line too wide"
import re, sys
data = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for piece in re.split(r"\r|\n|\x1b\[2K", data):
    assert len(piece) <= 50, (len(piece), piece)
PY
fi

# --- the JSON contract's additions ----------------------------------------------------------------
mkdir -p "$WORK/gen"
python3 - "$WORK/gen/undated.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "u1", "title": "Vučić meets Kurti", "text": "Aleksandar Vučić met Albin Kurti in Brussels about Kosovo."}) + "\n")
    f.write(json.dumps({"id": "d1", "title": "Kosovo talks", "date": "2001-01-01", "text": "Vučić and Kurti talked about Kosovo again."}) + "\n")
PY
"$INDEX" --quiet --db "$WORK/gen.db" --gazetteers "$GAZ" "$WORK/gen"
run_capture gen "$SEARCH" --db "$WORK/gen.db" --json 'Vučić'
python3 - "$WORK/gen.out" "$WORK/gen/undated.jsonl" <<'PY' && pass "character offsets, null dates, origins" || fail "JSON additions"
import json, os, sys
d = json.load(open(sys.argv[1]))
by_id = {h["article"]["id"]: h for h in d["hits"]}
assert by_id["u1"]["article"]["date"] is None and by_id["d1"]["article"]["date"] == "2001-01-01"
for h in d["hits"]:
    text = h["snippet"]
    raw = text.encode("utf-8")
    for (a, b), (ca, cb) in zip(h["highlights"], h["highlights_chars"]):
        assert raw[a:b].decode("utf-8") == text[ca:cb], (raw[a:b], text[ca:cb])
    assert any(text[ca:cb] == "Vučić" for ca, cb in h["highlights_chars"])
    assert h["origin"]["path"] == os.path.realpath(sys.argv[2]) or h["origin"]["path"] == os.path.abspath(sys.argv[2]), h["origin"]
assert by_id["u1"]["origin"]["line"] == 1 and by_id["d1"]["origin"]["line"] == 2
PY
# Undated articles sort last, both ways.
for order in date -date; do
  last=$("$SEARCH" --db "$WORK/gen.db" --json --sort "$order" 'kosovo' | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][-1]["article"]["id"])')
  [ "$last" = u1 ] && pass "--sort $order: the undated article last" || fail "--sort $order: $last last"
done
# One passage numbering: text shows the index JSON and --dump-passages give.
idx=$("${S[@]}" --json -n 1 'tariff' | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["passage"]["index"])')
expect_grep "· passage $idx ·" <("${S[@]}" -n 1 tariff) "text numbers passages as JSON does (from 0)"

# --- golden renderings of a faceted search with two filters ------------------------------------
for columns in 80 120; do
  COLUMNS=$columns "${S[@]}" --country RS --actor nato --limit 3 kosovo | sed -E 's/ · [0-9.]+ ms/ · N ms/' >"$WORK/facets_$columns.txt"
  golden="$DOSSIER_SOURCE/tests/golden/text/facets_$columns.txt"
  if [ "${DOSSIER_GOLDEN_UPDATE:-}" = "1" ]; then cp "$WORK/facets_$columns.txt" "$golden"; pass "written $golden"
  elif diff -u "$golden" "$WORK/facets_$columns.txt"; then pass "golden rendering at $columns columns"
  else fail "rendering at $columns columns differs from $golden"; fi
  width_ok "$WORK/facets_$columns.txt" "$columns" "golden at $columns"
done
finish
