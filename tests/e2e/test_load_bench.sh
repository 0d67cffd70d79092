#!/usr/bin/env bash
# bench/load_bench.sh end to end on a tiny generated corpus: every load (idle, a busy core, an
# indexer running) measured with both settings in every round, the summary's shape, and no load
# left running afterwards. No timing is asserted: only shapes, counts and what is left behind.
source "$(dirname "$0")/lib.sh"
if [[ ! -x /usr/bin/time ]]; then
  echo "skip: /usr/bin/time missing (Debian package time), which the benchmark uses"
  exit 0
fi
BENCH_WORK_DIR="$WORK/bench"
RESULTS="$WORK/results"
run_capture load env BUILD_DIR="$(dirname "$DOSSIER_BIN")" BENCH_SKIP_BUILD=1 BENCH_PASSAGES=1500 BENCH_QUERIES=26 \
  BENCH_ROUNDS=2 BENCH_REPEAT=1 BENCH_MODES=top10,facets BENCH_LOAD_PASSAGES=1500 BENCH_LOAD_SETTLE=1 \
  BENCH_WORK="$BENCH_WORK_DIR" BENCH_RESULTS="$RESULTS" bash "$DOSSIER_SOURCE/bench/load_bench.sh"
expect_status 0 "load_bench.sh at 1,500 passages, 2 rounds"
[[ $status -eq 0 ]] || { sed 's/^/    /' "$WORK/load.err" | tail -20 >&2; finish; }

# Every load, round and mode measured once, both settings in one process; the one the process
# makes first is the default in round 1, the single thread in round 2.
for load in idle hog indexer; do
  for round in 1 2; do
    if ((round == 1)); then order='"--search-threads 0","--search-threads 1"'; else order='"--search-threads 1","--search-threads 0"'; fi
    for mode in top10 facets; do
      f=$BENCH_WORK_DIR/load-runs-1500/$load-pair-$round-$mode.json
      if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d["alternating"]; assert len(r)==2; assert [x["settings"]["details"]["setting"] for x in r]==json.loads("["+sys.argv[2]+"]"), r' "$f" "$order" 2>/dev/null; then
        pass "measured: $load round $round $mode, default and single alternating, made first as the round says"
      else
        fail "no alternating measurement $f in the order [$order]"
      fi
    done
  done
done
# Mode by mode: top10 (both settings) before facets.
order=$(grep -oE "round 1/2: hog, [a-z0-9]+, default and single alternating" "$WORK/load.err" | sed 's/.*hog, //; s/,.*//' | tr '\n' ' ')
[[ $order == "top10 facets " ]] && pass "the modes one after the other" || fail "order: $order"

python3 - "$RESULTS/load-1500.json" <<'PY' && pass "summary JSON: every load, mode and setting, ratios and verdicts" || fail "summary JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["passages"] == 1500 and doc["rounds"] == 2, doc
assert set(doc["loads"]) == {"idle", "hog", "indexer"}, doc["loads"]
assert doc["indexer"]["archive_passages"] == 1500 and doc["indexer"]["runs_started"] >= 2, doc["indexer"]
for load, s in doc["summary"].items():
    for setting in ("default", "single"):
        assert set(s[setting]) == {"top10", "facets"}, (load, setting, list(s[setting]))
        for mode, row in s[setting].items():
            assert row["rounds"] == 2 and len(row["per_round_p50"]) == 2, row
            assert 0 <= row["p50"] <= row["p90"] <= row["p99"], row
            assert row["runs"] == 2 * 26 and 0 <= row["split_runs"] <= row["runs"], row
            if setting == "single":
                assert row["split_runs"] == 0, row
    for mode in ("top10", "facets"):
        r = s["ratio_default_to_single"][mode]
        assert abs(r["p50"] - s["default"][mode]["p50"] / s["single"][mode]["p50"]) < 0.01, r
        assert s["default_at_most_single"][mode]["p99"] == (s["default"][mode]["p99"] <= s["single"][mode]["p99"])
assert len(doc["runs"]) == 12 and all(len(v) == 2 for v in doc["runs"].values()), list(doc["runs"])
assert all(set(run) == {"top10", "facets"} and run["top10"]["count"] == 26 for v in doc["runs"].values() for run in v)
PY
# The control (the single thread against itself) after each pair, and the verdict against it:
# "at most" where the pooled ratio is at most 1, "as identical code" where it is within the
# control's 95% interval, "above" beyond it.
for load in idle hog indexer; do
  for round in 1 2; do
    for mode in top10 facets; do
      f=$BENCH_WORK_DIR/load-runs-1500/$load-control-$round-$mode.json
      if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["alternating"]; assert [x["settings"]["details"]["setting"] for x in r]==["--search-threads 1"]*2, r' "$f" 2>/dev/null; then
        pass "control: $load round $round $mode, the single thread against itself"
      else
        fail "no control measurement $f"
      fi
    done
  done
