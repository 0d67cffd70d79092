# Shared helpers for the end-to-end tests (sourced). Each test runs in its own temp dir.
set -euo pipefail
: "${DOSSIER_BIN:?run through ctest}" "${DOSSIER_SOURCE:?run through ctest}"
INDEX="$DOSSIER_BIN/dossier-index"
SEARCH="$DOSSIER_BIN/dossier-search"
DB_TOOL="$DOSSIER_BIN/db_tool"
GAZ="$DOSSIER_SOURCE/corpus/gazetteers"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# run_capture NAME CMD...: runs CMD, storing stdout/stderr in $WORK/NAME.out/.err and the exit
# status in $status.
run_capture() {
  local name=$1; shift
  set +e
  "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  status=$?
  set -e
}

expect_status() {  # expect_status WANT WHAT
  if [ "$status" -eq "$1" ]; then pass "$2 (exit $1)"; else fail "$2: exit $status, wanted $1"; fi
}

expect_grep() {  # expect_grep PATTERN FILE WHAT
  if grep -qE -- "$1" "$2"; then pass "$3"; else fail "$3: /$1/ not in $2:"; sed 's/^/    /' "$2" >&2; fi
}

expect_no_grep() {
  if grep -qE -- "$1" "$2"; then fail "$3: /$1/ found in $2"; else pass "$3"; fi
}

# Exactly one line on stderr (the one-line error rule).
expect_one_line() {
  local lines; lines=$(wc -l <"$1")
  if [ "$lines" -eq 1 ]; then pass "$2: one line"; else fail "$2: $lines lines on stderr"; cat "$1" >&2; fi
}

build_corpus_db() {  # build_corpus_db DB
  "$INDEX" --quiet --db "$1" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
}

finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}

# xapian-check on every Xapian database under DB (meta and each shard); output in $WORK/check.out.
check_db() {  # check_db DB -> output in $WORK/check.out
  local part found=0
  : >"$WORK/check.out"
  while IFS= read -r part; do
    found=1
    xapian-check "$(dirname "$part")" >>"$WORK/check.out" 2>&1 || return 1
  done < <(find "$1" -name iamglass)
  [ "$found" -eq 1 ]
}

# mount_small_disk SIZE: a tmpfs of SIZE (e.g. 2m) at $DISK, unmounted when the test exits; the
# test is skipped (exit 77) where mounting is not permitted (not root).
mount_small_disk() {
  command -v xapian-check >/dev/null && command -v xapian-delve >/dev/null || { echo "skip: xapian-tools not installed"; exit 77; }
  DISK="$WORK/disk"
  mkdir -p "$DISK"
  if ! mount -t tmpfs -o "size=$1" tmpfs "$DISK" 2>"$WORK/mount.err"; then
    echo "skip: cannot mount a size-limited tmpfs here ($(head -1 "$WORK/mount.err")); run as root to test a full disk"
    exit 77
  fi
  trap 'umount "$DISK" 2>/dev/null || umount -l "$DISK" 2>/dev/null; rm -rf "$WORK"' EXIT
}
