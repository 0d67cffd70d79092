#!/usr/bin/env bash
# Fault injection: dossier-index is SIGKILLed at a random moment, then run again to completion.
# The database must pass xapian-check after the kill (the last commit is intact) and after the
# rerun, and hold exactly the passages of an uninterrupted run: same passage ids, none twice;
# and its article shards one current article document per article.
#   KILL_ITERATIONS (default 20), KILL_SEED (default: random; printed so a failure can be rerun),
#   KILL_BUDGET_S (default 150): no new iteration starts after that many seconds, once at least
#   KILL_MIN_ITERATIONS (default 4) have run. A sanitizer build indexes ~10x slower and a busy
#   machine slower still; the budget keeps the test inside ctest's 300 s timeout there, and says
#   how many iterations ran.
source "$(dirname "$0")/lib.sh"
command -v xapian-check >/dev/null && command -v xapian-delve >/dev/null || { echo "skip: xapian-tools not installed"; exit 77; }
ITERATIONS=${KILL_ITERATIONS:-20}
BUDGET_S=${KILL_BUDGET_S:-150}
MIN_ITERATIONS=${KILL_MIN_ITERATIONS:-4}
SEED=${KILL_SEED:-$(( $(date +%s%N) % 1000000 ))}
echo "seed: $SEED (rerun with KILL_SEED=$SEED), iterations: $ITERATIONS"
RANDOM=$SEED

# ~300 small articles: 200 plain-text files in two folders and a 100-line JSONL file. The
# structure (ids, paragraph counts, hence passage ids) comes from the seed alone; the words
# from the seed and VARIANT, and every paragraph carries the token vmarkVARIANT, so that a rerun
# over a changed archive can be checked for stale passages.
ARCHIVE="$WORK/archive"
generate() {  # generate VARIANT
  python3 - "$SEED" "$1" "$ARCHIVE" <<'PY'
import json, os, random, sys
seed, variant, root = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
shape, rng = random.Random(seed), random.Random(seed * 1000 + variant)
words = ("Kosovo Serbia Belgrade Pristina NATO KFOR Javelin missiles delivered Ukraine Kyiv Moscow "
         "Zakharova sanctions border patrol troops drone strike air defence Patriot battery howitzers "
         "ministry spokesperson talks agreement Brussels EU mission mandate election tariff Вучић Србија "
         "Приштина Москва the of and a to in on for with after before said reported").split()
def paragraph(tagged):
    text = " ".join(rng.choice(words) for _ in range(rng.randint(12, 40))) + " vmark%d." % variant
    if tagged:
        text += " [%s: %s]" % (rng.choice(["Source", "Attribution", "Context"]), " ".join(rng.choice(words) for _ in range(3)))
    return text[0].upper() + text[1:]
for i in range(200):
    folder = os.path.join(root, "plain", "a" if i % 2 else "b")
    os.makedirs(folder, exist_ok=True)
    body = "\n\n".join(paragraph(shape.random() < 0.4) for _ in range(shape.randint(2, 6)))
    with open(os.path.join(folder, "art-%03d.txt" % i), "w") as f:
        f.write("Title: Generated %d\nDate: 20%02d-%02d-%02d\nSource: Gen Wire\nLanguage: en\nID: gen-%03d\n\n%s\n"
                % (i, 15 + i % 10, 1 + i % 12, 1 + i % 28, i, body))
with open(os.path.join(root, "wire.jsonl"), "w") as f:
    for i in range(100):
        record = {"id": "wire-%03d" % i, "title": "Wire %d" % i, "date": "2024-01-%02d" % (1 + i % 28),
                  "source": "Gen Wire", "lang": "en",
                  "text": "\n".join(paragraph(shape.random() < 0.4) for _ in range(shape.randint(1, 5)))}
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
PY
}
variant=0
generate "$variant"

index() {  # index DB: the run under test (exit status in $status)
  set +e
  "$INDEX" --quiet --commit-every 50 --db "$1" --gazetteers "$GAZ" "$ARCHIVE" >"$WORK/index.out" 2>"$WORK/index.err"
  status=$?
  set -e
}

# Passage ids with their document frequency ("Qgen-001#0 1"), sorted; and the document count.
# Xapian's consistency check on every part of the database: the single glass database of
# format 1, or the meta database and every shard of a sharded one.
passage_ids() { xapian-delve -A Q -1 -v "$1" | grep '^Q' | sort; }
# Documents holding a term (0 when none).
term_docs() { xapian-delve -t "$2" "$1" 2>/dev/null | sed -n 's/.*termfreq \([0-9]*\).*/\1/p' | head -1 | grep . || echo 0; }
doc_count() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
# The article shards (DIR/articles-NNN, format 6): documents, and documents holding a term, in all.
article_docs() { local d n=0; for d in "$1"/articles-*; do n=$((n + $(doc_count "$d"))); done; echo "$n"; }
article_term_docs() { local d n=0; for d in "$1"/articles-*; do n=$((n + $(term_docs "$d" "$2"))); done; echo "$n"; }
articles_of_passages() { xapian-delve -A XART: -1 "$1" | grep -c '^XART:'; }