done
python3 - "$RESULTS/load-1500.json" <<'PY' && pass "summary JSON: the control and the verdict against it" || fail "summary JSON: control or verdict"
import json, sys
doc = json.load(open(sys.argv[1]))
for load, s in doc["summary"].items():
    for mode in ("top10", "facets"):
        c, pl, v = s["control"][mode], s["pooled"][mode], s["verdict"][mode]
        assert c["runs"] == pl["runs"] == 2 * 26, (c["runs"], pl["runs"])
        assert set(c) >= {"control_a", "control_b", "ratio", "ci95"}, list(c)
        for k in ("p50", "p99"):
            ratio, upper = pl["ratio"][k], c["ci95"][k][1]
            want = "at most" if ratio <= 1 else "as identical code" if ratio <= upper else "above"
            assert v[k] == want, (load, mode, k, ratio, upper, v[k])
PY
grep -q 'Against identical code' "$RESULTS/load-1500.md" && pass "the report has the control's table" || fail "no control table in the report"

# Each report counts for the setting it names, wherever the pair holds it (round 2 holds the
# single thread first).
python3 - "$RESULTS/load-1500.json" "$BENCH_WORK_DIR/load-runs-1500" <<'PY' && pass "summary: each report counted for the setting it names" || fail "summary: reports counted for the wrong setting"
import json, os, sys
doc = json.load(open(sys.argv[1]))
names = {"--search-threads 0": "default", "--search-threads 1": "single"}
for load, s in doc["summary"].items():
    for mode in ("top10", "facets"):
        for round_number in (1, 2):
            pair = json.load(open(os.path.join(sys.argv[2], "%s-pair-%d-%s.json" % (load, round_number, mode))))["alternating"]
            for report in pair:
                setting = names[report["settings"]["details"]["setting"]]
                assert s[setting][mode]["per_round_p50"][round_number - 1] == report["modes"][mode]["overall"]["p50"], (load, mode, round_number, setting)
PY
rows=$(grep -cE '^\| (idle|hog|indexer) \| (top10|facets) \| (default|single) \|' "$RESULTS/load-1500.md" || true)
[[ $rows -eq 12 ]] && pass "the Markdown table: 3 loads x 2 modes x 2 settings" || fail "Markdown rows: $rows"
expect_grep 'make bench-load' "$RESULTS/load-1500.md" "the report says how to repeat it"
# The indexer load wrote its own database, never the searched one: every run it started names its
# own directory. (Whether that directory is still there when the load stops depends on timing: a
# fresh run starts by removing it, and under ASan the indexer's start is longer than a round.)
runs_log=$BENCH_WORK_DIR/load-index-1500.log.runs
own_runs=$(grep -cE '^(fresh|incremental) .*/load-index-1500\.db$' "$runs_log" || true)
all_runs=$(wc -l < "$runs_log")
((all_runs > 0 && own_runs == all_runs)) && pass "the indexer load wrote a database of its own ($all_runs runs started)" ||
  fail "indexer runs: $own_runs of $all_runs on its own database: $(head -3 "$runs_log")"
expect_no_grep 'error' "$BENCH_WORK_DIR/load-index-1500.log" "the indexer load reported no error"

# Nothing of the loads is left running.
sleep 1
if pgrep -f "load-index-1500.db" >/dev/null || pgrep -xf "yes" >/dev/null; then
  fail "a load is still running: $(pgrep -af 'load-index-1500.db|^yes$' | head -3)"
else
  pass "no load left running"
fi

# A load it does not know: a usage error before anything runs.
run_capture bad env BUILD_DIR="$(dirname "$DOSSIER_BIN")" BENCH_SKIP_BUILD=1 BENCH_LOADS="idle spin" \
  BENCH_WORK="$BENCH_WORK_DIR" BENCH_RESULTS="$RESULTS" bash "$DOSSIER_SOURCE/bench/load_bench.sh"
expect_status 2 "an unknown load"
expect_grep "unknown load 'spin'" "$WORK/bad.err" "the message names it"
finish
