#!/usr/bin/env bash
# Every kind of bad input gets a one-line message naming the file (and line), is skipped, the run
# goes on, and the summary counts it; exit status 1.
source "$(dirname "$0")/lib.sh"
IN="$WORK/in"
mkdir -p "$IN"
printf 'Title: Good one\nDate: 2024-01-01\nID: good-one\n\nKosovo and Serbia met in Brussels. [Source: test]\n' >"$IN/good.txt"
printf 'Title: Bad bytes\n\nFirst line fine.\nSecond line \xff\xfe broken.\n' >"$IN/invalid-utf8.txt"
head -c 4096 /dev/urandom | tr -d '\n' >"$IN/binary.txt"; printf '\0\0\0' >>"$IN/binary.txt"
printf 'Title: Empty\nID: empty\n\n\n\n' >"$IN/empty.txt"
printf '%s\n' '{"id":"j1","title":"ok","date":"2024-02-02","text":"Russia and Ukraine."}' \
  '{"id":"j2","title":' \
  '{"id":"j3","title":5,"text":"wrong type"}' \
  '{"id":"j4","title":"also ok","text":"NATO met."}' >"$IN/wire.jsonl"
python3 -c 'import sys; sys.stdout.write("x" * (9 << 20) + "\n")' >"$IN/huge-line.txt"
printf '%s\n' '{"id":"g1","text":"Moscow said."}' '{"id":"g2","text":"Belgrade said."}' | gzip -c >"$WORK/full.gz"
head -c $(( $(stat -c %s "$WORK/full.gz") - 12 )) "$WORK/full.gz" >"$IN/truncated.jsonl.gz"
printf 'notes\n' >"$IN/README.md"

run_capture run "$INDEX" --db "$WORK/db" --invalid-utf8 skip --gazetteers "$GAZ" "$IN" "$WORK/does-not-exist.txt"
expect_status 1 "run with bad inputs"
err="$WORK/run.err"
expect_grep "error: .*/invalid-utf8.txt:4: invalid UTF-8" "$err" "invalid UTF-8 names file and line"
expect_grep "error: .*/binary.txt:[0-9]+: binary data" "$err" "binary file"
expect_grep "error: .*/empty.txt: empty article" "$err" "empty article"
expect_grep "error: .*/wire.jsonl:2: malformed JSON at column 20: " "$err" "malformed JSON line"
expect_grep "error: .*/wire.jsonl:3: field 'title' must be a string" "$err" "JSON field of the wrong type"
expect_grep "error: .*/huge-line.txt:1: line longer than" "$err" "huge line"
expect_grep "error: .*/truncated.jsonl.gz:[0-9]+: (truncated|corrupt) gzip" "$err" "truncated gzip"
expect_grep "error: .*/does-not-exist.txt: no such file" "$err" "missing path"
expect_grep "note: .*/README.md: not an article file" "$err" "unsupported file reported"
expect_grep "4 articles \([0-9]+ passages\) from 7 files .* 8 skipped, 0 warnings, 1 files ignored" "$err" "summary counts what was skipped"
# Every message is one line: no line of stderr lacks the program prefix.
expect_no_grep '^[^d]' "$err" "one line per message"

run_capture search "$SEARCH" --db "$WORK/db" --json --limit 50 --by passage kosovo russia nato moscow
python3 - "$WORK/search.out" <<'PY' || fail "good articles were indexed"
import json, sys
ids = sorted({h["article"]["id"] for h in json.load(open(sys.argv[1]))["hits"]})
assert ids == ["g1", "good-one", "j1", "j4"], ids
print("ok: the good articles around the bad ones were indexed:", ids)
PY
# The default repairs invalid UTF-8 instead: the article is indexed and a warning names the line.
run_capture repair "$INDEX" --db "$WORK/db-repair" --gazetteers "$GAZ" "$IN/invalid-utf8.txt"
expect_status 0 "repaired invalid UTF-8 is not a skip"
expect_grep "warning: .*/invalid-utf8.txt:4: invalid UTF-8 at byte 13 of the line replaced by U\+FFFD" "$WORK/repair.err" "repair warning names file and line"
expect_grep "1 articles \([0-9]+ passages\) .* 0 skipped, 1 warnings" "$WORK/repair.err" "summary counts the warning"

