#!/usr/bin/env bash
# Fault injection: a damaged database. Truncated, overwritten, deleted or garbage files (and a
# garbage entity table) must make dossier-search and dossier-index stop with exit 2 and one
# "error:" line - never a crash (signal, exit >= 128), a sanitizer report or an internal error.
# Damage in a part a command never reads may leave it working: then its output must be whole.
source "$(dirname "$0")/lib.sh"
command -v xapian-check >/dev/null || { echo "skip: xapian-tools not installed"; exit 77; }
CLEAN="$WORK/clean.db"
build_corpus_db "$CLEAN"
for table in postlist termlist docdata iamglass; do
  [ -n "$(find "$CLEAN" -name "$table*" -print -quit)" ] || { fail "no $table file in the database (Xapian changed?)"; finish; }
done
sharded=0
[ -f "$CLEAN/XAPIANDB" ] && sharded=1
doc_count() { xapian-delve "$1" 2>/dev/null | sed -n 's/^number of documents = //p' | grep . || echo 0; }
clean_docs=$(doc_count "$CLEAN")

size_of() { stat -c %s "$1"; }
# garbage N: N pseudo-random bytes, the same every run (GARBAGE_SEED changes them).
garbage() { python3 -c 'import random,sys; r=random.Random(int(sys.argv[2])); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(int(sys.argv[1]))))' "$1" "${GARBAGE_SEED:-8}"; }
# part NAME: the largest file of that name holding passages (the busiest shard of a sharded
# database; meta/ holds metadata only and the article shards, articles-NNN/, article documents:
# both are damaged by their own cases below).
part() { find "$DB" -name "$1" -not -path "*/meta/*" -not -path "*/articles-*" -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2-; }
# overwrite FILE OFFSET COUNT BYTE: COUNT copies of BYTE (octal escape) at OFFSET, in place.
overwrite() { head -c "$3" /dev/zero | tr '\0' "$4" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
set_meta() {  # set_meta KEY VALUE: in the meta database of a sharded database, else in the database
  if [ "$sharded" -eq 1 ]; then "$DB_TOOL" set-meta "$DB/meta" "$1" "$2"; else "$DB_TOOL" set-meta "$DB" "$1" "$2"; fi
}

# Each damage function gets a fresh copy of the clean database in $DB.
damage_truncate_postlist_half() { local f; f=$(part postlist.glass); truncate -s $(( $(size_of "$f") / 2 )) "$f"; }
damage_truncate_postlist_empty() { truncate -s 0 "$(part postlist.glass)"; }
damage_truncate_postlist_odd() { local f; f=$(part postlist.glass); truncate -s $(( $(size_of "$f") - 1000 )) "$f"; }
damage_overwrite_postlist_middle() { local f; f=$(part postlist.glass); overwrite "$f" $(( $(size_of "$f") / 2 )) 4096 '\377'; }
damage_overwrite_termlist_middle() { local f; f=$(part termlist.glass); overwrite "$f" $(( $(size_of "$f") / 2 )) 512 '\125'; }
damage_zero_termlist() { local f; f=$(part termlist.glass); overwrite "$f" 0 "$(size_of "$f")" '\000'; }
damage_overwrite_docdata() { local f; f=$(part docdata.glass); overwrite "$f" $(( $(size_of "$f") / 3 )) 8192 '\173'; }
damage_delete_iamglass() { rm "$(part iamglass)"; }
damage_garbage_iamglass() { garbage 300 >"$(part iamglass)"; }
damage_truncate_iamglass() { truncate -s 20 "$(part iamglass)"; }
damage_delete_postlist() { rm "$(part postlist.glass)"; }
damage_empty_directory() { rm -rf "${DB:?}"/*; }
damage_file_not_directory() { rm -rf "$DB"; printf 'not a database\n' >"$DB"; }
damage_entity_table_not_json() { set_meta dossier.entity_table '{"country": {"RS": '; }
damage_entity_table_wrong_types() { set_meta dossier.entity_table '{"country": {"RS": {"name": 5, "names": "x"}}, "actor": 7}'; }
# The entity index (common/entity_index.h): an entry that is not JSON, read for Serbia's name.
damage_entity_index_record_garbage() { set_meta dossier.entities.e.CRS '{"name": 5'; }
damage_format_version_garbage() { set_meta dossier.format_version "$(printf '1\033[2J\n')"; }
if [ "$sharded" -eq 1 ]; then
  # The stub file that makes the shards one database, and the parts it lists.
  damage_garbage_stub() { garbage 200 >"$DB/XAPIANDB"; }
  damage_stub_names_missing_shard() { printf 'auto meta\nauto shard-999\n' >"$DB/XAPIANDB"; }
  damage_stub_outside() { printf 'auto meta\nauto ../elsewhere\n' >"$DB/XAPIANDB"; }
  damage_delete_stub() { rm "$DB/XAPIANDB"; }
  damage_delete_meta() { rm -rf "$DB/meta"; }
  damage_delete_shard() { rm -rf "$(dirname "$(part postlist.glass)")"; }
  # An article shard (format 6): the indexer must not recreate it empty.
  damage_delete_article_shard() { rm -rf "$DB/articles-000"; }
  damage_truncate_article_postlist() { local f="$DB/articles-000/postlist.glass"; truncate -s $(( $(size_of "$f") / 2 )) "$f"; }
  damage_garbage_owner() { garbage 100 >"$DB/owner"; }
  # The last shard (a writer thread for the first may already be running when it fails).
  damage_last_shard_replaced_by_file() { local d; d=$(find "$DB" -maxdepth 1 -name 'shard-*' | sort | tail -1); rm -rf "$d"; printf 'x\n' >"$d"; }
  # The meta database: metadata (versions, entity table, manifest) lives in its postlist table.
  damage_overwrite_meta_postlist_middle() { local f="$DB/meta/postlist.glass"; overwrite "$f" $(( $(size_of "$f") / 2 )) 4096 '\377'; }
  damage_truncate_meta_postlist() { truncate -s $(( $(size_of "$DB/meta/postlist.glass") / 2 )) "$DB/meta/postlist.glass"; }
  damage_garbage_meta_iamglass() { garbage 300 >"$DB/meta/iamglass"; }
fi

# Damage every search reads: a search that does not exit 2 on it is a failure.
must_fail=(truncate_postlist_half truncate_postlist_empty delete_iamglass garbage_iamglass truncate_iamglass
           delete_postlist empty_directory file_not_directory format_version_garbage
           garbage_stub stub_names_missing_shard stub_outside delete_stub delete_meta delete_shard
           last_shard_replaced_by_file truncate_meta_postlist garbage_meta_iamglass)
commands=(text json facet explain interactive index)

run_command() {  # run_command NAME: one dossier command on $DB, output in $WORK/$NAME.*
  case $1 in
    text) run_capture "$1" "$SEARCH" --db "$DB" --color never kosovo serbia ;;
    json) run_capture "$1" "$SEARCH" --db "$DB" --json --by passage --limit 200 'javelin OR kosovo OR nato' ;;
    facet) run_capture "$1" "$SEARCH" --db "$DB" --json --country Serbia 'country:Kosovo' ;;
    explain) run_capture "$1" "$SEARCH" --db "$DB" --explain --limit 50 'title:kosovo OR missiles' ;;
    interactive) set +e; printf 'kosovo\n:open 1\n:by passage\n:next\n' | "$SEARCH" --db "$DB" -i >"$WORK/$1.out" 2>"$WORK/$1.err"; status=$?; set -e ;;
    index) run_capture "$1" "$INDEX" --quiet --jobs 2 --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles/2019-03-kfor-patrols-north.txt" ;;
  esac
}

errors=0
worked=0
for damage in $(declare -F | awk '{print $3}' | sed -n 's/^damage_//p'); do
  rm -rf "$WORK/db" "$WORK/elsewhere"
  cp -a "$CLEAN" "$WORK/db"
  DB="$WORK/db"
  "damage_$damage"
  clean_before=0
  check_db "$DB" && clean_before=1
  for command in "${commands[@]}"; do
    run_command "$command"
    label="$damage / $command"
    out="$WORK/$command.out" err="$WORK/$command.err"
    if [ "$status" -ge 128 ]; then fail "$label: killed by signal $((status - 128))"; sed 's/^/    /' "$err" | head -20 >&2; continue; fi
    if grep -qE 'Sanitizer|runtime error:|internal error|terminate called' "$err" "$out"; then
      fail "$label: crash report or internal error (exit $status)"; sed 's/^/    /' "$err" | head -20 >&2; continue
    fi
    if [ "$command" = index ] && [ -e "$WORK/elsewhere" ]; then
      fail "$label: the indexer wrote outside the database directory (exit $status)"; continue
    fi
    case $status in
      2)
        lines=$(wc -l <"$err")
        if [ "$lines" -ne 1 ] || ! grep -qE '^dossier-(search|index): error: ' "$err"; then
          fail "$label: exit 2 but not one 'error:' line ($lines lines)"; sed 's/^/    /' "$err" | head -5 >&2
        else
          errors=$((errors + 1))
        fi
        ;;
      0|1)
        if [ "$command" = index ]; then
          # Writing over damage it does not read may succeed; it must not write outside the
          # database, nor damage a database that xapian-check accepted before.
          [ ! -e "$WORK/elsewhere" ] || { fail "$label: the indexer wrote outside the database directory"; continue; }
          if [ "$clean_before" -eq 1 ] && ! check_db "$DB"; then
            fail "$label: index exit $status turned a sound database into one xapian-check rejects"; continue
          fi
          # A run that reports success over a lost shard must have put its passages back.
          if [ "$damage" = delete_shard ] && [ "$(doc_count "$DB")" -lt "$clean_docs" ]; then
            fail "$label: exit $status, but $(doc_count "$DB") of $clean_docs passages: the lost shard was recreated empty"; continue
          fi
        elif printf '%s\n' "${must_fail[@]}" | grep -qx "$damage" && [ "$command" != interactive ]; then
          fail "$label: exit $status on a database that cannot be read"; continue
        fi
        # Whatever it printed must be whole: JSON parses; interactive errors are reported inline.
        if [ "$command" = json ] || [ "$command" = facet ]; then
          python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out" 2>/dev/null || { fail "$label: exit $status with broken JSON"; continue; }
        fi
        if [ "$command" = interactive ] && printf '%s\n' "${must_fail[@]}" | grep -qx "$damage" &&
           [ "$(grep -c '^error: ' "$out")" -lt 3 ]; then
          # A session that opened reports each failing command inline and goes on.
          fail "$label: interactive session on a database that cannot be read did not report errors"; continue
        fi
        worked=$((worked + 1))
        echo "note: $label: exit $status (damage not on this command's path)"
        ;;
      *) fail "$label: exit $status"; sed 's/^/    /' "$err" | head -5 >&2 ;;
    esac
  done
done
echo "$errors damaged-database runs stopped with one error line, $worked did not touch the damage"
finish
