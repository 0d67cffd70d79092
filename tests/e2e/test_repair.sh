#!/usr/bin/env bash
# A damaged shard gets a way back: dossier-index --repair rebuilds every shard that fails
# Xapian's check from the source files the manifest lists for it, keeping the damaged copy;
# the result holds exactly the passages it held before. Also: a --compact run that was killed
# is redone by the next --compact run even when nothing changed; --shards 0 is refused.
source "$(dirname "$0")/lib.sh"
command -v xapian-delve >/dev/null || { echo "skip: xapian-tools not installed"; exit 77; }
cd "$WORK"
python3 - <<'PY'
import json, os, random
rng = random.Random(11)
words = "Kosovo Serbia Belgrade NATO KFOR Javelin missiles Ukraine sanctions border troops drone talks".split()
os.makedirs("src/wire")
os.makedirs("src/plain")
for f in range(4):
    with open("src/wire/w%d.jsonl" % f, "w") as fh:
        for i in range(40):
            text = "\n".join(" ".join(rng.choice(words) for _ in range(30)) + " t%dx%dx%d." % (f, i, k) for k in range(3))
            fh.write(json.dumps({"id": "w%d-%02d" % (f, i), "title": "Wire %d" % i, "text": text}) + "\n")
for i in range(10):  # default ids (no ID header) must come back under the same ids
    with open("src/plain/p%d.txt" % i, "w") as fh:
        fh.write("Title: Plain %d\n\n%s p%d.\n" % (i, " ".join(rng.choice(words) for _ in range(30)), i))
PY
passage_ids() { xapian-delve -A Q -1 "$1" | grep '^Q' | sort; }
"$INDEX" --quiet --db db --shards 3 -j 2 --gazetteers "$GAZ" src
passage_ids db >before.ids
echo "$(wc -l <before.ids) passages in 3 shards"

# Damage one shard's postings: the check fails, a normal run says how to repair.
python3 - <<'PY'
import os
path = "db/shard-001/postlist.glass"
with open(path, "r+b") as f:
    f.seek(os.path.getsize(path) // 2)
    f.write(os.urandom(4096))
PY
run_capture check-bad "$INDEX" --check --db db
expect_status 1 "--check finds the damage"
echo '{"id":"new-1","text":"Kosovo talks resumed."}' >src/wire/new.jsonl
for i in 0 1 2 3 4 5; do printf 'Title: More %d\n\nSerbia border talks m%d.\n' "$i" "$i" >"src/plain/more$i.txt"; done
run_capture damaged-run "$INDEX" --db db -j 2 --gazetteers "$GAZ" src
if [ "$status" -eq 2 ]; then
  expect_one_line "$WORK/damaged-run.err" "a run over a damaged shard"
  expect_grep '--repair rebuilds it' "$WORK/damaged-run.err" "the error points to --repair"
fi
# What that failed run committed to the healthy shards is read again below (the sources stay).
"$INDEX" --quiet --db reference.db --shards 3 -j 2 --gazetteers "$GAZ" src
passage_ids reference.db >before.ids

run_capture repair "$INDEX" --db db -j 2 --gazetteers "$GAZ" --repair --report repair.json src
expect_status 0 "--repair"
expect_grep 'shard-001 failed the check: rebuilding it' "$WORK/repair.err" "says which shard it rebuilds"
[ -d db/shard-001.damaged ] && pass "the damaged copy is kept" || fail "no db/shard-001.damaged"
python3 -c 'import json,sys; r=json.load(open("repair.json")); assert r["rebuilt_shards"]==["db/shard-001"], r["rebuilt_shards"]' \
  && pass "--report lists the rebuilt shard" || fail "--report rebuilt_shards"
run_capture check-good "$INDEX" --check --db db
expect_status 0 "--check after --repair"
passage_ids db >after.ids
if cmp -s before.ids after.ids; then pass "the same $(wc -l <after.ids) passages as a fresh index of the same sources"
else fail "$(comm -3 before.ids after.ids | wc -l) passages differ after --repair"; fi
run_capture rerun "$INDEX" --db db -j 2 --gazetteers "$GAZ" src
expect_grep '0 new, 0 replaced, 0 deleted' "$WORK/rerun.err" "a normal run after --repair finds nothing to do"

# A missing shard (folder gone) is rebuilt too; --repair on a healthy database changes nothing.
mv db/shard-002 shard-002.elsewhere
run_capture repair-missing "$INDEX" --db db -j 2 --gazetteers "$GAZ" --repair  # no PATHs: the manifest's files
expect_status 0 "--repair of a missing shard"
passage_ids db >after2.ids
cmp -s before.ids after2.ids && pass "missing shard rebuilt with its passages" || fail "missing shard: passages differ"
run_capture repair-healthy "$INDEX" --db db -j 2 --gazetteers "$GAZ" --repair
expect_grep 'nothing to repair' "$WORK/repair-healthy.err" "a healthy database: nothing to repair"

# A compaction killed half-way (marked pending) is finished by the next --compact run.
"$DB_TOOL" set-meta db/meta dossier.compact_pending 1
run_capture note-pending "$INDEX" --db db -j 2 --gazetteers "$GAZ" src
expect_grep 'a compaction was interrupted; run with --compact' "$WORK/note-pending.err" "a pending compaction is noted"
run_capture compact "$INDEX" --db db -j 2 --gazetteers "$GAZ" --compact --report compact.json src
python3 -c 'import json; r=json.load(open("compact.json")); assert r["phases"]["compact"] > 0, r["phases"]' \
  && pass "--compact with nothing changed redoes the interrupted compaction" || fail "pending compaction not redone"
run_capture compact2 "$INDEX" --db db -j 2 --gazetteers "$GAZ" --compact --report compact2.json src
python3 -c 'import json; r=json.load(open("compact2.json")); assert r["phases"]["compact"] == 0, r["phases"]' \
  && pass "and only once" || fail "compacted again with nothing pending"

run_capture shards0 "$INDEX" --db other --shards 0 --gazetteers "$GAZ" src
expect_status 2 "--shards 0"
expect_grep '--shards must be 1 to 1024' "$WORK/shards0.err" "--shards 0 refused"
finish
