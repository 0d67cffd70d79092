#!/usr/bin/env bash
# Fault injection over an existing database: an incremental run (files changed, removed and
# added) on a disk with little room, for several amounts of free space. Whatever the run does
# (finish, or stop with exit 2 and one line), the database must pass xapian-check, and once the
# room is back a rerun must leave exactly the passages an uninterrupted update gives. Needs root
# to mount a size-limited tmpfs; skipped (exit 77) elsewhere.
source "$(dirname "$0")/lib.sh"
command -v fallocate >/dev/null || { echo "skip: fallocate not installed"; exit 77; }
mount_small_disk 48m

gen() {  # gen DIR SEED FIRST COUNT: COUNT JSONL files of 30 articles (4 paragraphs each)
  python3 - "$@" <<'PY'
import json, os, random, sys
out, seed, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
words = ("Kosovo Serbia Belgrade Pristina NATO KFOR Javelin missiles Ukraine sanctions border patrol "
         "troops drone strike air defence ministry talks agreement Brussels mission").split()
os.makedirs(out, exist_ok=True)
for f in range(first, first + count):
    with open(os.path.join(out, "wire-%02d.jsonl" % f), "w") as fh:
        for i in range(30):
            text = "\n".join(" ".join(rng.choice(words) for _ in range(40)) + " u%dx%dx%d." % (seed, f, 4 * i + k) for k in range(4))
            fh.write(json.dumps({"id": "w%02d-%03d" % (f, i), "title": "Wire %d %d" % (f, i), "text": text}) + "\n")
PY
}
gen "$WORK/v1" 1 0 12
cp -a "$WORK/v1" "$WORK/v2"
rm "$WORK"/v2/wire-0[0-2].jsonl            # three files removed
gen "$WORK/v2" 2 3 3                        # three changed
gen "$WORK/v2" 3 12 2                       # two added
passage_ids() { xapian-delve -A Q -1 "$1" | grep '^Q' | sort; }

"$INDEX" --quiet --db "$WORK/base.db" --gazetteers "$GAZ" -j 2 "$WORK/v1"
cp -a "$WORK/base.db" "$WORK/reference.db"
"$INDEX" --quiet --db "$WORK/reference.db" --gazetteers "$GAZ" -j 2 "$WORK/v2"
passage_ids "$WORK/reference.db" >"$WORK/reference.ids"
echo "database: $(du -sk "$WORK/base.db" | cut -f1) KiB, $(wc -l <"$WORK/reference.ids") passages after the update"

stopped=0
for free_kib in 64 256 1024 2048 4096 8192; do
  rm -rf "${DISK:?}"/*
  cp -a "$WORK/base.db" "$DISK/db"
  avail=$(df -k --output=avail "$DISK" | tail -1)
  fallocate -l "$(( (avail - free_kib) * 1024 ))" "$DISK/filler"
  label="update with $free_kib KiB free"
  run_capture "upd_$free_kib" "$INDEX" --quiet --db "$DISK/db" --gazetteers "$GAZ" -j 2 --commit-every 300 "$WORK/v2"
  if [ "$status" -eq 2 ]; then
    stopped=$((stopped + 1))
    expect_one_line "$WORK/upd_$free_kib.err" "$label"
    expect_grep 'No space left on device' "$WORK/upd_$free_kib.err" "$label: says the disk is full"
  elif [ "$status" -ne 0 ]; then
    fail "$label: exit $status"; cat "$WORK/upd_$free_kib.err" >&2
  fi
  rm -f "$DISK/filler"
  if check_db "$DISK/db"; then pass "$label (exit $status): xapian-check"; else fail "$label: xapian-check"; tail -5 "$WORK/check.out" >&2; fi
  run_capture "rerun_$free_kib" "$INDEX" --quiet --db "$DISK/db" --gazetteers "$GAZ" -j 2 "$WORK/v2"
  expect_status 0 "$label: the rerun with room"
  passage_ids "$DISK/db" >"$WORK/after.ids"
  if cmp -s "$WORK/reference.ids" "$WORK/after.ids"; then pass "$label: rerun matches the uninterrupted update"
  else fail "$label: $(comm -3 "$WORK/reference.ids" "$WORK/after.ids" | wc -l) passages differ from the uninterrupted update"; fi
done
# The smallest amounts of room must actually stop the run, or this test shows nothing.
if [ "$stopped" -ge 2 ]; then pass "$stopped of 6 runs hit the full disk"; else fail "only $stopped runs hit the full disk"; fi
finish
