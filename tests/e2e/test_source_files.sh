#!/usr/bin/env bash
# Source files and article ids across runs: nothing is deleted that a source still holds.
#  - a default id (no ID header) names one source file: two folders indexed together or in turn
#    keep every article (bbc/politics/001.txt and bbc/business/001.txt);
#  - an id in two files survives the removal of either file;
#  - a folder that cannot be listed, a FIFO, broken and looping links are reported and counted,
#    and the articles indexed from an unreadable folder are kept;
#  - a file named twice on the command line is read once.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

ids() {  # ids DB -> sorted article ids, one per line
  "$SEARCH" --db "$1" --json --limit 1000 --by article 'dossier' | python3 -c '
import json, sys
print("\n".join(sorted(h["article"]["id"] for h in json.load(sys.stdin)["hits"])))'
}
article() {  # article DIR/NAME TEXT: a plain article without ID header
  mkdir -p "$(dirname "$1")"
  printf 'Title: %s\n\nDossier story %s about talks in Belgrade.\n' "$2" "$2" >"$1"
}

# --- Default ids: two folders with the same file names -------------------------------------
article bbc/politics/001.txt pol1
article bbc/politics/002.txt pol2
article bbc/business/001.txt bus1
article bbc/business/002.txt bus2
run_capture together "$INDEX" --db together.db --gazetteers "$GAZ" bbc/politics bbc/business
expect_status 0 "two folders with the same file names"
expect_no_grep "replaces it" "$WORK/together.err" "no article replaced by another folder's"
if [ "$(ids together.db | wc -l)" -eq 4 ]; then pass "all four articles kept"; else fail "together: $(ids together.db | tr '\n' ' ')"; fi
expect_grep "default id 'business/001'" "$WORK/together.err" "the second file's default id is lengthened, with a note"

"$INDEX" --quiet --db turns.db --gazetteers "$GAZ" bbc/politics
"$INDEX" --quiet --db turns.db --gazetteers "$GAZ" bbc/business
if [ "$(ids turns.db | wc -l)" -eq 4 ]; then pass "two runs over two folders keep all four"; else fail "turns: $(ids turns.db | tr '\n' ' ')"; fi
# Stable on later runs: a changed file keeps its lengthened id.
article bbc/business/001.txt bus1-changed
"$INDEX" --quiet --db turns.db --gazetteers "$GAZ" bbc/business
if [ "$(ids turns.db | tr '\n' ' ')" = "001 002 business/001 business/002 " ]; then pass "ids stable after a change"; else fail "turns after change: $(ids turns.db | tr '\n' ' ')"; fi

# --- An id in two files: removing either keeps the other's copy -----------------------------
mkdir -p dup
echo '{"id":"x1","text":"Dossier first copy of talks."}' >dup/a.jsonl
"$INDEX" --quiet --db dup.db --gazetteers "$GAZ" dup
echo '{"id":"x1","text":"Dossier second copy of talks."}' >dup/b.jsonl
run_capture dup-add "$INDEX" --db dup.db --gazetteers "$GAZ" dup
expect_grep "article id 'x1' is also in .*a.jsonl" "$WORK/dup-add.err" "a cross-file duplicate is warned about"
rm dup/b.jsonl
run_capture dup-remove "$INDEX" --db dup.db --gazetteers "$GAZ" dup
if "$SEARCH" --db dup.db --json 'first copy' | grep -q '"x1"'; then pass "removing the second file restores the first copy"; else fail "x1 lost after removing b.jsonl"; cat "$WORK/dup-remove.err" >&2; fi
# And the other way round: the first file goes, the second's copy stays.
echo '{"id":"x1","text":"Dossier second copy of talks."}' >dup/b.jsonl
"$INDEX" --quiet --db dup.db --gazetteers "$GAZ" dup 2>/dev/null
rm dup/a.jsonl
"$INDEX" --quiet --db dup.db --gazetteers "$GAZ" dup
if "$SEARCH" --db dup.db --json 'second copy' | grep -q '"x1"'; then pass "removing the first file keeps the second copy"; else fail "x1 lost after removing a.jsonl"; fi
rm dup/b.jsonl
"$INDEX" --quiet --db dup.db --gazetteers "$GAZ" dup
if "$SEARCH" --db dup.db --json 'copy' | grep -q '"x1"'; then fail "x1 still there after both files went"; else pass "gone once no file lists it"; fi

# --- Walk problems are reported and counted ---------------------------------------------------
mkdir -p walk/ok
article walk/ok/one.txt one
mkfifo walk/pipe.txt
ln -s nowhere.txt walk/dangling.txt
ln -s loop.txt walk/loop.txt
ln -s .. walk/up
run_capture walk "$INDEX" --db walk.db --gazetteers "$GAZ" walk walk/ok/one.txt walk/ok/one.txt
expect_status 1 "walk problems make the run exit 1"
expect_grep "pipe.txt: a FIFO" "$WORK/walk.err" "FIFO reported"
expect_grep "dangling.txt: dangling symbolic link" "$WORK/walk.err" "dangling link reported"
expect_grep "loop.txt: symbolic link loop" "$WORK/walk.err" "link loop reported"
expect_grep "up: symbolic link to a folder, not followed" "$WORK/walk.err" "linked folder noted"
expect_grep "one.txt: named more than once; read once" "$WORK/walk.err" "a file named twice is read once"
expect_grep "; 3 skipped, 0 warnings, 3 files ignored" "$WORK/walk.err" "counted in the summary"

# --- Unreadable folders keep their articles (permissions need a user other than root) -------
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$INDEX" -a -x "$SEARCH" -a -r "$GAZ/countries.gaz" 2>/dev/null; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "skip: permission checks (running as root, and the binaries or gazetteers are not reachable by nobody)"
    finish
    exit 0
  fi
fi
mkdir -p perm/in/sub
article perm/in/top.txt top
article perm/in/sub/s1.txt s1
chmod -R a+rwX perm
chmod a+rx "$WORK"
run() { "${as_user[@]}" "$@"; }
run "$INDEX" --quiet --db perm/db --gazetteers "$GAZ" perm/in
chmod 000 perm/in/sub
run_capture perm-000 run "$INDEX" --db perm/db --gazetteers "$GAZ" perm/in
expect_status 1 "an unreadable folder is an error"
expect_grep "sub: cannot list folder: .*kept" "$WORK/perm-000.err" "unreadable folder reported"
expect_grep " 0 deleted" "$WORK/perm-000.err" "nothing deleted"
chmod 644 perm/in/sub   # readable, not searchable
run_capture perm-noexec run "$INDEX" --db perm/db --gazetteers "$GAZ" perm/in
expect_no_grep "internal error" "$WORK/perm-noexec.err" "a folder without search permission does not abort the run"
expect_grep " 0 deleted" "$WORK/perm-noexec.err" "nothing deleted (no search permission)"
chmod 755 perm/in/sub
if [ "$(run "$SEARCH" --db perm/db --json --by article dossier | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))')" = 2 ]; then
  pass "both articles still there"
else
  fail "articles lost under an unreadable folder"
fi
# An unreadable file keeps its article too.
chmod 000 perm/in/top.txt
run_capture perm-file run "$INDEX" --db perm/db --gazetteers "$GAZ" perm/in
touch perm/in/top.txt
run_capture perm-file2 run "$INDEX" --db perm/db --gazetteers "$GAZ" perm/in
expect_status 1 "an unreadable file is an error"
expect_grep " 0 deleted" "$WORK/perm-file2.err" "its article is kept"
finish
