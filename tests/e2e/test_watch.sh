#!/usr/bin/env bash
# dossier-watch end to end on a generated archive: two watches added after a first run; a second
# run changes some articles and adds others; `new` lists exactly the new and changed matching
# articles (against a brute force: the articles the second batch wrote, intersected with what
# dossier-search finds for the same query and filters), a second `new` nothing, `--peek` leaves
# the file alone; dossier-index's closing lines and --report count them; `new` killed at random
# moments loses no state; and a watch added and read while dossier-index holds the database works
# and shows only what finished runs wrote.
source "$(dirname "$0")/lib.sh"
WATCH="$DOSSIER_BIN/dossier-watch"
ARCHIVE="$WORK/archive"
DB="$WORK/w.db"

# generate BATCH: batch 1 writes articles 0-119; batch 2 rewrites every 5th of them (new words)
# and adds 120-159. Prints the ids it wrote (batch 2: the changed and the added).
generate() {
  python3 - "$ARCHIVE" "$1" <<'PY'
import os, random, sys
root, batch = sys.argv[1], int(sys.argv[2])
words = ("kosovo serbia belgrade pristina drone drones missile border patrol police election tariff bridge "
         "ukraine kyiv odesa port grain harbour market bank shares budget minister parliament vote "
         "river flood storm school hospital railway airport festival museum football").split()
os.makedirs(root, exist_ok=True)
ids = range(120) if batch == 1 else [i for i in range(120) if i % 5 == 0] + list(range(120, 160))
for i in ids:
    rng = random.Random(i * 10 + batch)
    paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 25))).capitalize() + "." for _ in range(rng.randint(1, 4))]
    with open(os.path.join(root, "art-%03d.txt" % i), "w") as f:
        f.write("Title: Story %d batch %d\nDate: 2024-%02d-%02d\nSource: Gen Wire\nLanguage: en\nID: art-%03d\n\n%s\n"
                % (i, batch, 1 + i % 12, 1 + i % 28, i, "\n\n".join(paragraphs)))
    print("art-%03d" % i)
PY
}
# ids_of FILE: the article ids of a dossier-search --json or a dossier-watch --json watch, sorted.
search_ids() {  # search_ids ARGS...: every article dossier-search finds, sorted
  "$SEARCH" --db "$DB" --json --limit 10000 --no-collapse-copies "$@" | python3 -c '
import json, sys
print("\n".join(sorted(h["article"]["id"] for h in json.load(sys.stdin)["hits"])))'
}
watch_ids() {  # watch_ids JSON_FILE NAME: the ids of one watch in a `new --json`, sorted
  python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
w = [w for w in doc["watches"] if w["name"] == sys.argv[2]][0]
assert w["new_articles"] == len(w["hits"]), (w["new_articles"], len(w["hits"]))
print("\n".join(sorted(h["article"]["id"] for h in w["hits"])))' "$1" "$2"
}

generate 1 >/dev/null
run_capture first "$INDEX" --db "$DB" --gazetteers "$GAZ" "$ARCHIVE"
expect_status 0 "first run"
run_capture add1 "$WATCH" --db "$DB" add roads kosovo border
expect_status 0 "add a watch"
expect_grep "added watch roads at run 1" "$WORK/add1.out" "a new watch starts at the current run"
run_capture add2 "$WATCH" --db "$DB" add ports --match all port odesa
expect_status 0 "add a watch with a filter"
run_capture empty "$WATCH" --db "$DB" new
expect_status 1 "new right after add: nothing new"
run_capture dup "$WATCH" --db "$DB" add roads other
expect_status 2 "a second watch of the same name"
expect_one_line "$WORK/dup.err" "duplicate watch"

