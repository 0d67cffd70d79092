#!/usr/bin/env bash
# Speakers on the sample archive: the speaker facet, --speaker and the speaker: field agree with a
# brute-force count over --dump-passages (articles whose passages' attributions name the actor);
# a pronoun or title resolved within its article shows as "TEXT → NAME" in the text output and as
# attribution.speaker in --json; an unknown speaker is a usage error that names the facet.
source "$(dirname "$0")/lib.sh"
unset COLUMNS
DB="$WORK/sample.db"
"$INDEX" --quiet --shards 2 --jobs 1 --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
"$INDEX" --dump-passages --quiet --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles" > "$WORK/dump.jsonl"
S=("$SEARCH" --db "$DB")
WATCH="$DOSSIER_BIN/dossier-watch"

# Articles per speaker id, from the dump: what every speaker count must equal.
python3 - "$WORK/dump.jsonl" > "$WORK/brute.json" <<'PY'
import collections, json, sys
articles = collections.defaultdict(set)
for line in open(sys.argv[1]):
    p = json.loads(line)
    speaker = (p["attribution"] or {}).get("speaker") or {}
    if speaker.get("id"):
        articles[speaker["id"]].add(p["article_id"])
json.dump({k: sorted(v) for k, v in articles.items()}, sys.stdout)
PY

run_capture values "${S[@]}" --json --values speaker
expect_status 0 "--values speaker"
python3 - "$WORK/values.out" "$WORK/brute.json" <<'PY' && pass "--values speaker counts equal the brute force" || fail "--values speaker counts"
import json, sys
doc, brute = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
got = {v["id"]: v["count"] for v in doc["values"]}
want = {k: len(v) for k, v in brute.items()}
assert len(want) >= 10, want  # the sample archive names many speakers
assert got == want, (got, want)
PY

for who in maria-zakharova nato aleksandar-vucic; do
  run_capture "opt-$who" "${S[@]}" --json --limit 100 --speaker "$who"
  run_capture "field-$who" "${S[@]}" --json --limit 100 "speaker:$who"
  python3 - "$WORK/opt-$who.out" "$WORK/field-$who.out" "$WORK/brute.json" "$who" <<'PY' && pass "--speaker $who and speaker:$who find the brute-force articles" || fail "--speaker $who"
import json, sys
option, field, brute, who = (json.load(open(sys.argv[1])), json.load(open(sys.argv[2])),
                             json.load(open(sys.argv[3])), sys.argv[4])
want = set(brute[who])
for doc in (option, field):
    ids = {h["article"]["id"] for h in doc["hits"]} | {c for h in doc["hits"] for c in h.get("copies", [])}
    assert ids == want, (ids, want)
    for hit in doc["hits"]:
        assert hit["passage"]["attribution"]["speaker"]["id"] == who, hit["passage"]
        assert who in hit["facets"]["speaker"], hit["facets"]
assert [f["id"] for f in option["filters"]["speaker"]] == [who], option["filters"]
counts = {v["id"]: v["count"] for v in option["facets"]["speaker"]}
assert counts.get(who) == len(want), counts
PY
done

# A title resolved within its article: "The ministry said" after a [Source: Georgian Ministry of
# Defence] tag.
python3 - "$WORK/dump.jsonl" <<'PY' && pass "a title is resolved to the organisation named before it" || fail "title resolution"
import json, sys
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["article_id"] == "2021-07-agile-spirit-georgia" and p["index"] == 1:
        a = p["attribution"]
        assert a["text"] == "The ministry" and a["speaker"]["resolved_from"] == "The ministry", a
        # No gazetteer lists the Georgian ministry: named as its tag writes it, without an id.
        assert a["speaker"] == {"id": "", "name": "Georgian Ministry of Defence", "resolved_from": "The ministry"}, a
        assert "unresolved" not in a, a
        break
else:
    raise SystemExit("passage not found")
PY
run_capture show "${S[@]}" --color never --show 2021-07-agile-spirit-georgia
expect_status 0 "--show of the article"
expect_grep "The ministry → Georgia" "$WORK/show.out" "the text output shows whom the title stands for"

# A database tagged by an older extractor (version 3: no speakers) is tagged again by the next
# run, so its speaker facet appears without a rebuild.
"$DB_TOOL" set-meta "$DB/meta" dossier.extractor_version 3
run_capture retag "$INDEX" --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_status 0 "the run after an extractor change"
expect_grep "extractor changed since the last run: every article is tagged again" "$WORK/retag.err" "it says why it tags again"
run_capture values2 "${S[@]}" --json --values speaker
cmp -s <(python3 -c 'import json,sys; print(sorted((v["id"], v["count"]) for v in json.load(open(sys.argv[1]))["values"]))' "$WORK/values.out") \
       <(python3 -c 'import json,sys; print(sorted((v["id"], v["count"]) for v in json.load(open(sys.argv[1]))["values"]))' "$WORK/values2.out") \
  && pass "the speakers after re-tagging are those of a fresh index" || fail "speakers after re-tagging"

# A watch keeps a speaker filter and runs it as dossier-search would.
run_capture watch_add "$WATCH" --db "$DB" add zakharova --speaker maria-zakharova
expect_status 0 "dossier-watch add --speaker"
run_capture watch_list "$WATCH" --db "$DB" list --json
python3 - "$WORK/watch_list.out" <<'PY' && pass "the watch lists its speaker filter" || fail "watch speaker filter"
import json, sys
doc = json.load(open(sys.argv[1]))
watch = [w for w in doc["watches"] if w["name"] == "zakharova"][0]
assert watch["filters"]["speaker"] == ["maria-zakharova"], watch
PY

run_capture unknown "${S[@]}" --speaker no-such-speaker kosovo
expect_status 2 "an unknown speaker"
expect_grep "unknown speaker 'no-such-speaker'" "$WORK/unknown.err" "the message names the facet and the value"
finish