test_start=$(date +%s)
start=$(date +%s%N)
index "$WORK/ref.db"
reference_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$status" -eq 0 ] || { fail "reference run: exit $status"; cat "$WORK/index.err" >&2; finish; }
passage_ids "$WORK/ref.db" >"$WORK/ref.ids"
ref_count=$(wc -l <"$WORK/ref.ids")
[ "$ref_count" -gt 500 ] || fail "reference database has only $ref_count passage ids"
[ "$(doc_count "$WORK/ref.db")" -eq "$ref_count" ] || fail "reference: documents != passage ids"
if awk '$2 != 1 { exit 1 }' "$WORK/ref.ids"; then pass "reference: $ref_count passages in ${reference_ms} ms"; else fail "reference has duplicate passage ids"; fi
ref_articles=$(articles_of_passages "$WORK/ref.db")
[ "$ref_articles" -eq 300 ] || fail "reference database has $ref_articles articles, not 300"
[ "$(article_docs "$WORK/ref.db")" -eq "$ref_articles" ] || fail "reference: article documents != articles"

DB="$WORK/db"
killed_with_commit=0
survived=0
ran=0
for ((i = 1; i <= ITERATIONS; i++)); do
  if [ "$ran" -ge "$MIN_ITERATIONS" ] && [ $(( $(date +%s) - test_start )) -ge "$BUDGET_S" ]; then
    echo "time budget of ${BUDGET_S} s spent: $ran of $ITERATIONS iterations ran"
    break
  fi
  ran=$((ran + 1))
  # Odd iterations kill a first run into an empty database; even ones a re-index of a changed
  # archive (same passages, new words) over the full database of the iteration before.
  if [ $((i % 2)) -eq 1 ]; then
    rm -rf "$DB"
  else
    variant=$((variant + 1))
    generate "$variant"
  fi
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % (reference_ms + 1) ))
  "$INDEX" --quiet --commit-every 50 --db "$DB" --gazetteers "$GAZ" "$ARCHIVE" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  label="iteration $i (kill after ${delay_ms} ms)"
  # Without its stub (written last, atomically) a directory is an unfinished creation, which the
  # next run completes (indexer/index_store.cpp): nothing was committed, nothing to check yet.
  if [ -f "$DB/XAPIANDB" ]; then
    # Whatever was committed before the kill is a consistent database.
    if check_db "$DB"; then
      killed_with_commit=$((killed_with_commit + 1))
    else
      fail "$label: xapian-check after the kill"; sed 's/^/    /' "$WORK/check.out" | tail -5 >&2
    fi
  fi
  index "$DB"
  if [ "$status" -ne 0 ]; then
    fail "$label: rerun exit $status"; sed 's/^/    /' "$WORK/index.err" >&2
    continue
  fi
  if ! check_db "$DB"; then
    fail "$label: xapian-check after the rerun"; tail -5 "$WORK/check.out" >&2
    continue
  fi
  passage_ids "$DB" >"$WORK/run.ids"
  if ! cmp -s "$WORK/ref.ids" "$WORK/run.ids"; then
    fail "$label: passage ids differ from the reference run"
    diff "$WORK/ref.ids" "$WORK/run.ids" | head -5 >&2
    continue
  fi
  if [ "$(doc_count "$DB")" -ne "$ref_count" ]; then
    fail "$label: $(doc_count "$DB") documents for $ref_count passage ids"
    continue
  fi
  current=$(term_docs "$DB" "Zvmark$variant")  # body words are indexed as stems
  if [ "$current" -ne "$ref_count" ]; then
    fail "$label: $current passages have the archive's current words, $ref_count should"
    continue
  fi
  if [ "$variant" -gt 0 ] && [ "$(term_docs "$DB" "Zvmark$((variant - 1))")" -ne 0 ]; then
    fail "$label: stale passages of the previous archive remain"
    continue
  fi
  # The article shards commit after the passage shards: a kill in between is repaired by the
  # rerun too (one current article document per article, none stale).
  if [ "$(article_docs "$DB")" -ne "$ref_articles" ] || [ "$(article_term_docs "$DB" "Zvmark$variant")" -ne "$ref_articles" ]; then
    fail "$label: $(article_docs "$DB") article documents, $(article_term_docs "$DB" "Zvmark$variant") current, for $ref_articles articles"
    continue
  fi
  if [ "$variant" -gt 0 ] && [ "$(article_term_docs "$DB" "Zvmark$((variant - 1))")" -ne 0 ]; then
    fail "$label: stale article documents of the previous archive remain"
    continue
  fi
  survived=$((survived + 1))
done
echo "killed runs that had committed something: $killed_with_commit of $ran"
if [ "$survived" -eq "$ran" ]; then
  pass "$survived/$ran kill-and-rerun iterations: xapian-check clean, passages identical to the reference"
fi
# The database the last iteration left must also serve searches.
run_capture search "$SEARCH" --db "$DB" --json --limit 1 kosovo
expect_status 0 "search after the last rerun"
finish