# Memory per article is bounded: a 31 KB gzip of 16 million one-letter lines, and an 8 MB JSONL
# line of 2.7 million paragraphs, are skipped with their reason; the articles after them are
# indexed (they used to end the run with std::bad_alloc).
mkdir -p "$WORK/many"
python3 - "$WORK/many" <<'PY'
import gzip, json, os, sys
out = sys.argv[1]
with gzip.open(os.path.join(out, "a-lines.txt.gz"), "wb", 9) as f:
    chunk = b"x\n" * (1 << 20)
    for _ in range(16):
        f.write(chunk)
with open(os.path.join(out, "b-wire.jsonl"), "w") as f:
    f.write(json.dumps({"id": "huge", "text": "y\n" * 2700000}) + "\n")
    f.write(json.dumps({"id": "after-huge", "text": "Kosovo talks went on."}) + "\n")
with open(os.path.join(out, "c-good.txt"), "w") as f:
    f.write("ID: good-after\n\nKosovo talks resumed in Brussels.\n")
PY
run_capture many "$INDEX" --db "$WORK/db-many" --gazetteers "$GAZ" "$WORK/many"
expect_status 1 "articles of too many paragraphs are skipped"
expect_grep "error: .*/a-lines.txt.gz:[0-9]+: article of more than [0-9]+ lines \(--max-passages 10000\); file skipped" "$WORK/many.err" "too many lines in a plain article"
expect_grep "error: .*/b-wire.jsonl:1: text of more than [0-9]+ lines \(--max-passages 10000\); line skipped" "$WORK/many.err" "too many paragraphs in a JSONL line"
expect_grep "2 articles .* 2 skipped" "$WORK/many.err" "the articles after them are indexed"
printf 'ID: long\n\n' >"$WORK/many/d-long.txt"
for i in $(seq 1 30); do printf 'Paragraph %d.\n\n' "$i"; done >>"$WORK/many/d-long.txt"
run_capture long "$INDEX" --db "$WORK/db-long" --max-passages 20 --gazetteers "$GAZ" "$WORK/many/d-long.txt"
expect_grep "d-long.txt: article of 30 paragraphs, more than --max-passages 20; skipped" "$WORK/long.err" "--max-passages counts paragraphs"

# Classic Mac OS line ends (CR only) are lines, not one header line; data after a gzip stream is
# reported (zlib ignores it), the articles before it are indexed.
mkdir -p "$WORK/odd"
printf 'Title: Mac story\rID: mac-1\r\rKosovo border talks resumed.\r' >"$WORK/odd/mac.txt"
printf '{"id":"gz-1","text":"Kosovo talks in a gzip."}\n' | gzip >"$WORK/odd/wire.jsonl.gz"
printf 'trailing junk' >>"$WORK/odd/wire.jsonl.gz"
run_capture odd "$INDEX" --db "$WORK/db-odd" --gazetteers "$GAZ" "$WORK/odd"
expect_status 1 "trailing data after gzip is a problem"
expect_grep "wire.jsonl.gz: 13 bytes after the end of the gzip data were not read" "$WORK/odd.err" "trailing gzip data reported"
expect_no_grep "mac.txt.*header" "$WORK/odd.err" "CR-only text is not one header line"
run_capture odd-search "$SEARCH" --db "$WORK/db-odd" --json 'border talks'
if grep -q '"mac-1"' "$WORK/odd-search.out" && grep -q '"Mac story"' "$WORK/odd-search.out"; then pass "CR-only article read with its header"; else fail "CR-only article"; fi
run_capture odd-search2 "$SEARCH" --db "$WORK/db-odd" --json 'gzip'
grep -q '"gz-1"' "$WORK/odd-search2.out" && pass "the article before the trailing data is indexed" || fail "gz-1 missing"
finish
