#!/usr/bin/env bash
# The shipped gazetteers and the recogniser on the hand-annotated dev set (tests/fixtures/facets-dev):
# precision and recall per facet must stay above floors set a little under today's figures
# (docs/facets.md), and the business, sport and tech paragraphs must get no tag at all.
source "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 not found"
  exit 77
fi

run_capture eval python3 "$DOSSIER_SOURCE/bench/eval_facets_dev.py" --bin "$DOSSIER_BIN" --gazetteers "$GAZ" --json -
expect_status 0 "evaluate the dev set"
python3 - "$WORK/eval.out" <<'PY' && pass "dev-set floors hold" || fail "dev-set floors"
import json, sys
result = json.load(open(sys.argv[1]))
floors = {  # facet: (precision, recall)
    "weapon": (0.90, 0.90),
    "actor": (0.90, 0.80),
    "country": (0.90, 0.80),
}
bad = []
for facet, (p, r) in floors.items():
    score = result["scores"][facet]
    print(f"{facet}: precision {score['precision']:.3f} (floor {p}), recall {score['recall']:.3f} (floor {r})")
    if score["precision"] < p or score["recall"] < r:
        bad.append(facet)
negatives = result["negative_tags"]
print("tags in the business/sport/tech paragraphs:", negatives)
if any(negatives.values()):
    bad.append("negatives")
sys.exit(1 if bad else 0)
PY
finish