generate 2 | sort >"$WORK/batch2.ids"
run_capture second "$INDEX" --db "$DB" --gazetteers "$GAZ" --report "$WORK/report.json" "$ARCHIVE"
expect_status 0 "second run"
comm -12 "$WORK/batch2.ids" <(search_ids kosovo border) >"$WORK/roads.expected"
comm -12 "$WORK/batch2.ids" <(search_ids --match all port odesa) >"$WORK/ports.expected"
n_roads=$(wc -l <"$WORK/roads.expected")
n_ports=$(wc -l <"$WORK/ports.expected")
[ "$n_roads" -gt 5 ] && [ "$n_ports" -gt 0 ] && pass "the brute force finds $n_roads and $n_ports new articles" || fail "brute force: $n_roads, $n_ports"
expect_grep "^dossier-index: watch roads: $n_roads new articles \(dossier-watch new roads\)$" "$WORK/second.err" "the run's closing line for roads"
expect_grep "^dossier-index: watch ports: $n_ports new article" "$WORK/second.err" "the run's closing line for ports"
python3 - "$WORK/report.json" "$n_roads" "$n_ports" <<'PY' && pass "--report: watches and run" || fail "--report watches"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["run"] == 2, r["run"]
assert r["watches"] == [{"name": "roads", "new_articles": int(sys.argv[2])}, {"name": "ports", "new_articles": int(sys.argv[3])}], r["watches"]
PY

cp "$DB/watches.json" "$WORK/before-peek.json"
run_capture peek "$WATCH" --db "$DB" new --peek --json --limit 10000
expect_status 0 "new --peek: something new"
cmp -s "$DB/watches.json" "$WORK/before-peek.json" && pass "--peek leaves the watch file alone" || fail "--peek changed the watch file"
cmp -s <(watch_ids "$WORK/peek.out" roads) "$WORK/roads.expected" && pass "roads: exactly the new and changed matching articles" ||
  { fail "roads differs from the brute force"; diff <(watch_ids "$WORK/peek.out" roads) "$WORK/roads.expected" | head -5 >&2; }
cmp -s <(watch_ids "$WORK/peek.out" ports) "$WORK/ports.expected" && pass "ports: exactly the new and changed matching articles" ||
  { fail "ports differs from the brute force"; diff <(watch_ids "$WORK/peek.out" ports) "$WORK/ports.expected" | head -5 >&2; }

run_capture jsonl "$WATCH" --db "$DB" new --peek --format jsonl --limit 3
python3 - "$WORK/jsonl.out" <<'PY' && pass "--format jsonl: hits with their watch, then the watch's line" || fail "jsonl lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
hits = [l for l in lines if l["type"] == "hit"]
watches = [l for l in lines if l["type"] == "watch"]
assert [w["name"] for w in watches] == ["roads", "ports"], watches
assert all(h["watch"] in ("roads", "ports") and "article" in h for h in hits), hits[:1]
assert sum(1 for h in hits if h["watch"] == "roads") == 3
PY
run_capture text env COLUMNS=80 "$WATCH" --db "$DB" new --peek roads
expect_grep "^Watch roads: $n_roads new articles from run 2$" "$WORK/text.out" "text: a header per watch"
too_wide=$(awk 'length($0) > 80' "$WORK/text.out" | wc -l)
[ "$too_wide" -eq 0 ] && pass "text fits 80 columns" || fail "$too_wide lines over 80 columns"

# Kill `new` at random moments: the watch file is the old one or the new one, never half.
killed_old=0 killed_new=0
for i in $(seq 1 12); do
  cp "$WORK/before-peek.json" "$DB/watches.json"
  "$WATCH" --db "$DB" new --json --limit 10000 >/dev/null 2>&1 &
  pid=$!
  sleep "0.0$((RANDOM % 9))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if cmp -s "$DB/watches.json" "$WORK/before-peek.json"; then
    killed_old=$((killed_old + 1))
    "$WATCH" --db "$DB" new --peek --json --limit 10000 >"$WORK/after-kill.json"
    cmp -s <(watch_ids "$WORK/after-kill.json" roads) "$WORK/roads.expected" || fail "kill $i: the news of an unmarked watch changed"
  else
    killed_new=$((killed_new + 1))
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(w["seen_run"] == 2 for w in d["watches"])' "$DB/watches.json" ||
      fail "kill $i: a changed watch file that is not the marked one"
  fi
  ls "$DB" | grep -q '\.tmp\.' && rm -f "$DB"/watches.json.tmp.*  # a killed write may leave its temporary, never the file
