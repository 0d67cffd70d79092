#!/usr/bin/env bash
# Bad queries, bad options, missing/locked/foreign databases and bad gazetteers: one clear line,
# exit status 2.
source "$(dirname "$0")/lib.sh"
DB="$WORK/corpus.db"
build_corpus_db "$DB"

run_capture quote "$SEARCH" --db "$DB" '"javelin missiles'
expect_status 2 "unbalanced quote"
expect_one_line "$WORK/quote.err" "unbalanced quote"
expect_grep 'query error at position 1: unclosed quote \(hint: ' "$WORK/quote.err" "position and hint"

run_capture paren "$SEARCH" --db "$DB" 'kosovo AND'
expect_status 2 "dangling operator"
expect_grep 'position 8: .AND. needs something to search for after it' "$WORK/paren.err" "operator position"

run_capture facet "$SEARCH" --db "$DB" 'country:Atlantis'
expect_status 2 "unknown facet value"
expect_grep "position 9: unknown country 'Atlantis'" "$WORK/facet.err" "facet value position"

run_capture missing "$SEARCH" --db "$WORK/nope.db" kosovo
expect_status 2 "missing database"
expect_one_line "$WORK/missing.err" "missing database"
expect_grep 'no such database' "$WORK/missing.err" "missing database message"

run_capture option "$SEARCH" --db "$DB" --by sentence kosovo
expect_status 2 "bad option value"
expect_one_line "$WORK/option.err" "bad option value"

run_capture noargs "$INDEX"
expect_status 2 "indexer without inputs"
expect_one_line "$WORK/noargs.err" "indexer without inputs"

# A second writer on a locked database.
coproc LOCK { "$DB_TOOL" lock "$DB"; }
lock_pid=$LOCK_PID  # bash unsets LOCK_PID as soon as the coprocess exits
read -r ready <&"${LOCK[0]}"
[ "$ready" = locked ] || fail "lock helper did not start"
run_capture locked "$INDEX" --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_status 2 "locked database"
expect_one_line "$WORK/locked.err" "locked database"
expect_grep 'locked by another indexer' "$WORK/locked.err" "locked message"
# Searching keeps working while the writer holds the lock.
run_capture during "$SEARCH" --db "$DB" kosovo
expect_status 0 "search while locked"
exec {LOCK[1]}>&-
wait "$lock_pid" 2>/dev/null || true

# An index of another format version is refused with a rebuild hint.
"$DB_TOOL" set-meta "$DB/meta" dossier.format_version 999
run_capture format "$SEARCH" --db "$DB" kosovo
expect_status 2 "foreign format version"
expect_grep 'index format version 999, this dossier-search reads version [0-9]+; rebuild it into a new folder: dossier-index --db NEW.db ' "$WORK/format.err" "rebuild hint"
expect_no_grep 'rm -rf' "$WORK/format.err" "never advises deleting data"
# A shard named instead of its database: said so, and nothing to delete.
run_capture shard_as_db "$SEARCH" --db "$(find "$DB" -maxdepth 1 -name 'shard-*' | sort | head -1)" kosovo
expect_status 2 "a shard given as the database"
expect_grep 'one shard of a Dossier database, not the database' "$WORK/shard_as_db.err" "a shard is told apart from a database"
expect_no_grep 'rm -rf' "$WORK/shard_as_db.err" "no deletion advised for a shard"
run_capture format_index "$INDEX" --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
expect_status 2 "indexer refuses a foreign format version"

# A malformed gazetteer stops the indexer before it writes anything.
mkdir -p "$WORK/gaz"
cp "$GAZ"/*.gaz "$WORK/gaz/"
printf 'id: ZZ\nname: Nowhere\ncolour: blue\n' >>"$WORK/gaz/countries.gaz"
line=$(wc -l <"$WORK/gaz/countries.gaz")
run_capture gaz "$INDEX" --db "$WORK/new.db" --gazetteers "$WORK/gaz" "$DOSSIER_SOURCE/corpus/articles"
expect_status 2 "malformed gazetteer"
expect_grep "countries.gaz:$line: unknown key 'colour'" "$WORK/gaz.err" "gazetteer file and line"
[ ! -e "$WORK/new.db" ] && pass "no database written" || fail "database written despite a bad gazetteer"

# ICU's data library unreadable (where ICU's code is linked in, the tools load its data at start):
# one line naming it and the package, status 2, nothing written.
if ! ldd "$SEARCH" | grep -q libicuuc; then
  mkdir -p "$WORK/badicu"
  icu_data=$("$(command -v ldconfig || echo /sbin/ldconfig)" -p | sed -n 's/^\s*\(libicudata\.so\.[0-9]*\) .*/\1/p' | head -n 1)
  [ -n "$icu_data" ] || fail "ldconfig names no libicudata"
  : >"$WORK/badicu/${icu_data:-libicudata.so}"
  LD_LIBRARY_PATH="$WORK/badicu" run_capture noicu "$INDEX" --db "$WORK/noicu.db" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
  expect_status 2 "ICU's data missing"
  expect_one_line "$WORK/noicu.err" "ICU's data missing"
  expect_grep "dossier-index: error: cannot load ICU's data from $icu_data .*install the libicu[0-9]* package" "$WORK/noicu.err" "ICU's data library named"
  [ ! -e "$WORK/noicu.db" ] && pass "no database written without ICU's data" || fail "database written without ICU's data"
fi
finish
