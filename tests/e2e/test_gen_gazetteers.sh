#!/usr/bin/env bash
# tools/gen_gazetteers.py: the unit tests of its GeoNames place rules (synthetic rows, no
# ../shared needed), the check of the shipped gazetteers, and the indexer tagging a country from
# a town that only the GeoNames places name.
source "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 not found"
  exit 77
fi

run_capture unit python3 -m unittest discover -s "$DOSSIER_SOURCE/tools" -p 'test_gen_places.py'
expect_status 0 "gen_gazetteers place-rule unit tests"
[ "$status" -eq 0 ] || sed 's/^/    /' "$WORK/unit.err" >&2

run_capture check python3 "$DOSSIER_SOURCE/tools/gen_gazetteers.py" --check --gaz-dir "$GAZ"
expect_status 0 "countries.gaz + actors.gaz + weapons.gaz check"
[ "$status" -eq 0 ] || sed 's/^/    /' "$WORK/check.err" >&2

if grep -q '^# Places: .*GeoNames' "$GAZ/countries.gaz"; then
  expect_grep '^# countries.gaz .*GeoNames cities1000 \(CC BY 4.0\)' "$GAZ/countries.gaz" "GeoNames credited"
  printf '%s\n' '{"id":"p1","title":"t","lang":"en","text":"Shelling hit Zrenjanin and Manbij overnight."}' \
    >"$WORK/places.jsonl"
  run_capture dump "$INDEX" --dump-passages --gazetteers "$GAZ" "$WORK/places.jsonl"
  expect_status 0 "indexer loads countries.gaz with the GeoNames places"
  python3 - "$WORK/dump.out" <<'PY' || fail "GeoNames places tagged"
import json, sys
ids = {e["id"] for line in open(sys.argv[1]) for e in json.loads(line)["entities"] if e["facet"] == "country"}
assert {"RS", "SY"} <= ids, ids
print("ok: towns named only by the GeoNames places give their countries:", sorted(ids))
PY
else
  echo "skipped: countries.gaz has no GeoNames places; indexer check not run"
fi
finish
