#!/usr/bin/env bash
# Fault injection: the disk fills up while dossier-index writes. The run must stop with exit 2
# and one clear line on stderr, and leave a database that xapian-check accepts and that still
# holds every passage of the previous (completed) run. Needs root to mount a 2 MiB tmpfs;
# skipped (exit 77) where mounting is not permitted.
source "$(dirname "$0")/lib.sh"
mount_small_disk 2m

# A small archive that fits, and a big one (about 8 MB of text) that cannot.
python3 - "$WORK/small" "$WORK/big" <<'PY'
import json, os, random, sys
rng = random.Random(7)
words = ("Kosovo Serbia Belgrade Pristina NATO KFOR Javelin missiles delivered Ukraine sanctions border "
         "patrol troops drone strike air defence ministry talks agreement Brussels mission Вучић Србија").split()
def para(n):
    return " ".join(rng.choice(words) for _ in range(n)) + "."
os.makedirs(sys.argv[1])
for i in range(10):
    with open(os.path.join(sys.argv[1], "small-%02d.txt" % i), "w") as f:
        f.write("Title: Small %d\nID: small-%02d\n\n%s\n\n%s [Source: gen]\n" % (i, i, para(30), para(20)))
os.makedirs(sys.argv[2])
with open(os.path.join(sys.argv[2], "big.jsonl"), "w") as f:
    for i in range(2000):
        # Distinct made-up words too, so that the term and spelling tables grow as well.
        text = "\n".join(para(60) + " w%dx%d" % (i, k) for k in range(6))
        f.write(json.dumps({"id": "big-%04d" % i, "title": "Big %d" % i, "lang": "en", "text": text}, ensure_ascii=False) + "\n")
PY

# Xapian's consistency check on every part of the database: the single glass database of
# format 1, or the meta database and every shard of a sharded one.
passage_ids() { xapian-delve -A Q -1 "$1" | grep '^Q' | sort; }

DB="$DISK/db"
run_capture small "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$WORK/small"
expect_status 0 "small archive fits on the 2 MiB disk"
passage_ids "$DB" >"$WORK/small.ids"
small_count=$(wc -l <"$WORK/small.ids")
[ "$small_count" -ge 10 ] || fail "small archive gave only $small_count passages"
echo "disk after the small run: $(df -k --output=used "$DISK" | tail -1) KiB used"

for commit_every in 20000 200; do
  run_capture "big_$commit_every" "$INDEX" --quiet --commit-every "$commit_every" --db "$DB" --gazetteers "$GAZ" "$WORK/big"
  label="big archive, --commit-every $commit_every"
  expect_status 2 "$label: disk full"
  expect_one_line "$WORK/big_$commit_every.err" "$label"
  sed "s/^/    /" "$WORK/big_$commit_every.err"
  expect_grep '^dossier-index: error: .*(No space left on device|space)' "$WORK/big_$commit_every.err" "$label: says the disk is full"
  if check_db "$DB"; then pass "$label: xapian-check after the failed run"
  else fail "$label: xapian-check"; tail -5 "$WORK/check.out" >&2; fi
  passage_ids "$DB" >"$WORK/after.ids"
  missing=$(comm -23 "$WORK/small.ids" "$WORK/after.ids" | wc -l)
  if [ "$missing" -eq 0 ]; then pass "$label: all $small_count passages of the completed run are intact"
  else fail "$label: $missing passages of the completed run are gone"; fi
  run_capture "search_$commit_every" "$SEARCH" --db "$DB" --json --limit 100 --by passage 'title:small'
  expect_status 0 "$label: the database still opens for search"
  python3 - "$WORK/search_$commit_every.out" "$small_count" <<'PY' || fail "$label: search results"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["total"]["value"] == int(sys.argv[2]), (doc["total"], sys.argv[2])
print("ok: every passage of the small archive is found")
PY
done

# Once there is room again (the same tmpfs, grown), the same database takes the big run.
if mount -o remount,size=64m "$DISK" 2>/dev/null; then
  run_capture recover "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$WORK/big"
  expect_status 0 "after the disk grows, the big archive indexes into the same database"
  if check_db "$DB"; then pass "xapian-check after recovery"; else fail "xapian-check after recovery"; fi
  passage_ids "$DB" >"$WORK/final.ids"
  [ "$(comm -23 "$WORK/small.ids" "$WORK/final.ids" | wc -l)" -eq 0 ] && pass "small archive still there" || fail "small archive lost"
else
  echo "note: tmpfs cannot be remounted larger here; recovery not checked"
fi
finish
