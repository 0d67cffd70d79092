#!/usr/bin/env bash
# Index the shipped corpus, then search it with and without filters, in text and JSON.
source "$(dirname "$0")/lib.sh"
DB="$WORK/corpus.db"

run_capture index "$INDEX" --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_status 0 "index corpus"
expect_grep '^dossier-index: [0-9]+ articles \([0-9]+ passages\) from [0-9]+ files into .* 0 skipped' "$WORK/index.err" "summary line"

run_capture search "$SEARCH" --db "$DB" --color never javelin kosovo
expect_status 0 "search javelin kosovo"
expect_grep '^[0-9]+ articles match \(exact\)' "$WORK/search.out" "header with exact total"
expect_grep '^  1\. ' "$WORK/search.out" "ranked hits"
expect_grep '^  country ' "$WORK/search.out" "country facet line"
expect_grep 'Kosovo \[XK\] [0-9]+' "$WORK/search.out" "Kosovo facet count"
expect_no_grep $'\x1b' "$WORK/search.out" "no colour when not a TTY"

run_capture colour "$SEARCH" --db "$DB" --color always javelin
expect_grep $'\x1b\\[1;31m[Jj]avelin' "$WORK/colour.out" "highlighted match with --color always"
NO_COLOR=1 run_capture nocolour "$SEARCH" --db "$DB" javelin
expect_no_grep $'\x1b' "$WORK/nocolour.out" "NO_COLOR honoured"

run_capture filtered "$SEARCH" --db "$DB" --json --by passage --limit 100 --country Serbia --weapon drone
expect_status 0 "filtered search"
python3 - "$WORK/filtered.out" <<'PY' || fail "filtered hits all carry RS and a drone"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["hits"], "no hits"
for hit in doc["hits"]:
    assert "RS" in hit["facets"]["country"], hit["article"]["id"]
    assert "drone" in hit["facets"]["weapon"], hit["article"]["id"]
print("ok: filtered hits all carry RS and a drone")
PY

run_capture json "$SEARCH" --db "$DB" --json nato
python3 - "$WORK/json.out" <<'PY' || fail "--json contract"
import json, sys
doc = json.load(open(sys.argv[1]))
assert set(["query", "total", "hits", "facets"]) <= set(doc), doc.keys()
assert doc["total"]["exact"] is True and doc["total"]["value"] >= len(doc["hits"]) > 0
for hit in doc["hits"]:
    assert {"rank", "score", "article", "passage", "snippet", "facets"} <= set(hit)
    assert {"id", "title", "date", "source"} <= set(hit["article"])
    assert {"index", "text", "attribution"} <= set(hit["passage"])
    assert set(hit["facets"]) == {"country", "actor", "weapon", "speaker"}
for facet in ("country", "actor", "weapon", "speaker"):
    for value in doc["facets"][facet]:
        assert {"id", "name", "count"} <= set(value)
print("ok: --json contract")
PY

run_capture cross "$SEARCH" --db "$DB" --json Приштина
python3 - "$WORK/cross.out" <<'PY' || fail "Cyrillic query finds Latin text"
import json, sys
doc = json.load(open(sys.argv[1]))
langs = {hit["article"]["lang"] for hit in doc["hits"]}
assert "en" in langs, langs
print("ok: Cyrillic query finds Latin text", sorted(langs))
PY

# Facet filters across scripts and languages: the same country named in English, Serbian Cyrillic,
# Serbian Latin and Russian selects the same passages, from articles in all three languages.
total_for() { "$SEARCH" --db "$DB" --json --by passage --limit 1000 --country "$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"]["value"], " ".join(sorted({h["article"]["lang"] for h in d["hits"]})))'; }
serbia=$(total_for Serbia)
for name in Србија Srbija Сербия RS; do
  other=$(total_for "$name")
  [ "$other" = "$serbia" ] && pass "--country $name = --country Serbia ($other)" || fail "--country $name gave '$other', Serbia '$serbia'"
done
case "$serbia" in *en*ru*sr*) pass "Serbia's passages come from en, ru and sr articles" ;; *) fail "languages for Serbia: $serbia" ;; esac

run_capture nohits "$SEARCH" --db "$DB" zzzyqxw
expect_status 1 "no hits"
expect_grep '^0 articles match' "$WORK/nohits.out" "zero total"

run_capture dates "$SEARCH" --db "$DB" --json --since 2024 --limit 100 nato
python3 - "$WORK/dates.out" <<'PY' || fail "--since"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["hits"] and all(h["article"]["date"] >= "2024-01-01" for h in doc["hits"])
print("ok: --since keeps 2024 and later")
PY

