#!/usr/bin/env bash
# The command line as a terminal tool: dossier-index reads JSON Lines from standard input ("-",
# gzipped or not; no manifest entry, so a later run never takes those articles for removed),
# both tools honour $DOSSIER_DB, dossier-search --show ID prints one article in full (text and
# JSON, highlighted for a query), and --format tsv feeds cut/xargs.
source "$(dirname "$0")/lib.sh"
unset COLUMNS
DB="$WORK/tools.db"

# --- dossier-index - ------------------------------------------------------------------------------
cat >"$WORK/a.jsonl" <<'JSONL'
{"id": "stdin-one", "title": "Drones over the Jarinje crossing", "date": "2024-03-01", "text": "KFOR said drones were seen over the Jarinje crossing on Friday."}
{"id": "stdin-two", "title": "Second piped story", "date": "2024-03-02", "text": "A second story read from a pipe mentions Belgrade and Pristina."}
{"title": "No id", "text": "This record has no id of its own."}
JSONL
run_capture stdin "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" - <"$WORK/a.jsonl"
expect_status 0 "dossier-index - reads JSON Lines from standard input"
run_capture found "$SEARCH" --db "$DB" --format tsv jarinje
expect_status 0 "an article read from a pipe is found"
expect_grep "^stdin-one	2024-03-01	Drones over the Jarinje crossing	[0-9.]+	/dev/stdin$" "$WORK/found.out" "tsv: id, date, title, score, path"
run_capture noid "$SEARCH" --db "$DB" --format tsv "no id of its own"
expect_grep "^stdin:3	" "$WORK/noid.out" "a record without an id gets stdin:LINE"

gzip -c "$WORK/a.jsonl" >"$WORK/a.jsonl.gz"
run_capture gz bash -c "\"$INDEX\" --quiet --db \"$WORK/gz.db\" --gazetteers \"$GAZ\" - <\"$WORK/a.jsonl.gz\""
expect_status 0 "gzipped JSON Lines on standard input"
run_capture gzfound "$SEARCH" --db "$WORK/gz.db" --format tsv pristina
expect_grep "^stdin-two	" "$WORK/gzfound.out" "gzipped stdin indexed"

# A later run over files does not remove what came from a pipe.
run_capture files "$INDEX" --quiet --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_status 0 "a later run over the sample archive"
run_capture still "$SEARCH" --db "$DB" --format tsv jarinje drones
expect_grep "^stdin-one	" "$WORK/still.out" "articles from standard input survive a run over files"

# A bad line on standard input is named by its line, the rest indexed, exit 1.
printf '%s\n' '{"id": "ok-1", "title": "Fine", "text": "A fine record about Skopje."}' 'not json at all' \
  '{"id": "ok-2", "title": "Fine too", "text": "Another fine record about Podgorica."}' >"$WORK/bad.jsonl"
run_capture bad "$INDEX" --quiet --db "$WORK/bad.db" --gazetteers "$GAZ" - <"$WORK/bad.jsonl"
expect_status 1 "a malformed line on standard input"
expect_grep "/dev/stdin:2" "$WORK/bad.err" "the error names standard input and the line"
run_capture badfound "$SEARCH" --db "$WORK/bad.db" --format tsv podgorica
expect_grep "^ok-2	" "$WORK/badfound.out" "the lines after the bad one are indexed"

# --- $DOSSIER_DB for both tools ---------------------------------------------------------------------
(cd "$WORK" && DOSSIER_DB="$WORK/env.db" "$INDEX" --quiet --gazetteers "$GAZ" - <"$WORK/a.jsonl") && pass "dossier-index with \$DOSSIER_DB" || fail "dossier-index with \$DOSSIER_DB"
[ -d "$WORK/env.db" ] && [ ! -e "$WORK/dossier.db" ] && pass "\$DOSSIER_DB is where the index went" || fail "\$DOSSIER_DB not honoured by dossier-index"
run_capture envsearch env DOSSIER_DB="$WORK/env.db" "$SEARCH" --format tsv pristina
expect_grep "^stdin-two	" "$WORK/envsearch.out" "dossier-search with \$DOSSIER_DB"

# --- --show ID --------------------------------------------------------------------------------------
run_capture show "$SEARCH" --db "$DB" --show 2019-10-slavic-shield-s400 Batajnica
expect_status 0 "--show ID"
expect_grep "^Russian S-400 and Pantsir units join air defence drill in Serbia" "$WORK/show.out" "--show: the title first"
expect_grep "^\[4\] " "$WORK/show.out" "--show: every passage, numbered from 0"
expect_grep "— Analyst perspective: " "$WORK/show.out" "--show: attributions under their passage"
expect_grep "2019-10-slavic-shield-s400.txt" "$WORK/show.out" "--show: the source file"
expect_grep "^Countries: .*Serbia \[RS\]" "$WORK/show.out" "--show: the entities mentioned"
expect_no_grep $'\x1b' "$WORK/show.out" "--show: no escape sequences off a terminal"
python3 -c 'import sys; sys.exit(any(len(l) > 80 and "/" not in l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$WORK/show.out" &&
  pass "--show: wrapped at 80 columns" || fail "--show: a line is wider than 80 columns"
run_capture showc "$SEARCH" --db "$DB" --color always --show 2019-10-slavic-shield-s400 Batajnica
expect_grep $'\x1b\\[1;31mBatajnica' "$WORK/showc.out" "--show: the query's words highlighted in colour"
run_capture showj "$SEARCH" --db "$DB" --json --show 2019-10-slavic-shield-s400 Batajnica
expect_status 0 "--show --json"
python3 - "$WORK/showj.out" <<'PY' && pass "--show --json: article, origin, passages with highlights" || fail "--show --json shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["article"]["id"] == "2019-10-slavic-shield-s400"
assert d["origin"]["path"].endswith("2019-10-slavic-shield-s400.txt")
assert [p["index"] for p in d["passages"]] == [0, 1, 2, 3, 4]
p = d["passages"][1]
b, e = p["highlights"][0]
assert p["text"].encode()[b:e].decode() == "Batajnica"
PY
run_capture missing "$SEARCH" --db "$DB" --show no-such-article
expect_status 1 "--show of an unknown id"
expect_one_line "$WORK/missing.err" "--show of an unknown id"
expect_grep "no article with id 'no-such-article'" "$WORK/missing.err" "--show names the id"

# --- --format tsv into cut/xargs -----------------------------------------------------------------
run_capture tsv "$SEARCH" --db "$DB" --format tsv --limit 3 kosovo
expect_status 0 "--format tsv"
[ "$(wc -l <"$WORK/tsv.out")" -eq 3 ] && pass "tsv: one line per hit" || fail "tsv: $(wc -l <"$WORK/tsv.out") lines for 3 hits"
awk -F'\t' 'NF != 5 { bad = 1 } END { exit bad }' "$WORK/tsv.out" && pass "tsv: five fields" || fail "tsv: not five fields"
first=$(cut -f1 "$WORK/tsv.out" | head -1)
"$SEARCH" --db "$DB" --show "$first" >/dev/null && pass "tsv's first field feeds --show" || fail "tsv id does not open with --show"

finish
