#!/usr/bin/env bash
# bench/watch_bench.sh end to end on a tiny generated corpus: the database and query mix built,
# 10 watches added from the mix, a batch indexed, both commands timed in every round, and the
# results' shape. No timing is asserted: only shapes and counts.
source "$(dirname "$0")/lib.sh"
RESULTS="$WORK/results"
run_capture bench env BUILD_DIR="$(dirname "$DOSSIER_BIN")" BENCH_SKIP_BUILD=1 BENCH_PASSAGES=1500 BENCH_WATCH_BATCH=300 \
  BENCH_ROUNDS=2 BENCH_WORK="$WORK/bench" BENCH_RESULTS="$RESULTS" bash "$DOSSIER_SOURCE/bench/watch_bench.sh"
expect_status 0 "watch_bench.sh at 1,500 passages, 2 rounds"
[[ $status -eq 0 ]] || { sed 's/^/    /' "$WORK/bench.err" | tail -20 >&2; finish; }
expect_grep "note: index format [0-9]+ upgraded|dossier-index: watch medium-1: " "$WORK/bench.err" "the batch run reports the watches"
python3 - "$RESULTS/watch-1500.json" <<'PY' && pass "results JSON: 10 watches, both commands timed, ratios" || fail "results JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["passages"] == 1500 and doc["rounds"] == 2 and doc["watches"] == 10, doc
assert len(doc["queries"]) == 10 and set(doc["new_articles"]) == set(doc["queries"]), doc["new_articles"]
assert sum(doc["new_articles"].values()) > 0, doc["new_articles"]
assert doc["run"] >= 2, doc["run"]
for key in ("watch_new_ms", "baseline_10_searches_ms"):
    s = doc[key]
    assert 0 < s["min"] <= s["median"] <= s["p90"] <= s["max"], s
assert 0 < doc["ratio_watch_to_baseline"]["median"], doc
PY
rows=$(grep -c '^| [a-z0-9-]* | `' "$RESULTS/watch-1500.md" || true)
[[ $rows -eq 10 ]] && pass "the Markdown lists the 10 watches" || fail "Markdown watch rows: $rows"
finish
