#!/usr/bin/env bash
# Escape sequences, control bytes and bidi overrides from archived text never reach the terminal.
source "$(dirname "$0")/lib.sh"
IN="$WORK/in"
mkdir -p "$IN"
printf 'Title: Evil \033]0;owned\007 title \033[2J\nID: hostile\nSource: Wire\033[5m\n\nKosovo \033[31mred\033[0m alert\x7f in Pristina \xe2\x80\xae reversed. [Source: agent \033]8;;http://x\033\\link\033]8;;\033\\ \xc2\x9b1m]\n' >"$IN/hostile.txt"
"$INDEX" --quiet --db "$WORK/db" --gazetteers "$GAZ" "$IN"

check_clean() {  # check_clean FILE LABEL [allow-own-sgr]
  python3 - "$@" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
if len(sys.argv) > 3:
    data = re.sub(rb"\x1b\[(1;31|1|2|0)m", b"", data)  # Dossier's own highlighting
bad = [b for b in (b"\x1b", b"\x07", b"\x7f", b"\xc2\x9b", b"\xe2\x80\xae") if b in data]
assert not bad, f"{sys.argv[2]}: raw {bad} in output"
print("ok:", sys.argv[2], "is clean")
PY
}
for mode in never always; do
  run_capture "text_$mode" "$SEARCH" --db "$WORK/db" --color "$mode" --explain kosovo
  expect_status 0 "text --color $mode"
  if [ "$mode" = always ]; then check_clean "$WORK/text_$mode.out" "text --color always" own || fail "text always"
  else check_clean "$WORK/text_$mode.out" "text --color never" || fail "text never"; fi
done
run_capture json "$SEARCH" --db "$WORK/db" --json --explain kosovo
check_clean "$WORK/json.out" "--json" || fail "json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "\x1b[31m" in d["hits"][0]["passage"]["text"]; print("ok: --json keeps the original text, escaped")' "$WORK/json.out" || fail "json keeps text"
run_capture dump "$INDEX" --dump-passages --gazetteers "$GAZ" "$IN"
check_clean "$WORK/dump.out" "--dump-passages" || fail "dump"
# File names are archived text too.
cp "$IN/hostile.txt" "$IN/$(printf 'bad\033[31mname.md')"
run_capture names "$INDEX" --db "$WORK/db2" --gazetteers "$GAZ" "$IN"
check_clean "$WORK/names.err" "indexer messages" || fail "messages"
finish
