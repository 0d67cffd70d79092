#!/usr/bin/env bash
# --dump-passages on the seed-format sample and, when ../shared is present, on the seed itself.
source "$(dirname "$0")/lib.sh"

check_seed_shape() {  # check_seed_shape FILE LABEL
  python3 - "$1" "$2" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
kinds = [(r["attribution"] or {}).get("kind") for r in rows]
assert kinds == ["Source", "Attribution", "Source", "Context", "Analyst perspective"], kinds
for r in rows:
    assert {"article_id", "index", "text", "attribution", "entities"} <= set(r)
    raw = r["text"].encode()
    for e in r["entities"]:
        assert {"facet", "id", "name", "mention", "begin", "end"} <= set(e)
        assert raw[e["begin"]:e["end"]].decode() == e["mention"], e
    assert "[" not in r["text"], "tag left in the body"
print("ok:", sys.argv[2], "has 5 passages with the seed's kinds and exact offsets")
PY
}

run_capture sample "$INDEX" --dump-passages --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles/2019-09-seed-style-javelin.txt"
expect_status 0 "dump the seed-style sample"
check_seed_shape "$WORK/sample.out" "seed-style sample" || fail "seed-style sample shape"

SEED="$DOSSIER_SHARED/seed/javelin-kosovo.txt"
if [ -f "$SEED" ]; then
  run_capture seed "$INDEX" --dump-passages --gazetteers "$GAZ" "$SEED"
  expect_status 0 "dump the seed article"
  check_seed_shape "$WORK/seed.out" "seed article" || fail "seed article shape"
  python3 - "$WORK/seed.out" <<'PY' || fail "seed entities"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
ids = lambda row, facet: {e["id"] for e in row["entities"] if e["facet"] == facet}
assert {"RU", "US", "XK"} <= ids(rows[0], "country"), ids(rows[0], "country")
assert "maria-zakharova" in ids(rows[0], "actor"), ids(rows[0], "actor")
assert any("foreign" in e["name"].lower() for e in rows[0]["entities"] if e["facet"] == "actor"), rows[0]["entities"]
assert "fgm-148" in ids(rows[2], "weapon"), ids(rows[2], "weapon")
names = " ".join(e["name"].lower() for e in rows[2]["entities"] if e["facet"] == "actor")
assert "state" in names and "security cooperation" in names, names
print("ok: seed passages 1 and 3 carry the specified facets")
PY
else
  echo "skipped: $SEED absent (../shared not present); seed-article checks not run"
fi
finish
