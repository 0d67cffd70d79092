#!/usr/bin/env bash
# Discovered entities end to end: --dump-passages marks them, the database keeps their names
# across incremental runs, and the searcher filters by them (id or name) and marks them in
# --json and --explain. The entity table holds only what the articles mention.
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/in"
cat >"$WORK/in/a.jsonl" <<'EOF'
{"id": "sahel-1", "title": "Clashes near the border", "date": "2024-03-02", "text": "Iraqi security forces retook the town on Monday, Defence Minister Jane Doe said.\n\nThe Syrian Democratic Forces (SDF) denied it. Doe said the SDF had withdrawn."}
EOF

run_capture dump "$INDEX" --dump-passages --gazetteers "$GAZ" "$WORK/in/a.jsonl"
expect_status 0 "dump a passage with discovered actors"
python3 - "$WORK/dump.out" <<'PY' && pass "dump marks discovered mentions, with exact offsets" || fail "dump shape"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
found = {(e["id"], e["rule"]) for r in rows for e in r["entities"] if e.get("discovered")}
want = {("iraqi-security-forces", "force"), ("jane-doe", "title"), ("syrian-democratic-forces", "org"),
        ("syrian-democratic-forces", "acronym"), ("jane-doe", "surname")}
assert want <= found, (want - found, found)
for r in rows:
    raw = r["text"].encode()
    for e in r["entities"]:
        assert raw[e["begin"]:e["end"]].decode() == e["mention"], e
        assert e.get("discovered", False) in (True,) or "discovered" not in e, e
assert "IQ" in rows[0]["affiliations"], rows[0]["affiliations"]
PY

DB="$WORK/db"
run_capture index1 "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$WORK/in"
expect_status 0 "index the article"

run_capture by_id "$SEARCH" --db "$DB" --actor iraqi-security-forces --json town
expect_status 0 "filter by a discovered actor's id"
run_capture by_name "$SEARCH" --db "$DB" --actor "Jane Doe" --json town
expect_status 0 "filter by a discovered actor's name"
python3 - "$WORK/by_id.out" <<'PY' && pass "--json marks discovered facet values and entities" || fail "--json discovered"
import json, sys
result = json.load(open(sys.argv[1]))
values = {v["id"]: v for v in result["facets"]["actor"]}
assert values["iraqi-security-forces"].get("discovered") is True, values
assert values["iraqi-security-forces"]["name"] == "Iraqi security forces", values
assert all("discovered" not in v for v in result["facets"]["country"]), result["facets"]["country"]
PY
run_capture explain "$SEARCH" --db "$DB" --explain --color never town
expect_grep "Jane Doe \[jane-doe\] from \"Jane Doe\" at [0-9]+-[0-9]+ by title \(discovered" "$WORK/explain.out" "--explain marks a discovered mention"

# The entity table holds what the articles mention, not the whole gazetteer.
run_capture unknown "$SEARCH" --db "$DB" --country FR town
expect_status 2 "a country no article mentions is unknown to this database"
expect_grep "unknown country 'FR'" "$WORK/unknown.err" "says which value"

# An incremental run that adds another article keeps the first one's discovered names.
cat >"$WORK/in/b.jsonl" <<'EOF'
{"id": "sahel-2", "title": "Talks", "date": "2024-03-05", "text": "Turkish troops and the Rapid Support Forces were not mentioned before."}
EOF
run_capture index2 "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$WORK/in"
expect_status 0 "index again with a new article"
run_capture again "$SEARCH" --db "$DB" --actor syrian-democratic-forces --json denied
expect_status 0 "a discovered actor of the first run is still known"
expect_grep '"name":"Syrian Democratic Forces"' "$WORK/again.out" "with its name"
run_capture second "$SEARCH" --db "$DB" --actor turkish-armed-forces --json troops
expect_status 0 "a discovered actor of the second run"
expect_grep '"affiliations":\["TR"\]' "$WORK/second.out" "affiliated with its nationality's country"

finish