done
pass "12 kills during new: $killed_old left the old file, $killed_new the marked one, none anything else"

cp "$WORK/before-peek.json" "$DB/watches.json"
run_capture mark "$WATCH" --db "$DB" new
expect_status 0 "new marks seen"
run_capture again "$WATCH" --db "$DB" new --json
expect_status 1 "a second new: nothing new"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(w["new_articles"] == 0 and not w["hits"] for w in d["watches"])' "$WORK/again.out" &&
  pass "the second new lists nothing" || fail "the second new lists something"

# A busy database: dossier-index holds its lock, committing every 40 passages, while a watch is
# added and read. The run in progress is nobody's news until it has finished.
python3 - "$WORK/bulk" <<'PY'
import json, os, random, sys
os.makedirs(sys.argv[1], exist_ok=True)
rng = random.Random(7)
words = "kosovo border patrol drone police bridge tariff election vote market".split()
for i in range(3000):  # 150 files of 20: the run commits between files
    with open(os.path.join(sys.argv[1], "bulk-%03d.jsonl" % (i // 20)), "a") as f:
        text = "\n".join("kosovo " + " ".join(rng.choice(words) for _ in range(30)) for _ in range(3))
        f.write(json.dumps({"id": "bulk-%d" % i, "title": "Bulk %d" % i, "date": "2024-06-01", "lang": "en", "text": text}) + "\n")
PY
"$INDEX" --db "$DB" --gazetteers "$GAZ" --commit-every 40 "$ARCHIVE" "$WORK/bulk" >"$WORK/bulk.out" 2>"$WORK/bulk.err" &
indexer=$!
# Until a commit of the run is visible to readers: the watch then reads a database in mid-run.
for _ in $(seq 1 500); do
  "$SEARCH" --db "$DB" --format tsv --limit 1 title:bulk 2>/dev/null | grep -q "^bulk-" && break
  sleep 0.02
done
run_capture busy_add "$WATCH" --db "$DB" add busy kosovo
expect_status 0 "add while dossier-index runs"
expect_grep "at run 2:" "$WORK/busy_add.out" "a watch added mid-run starts at the last finished run"
run_capture busy_new "$WATCH" --db "$DB" new --peek --json busy roads
[ "$status" -le 1 ] && pass "new while dossier-index runs (exit $status)" || fail "new during a run: exit $status"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(not h["article"]["id"].startswith("bulk-") for w in d["watches"] for h in w["hits"])' "$WORK/busy_new.out" &&
  pass "nothing of the unfinished run is shown" || fail "articles of the unfinished run shown"
kill -0 "$indexer" 2>/dev/null && pass "the indexer was still running meanwhile, its first commits visible to searches" ||
  echo "note: the indexer finished before the watch was read"
wait "$indexer" || fail "the bulk run failed"
expect_grep "^dossier-index: watch busy: 3000 new articles" "$WORK/bulk.err" "after the run, the mid-run watch counts the run's articles"
run_capture busy_after "$WATCH" --db "$DB" new busy --json --limit 1
expect_status 0 "the mid-run watch's news after the run"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["watches"][0]["new_articles"] == 3000, d["watches"][0]["new_articles"]' "$WORK/busy_after.out" &&
  pass "3000 bulk articles new to the watch added mid-run" || fail "mid-run watch count"

# Errors: one line, exit 2.
run_capture nodb "$WATCH" --db "$WORK/none.db" list
expect_status 2 "list on a missing database"
expect_one_line "$WORK/nodb.err" "missing database"
printf '{"format": 1, "watches": [' >"$DB/watches.json"
run_capture damaged "$WATCH" --db "$DB" list
expect_status 2 "a damaged watch file"
expect_grep "watches.json: damaged watch file" "$WORK/damaged.err" "the damaged file is named"
run_capture index_damaged "$INDEX" --db "$DB" --gazetteers "$GAZ" "$ARCHIVE"
expect_status 0 "dossier-index still indexes beside a damaged watch file"
expect_grep "warning: watches not checked: .*watches.json" "$WORK/index_damaged.err" "and warns about it"
finish