# A rerun over the unchanged archive reads nothing and changes nothing; a changed article is
# replaced, not duplicated; a removed file's articles are deleted.
count_ru() { "$SEARCH" --db "$DB" --json --by passage --country RU | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["value"])'; }
before=$(count_ru)
run_capture reindex "$INDEX" --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_grep '0 articles \(0 passages\) from 0 files .*\(0 new, 0 replaced, 0 deleted, [0-9]+ unchanged; [0-9]+ files unchanged\)' "$WORK/reindex.err" "unchanged rerun reads nothing"
after=$(count_ru)
[ "$before" = "$after" ] && pass "no duplicate passages after re-indexing ($after)" || fail "passages $before -> $after"

cp -r "$DOSSIER_SOURCE/corpus/articles" "$WORK/copy"
"$INDEX" --quiet --db "$WORK/copy.db" --gazetteers "$GAZ" "$WORK/copy"
sed -i 's/Moscow/Moskva city/' "$WORK/copy/2019-09-seed-style-javelin.txt"
rm "$WORK/copy/2020-03-north-macedonia-joins-nato.txt"
run_capture changed "$INDEX" --db "$WORK/copy.db" --gazetteers "$GAZ" "$WORK/copy"
expect_grep '\(0 new, 1 replaced, 1 deleted, [0-9]+ unchanged; [0-9]+ files unchanged\)' "$WORK/changed.err" "one replaced, one deleted"
run_capture check "$INDEX" --check --db "$WORK/copy.db"
expect_status 0 "--check after incremental runs"
# Counts from a sample: a very common word over a limit this small is estimated and labelled in
# text and JSON; --exact-facets gives the exact counts back.
run_capture sampled "$SEARCH" --db "$DB" --color never --sample-above 20 the
expect_status 0 "sampled counts"
# (wrapped at 80 columns: the header's first line, then the rest)
tr '\n' ' ' <"$WORK/sampled.out" | sed 's/  */ /g' >"$WORK/sampled.flat"
expect_grep '^≈[0-9]+ articles match \(estimated from [0-9.]+% of the matches; --exact-facets counts all\)' "$WORK/sampled.flat" "sampled header"
expect_grep '^Facets \(articles per value; estimated from ' "$WORK/sampled.out" "sampled facets heading"
expect_grep '\] ≈[0-9]+' "$WORK/sampled.out" "≈ on facet counts"
run_capture sampled_json "$SEARCH" --db "$DB" --json --sample-above 20 the
run_capture exact_json "$SEARCH" --db "$DB" --json --sample-above 20 --exact-facets the
run_capture default_json "$SEARCH" --db "$DB" --json the
python3 - "$WORK/sampled_json.out" "$WORK/exact_json.out" "$WORK/default_json.out" <<'PY' || fail "sampled / exact JSON"
import json, sys
sampled, exact, default = (json.load(open(p)) for p in sys.argv[1:4])
assert sampled["counts_sampled"] is True and 0 < sampled["examined_fraction"] < 1, sampled["examined_fraction"]
assert sampled["total"]["exact"] is False
assert exact["counts_sampled"] is False and exact["examined_fraction"] == 1 and exact["total"]["exact"] is True
assert exact["total"] == default["total"] and exact["facets"] == default["facets"]
assert [h["article"]["id"] for h in sampled["hits"]] == [h["article"]["id"] for h in exact["hits"]]
print("ok: sampled counts labelled in JSON; --exact-facets equals the default on a small archive")
PY
# --compact: the same answers from compacted shards, and a compaction phase in the report.
run_capture compact "$INDEX" --db "$WORK/compact.db" --gazetteers "$GAZ" --compact --report "$WORK/compact.json" "$DOSSIER_SOURCE/corpus/articles"
expect_status 0 "index with --compact"
run_capture compact_search "$SEARCH" --db "$WORK/compact.db" --json --limit 20 nato
python3 - "$WORK/json.out" "$WORK/compact_search.out" "$WORK/compact.json" <<'PY' || fail "--compact: same results"
import json, sys
plain, compact, report = (json.load(open(p)) for p in sys.argv[1:4])
ids = lambda doc: [(h["article"]["id"], h["passage"]["index"]) for h in doc["hits"]]
assert plain["total"] == compact["total"] and plain["facets"] == compact["facets"], "counts differ"
assert ids(plain)[:10] == ids(compact)[:10], "hits differ"
assert report["phases"]["compact"] > 0, report["phases"]
print("ok: --compact gives the same hits and counts; compaction timed in the report")
PY
finish
