#!/usr/bin/env bash
# Terminal fixtures: escape sequences (CSI, OSC with BEL and ST, DCS, 8-bit C1 introducers),
# bidi overrides and isolates, NUL and other control bytes in titles, sources, passages,
# attributions, article ids and gazetteer display names. Every output mode must keep them off
# the terminal: --json, --format jsonl, text --color always/never, --explain, -i (incl. :open),
# --dump-passages, and the indexer's own messages. JSON must still carry the original text.
source "$(dirname "$0")/lib.sh"
IN="$WORK/in"
mkdir -p "$IN"

# Hostile pieces (none of them equal to Dossier's own SGR codes, so stripping those hides nothing).
python3 - "$IN" "$WORK/gaz" "$GAZ" <<'PY'
import json, os, shutil, sys
inp, gaz, shipped = sys.argv[1], sys.argv[2], sys.argv[3]
ESC = "\x1b"
hostile = ("\x1b[31mred\x1b[39m \x1b]0;owned\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x1bP1$r\x1b\\ "
           "\x1b[2J\x1b[H \x1bc \x1b(0 \u009b5m \u009d2;t\u009c \u0090dcs\u009c \u0085 "
           "\u202eRLO\u202c \u2066iso\u2069 \u200f \u061c \x7f \x01\x02\x08\x0b\x0c\x0d \x07")
with open(os.path.join(inp, "hostile.txt"), "w", encoding="utf-8") as f:
    f.write("Title: Kosovo " + hostile.replace("\x0d", "") + " title\n"
            "Date: 2024-01-0\x1b[31m5\n"            # a warning echoes the bad date
            "Source: Wire \x1b[5m\u202e\x07\n"
            "ID: hostile-\x1b[31mid\u202e\n\n"
            "Kosovo and Serbia talks in Pristina " + hostile.replace("\x0d", "") +
            " ended. [Source: agent \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u009b1m \u202eevil\u202c]\n\n"
            "Evil Corp said the Javelin missiles were delivered to Kosovo.\n")
# JSON strings can carry what a text file cannot: NUL, CR, lone C0 controls.
record = {"id": "jsonl-\x1b[31mid\x00", "title": "Serbia \x00NUL\x00 \x1b]0;t\x07 \u202etitle",
          "source": "Src\x1b[2J\x00", "lang": "en", "date": "2024-02-01",
          "text": "Belgrade \x00 nul \x1b[8m hidden \x1b[28m and \r carriage \x1b[1A up. [Attribution: \x00\x1b]52;c;ZXZpbA==\x07 clip \u202e]\n"
                  "Evil Corp moved troops near Pristina. [Context: \u0080\u009f\x1b[6n]"}
with open(os.path.join(inp, "wire.jsonl"), "w", encoding="utf-8") as f:
    f.write(json.dumps(record, ensure_ascii=True) + "\n")
    # the same id again: the indexer's "seen earlier" warning echoes the hostile id
    f.write(json.dumps(dict(record, text=record["text"] + " Again."), ensure_ascii=True) + "\n")
# A gazetteer whose display name is hostile (shown in facets and --explain), matched by a
# plain alias.
os.makedirs(gaz)
for name in os.listdir(shipped):
    if name.endswith(".gaz"):
        shutil.copy(os.path.join(shipped, name), gaz)
with open(os.path.join(gaz, "actors.gaz"), "a", encoding="utf-8") as f:
    f.write("\nid: evil-corp\nname: Evil\x1b]0;pwned\x07 \x1b[41mCorp\x1b[49m \u202eroC\u202c\x01\x7f\u009b2J\n"
            "type: group\nalias: Evil Corp\n")
PY

check_clean() {  # check_clean FILE LABEL [own]: no raw escape/control/bidi; "own": allow Dossier's SGR
  python3 - "$@" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
if len(sys.argv) > 3:
    data = re.sub(rb"\x1b\[(1;31|1;32|1|2|0)m", b"", data)
text = data.decode("utf-8")  # must be valid UTF-8 as well
bad = sorted({f"U+{ord(c):04X}" for c in text
              if (ord(c) < 0x20 and c not in "\n") or 0x7f <= ord(c) <= 0x9f
              or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 or c in "\u200e\u200f\u061c"})
assert not bad, f"{sys.argv[2]}: raw {bad} in output"
print("ok:", sys.argv[2], "is clean")
PY
}

run_capture index "$INDEX" --db "$WORK/db" --gazetteers "$WORK/gaz" "$IN"
[ "$status" -le 1 ] || { fail "indexing the hostile archive: exit $status"; cat "$WORK/index.err" >&2; finish; }
check_clean "$WORK/index.err" "indexer warnings and summary" || fail "indexer messages"
# An id holding a NUL must not cut the message short (what() is a C string).
expect_grep "jsonl-.*id.* seen earlier in this run" "$WORK/index.err" "the duplicate-id warning is printed whole"
expect_grep "not ISO 8601" "$WORK/index.err" "the bad-date warning was printed"

# Which facets did the hostile gazetteer entry reach? It must be shown somewhere to be tested.
run_capture json "$SEARCH" --db "$WORK/db" --json --explain --limit 20 --by passage 'kosovo OR belgrade OR evil'
expect_status 0 "--json"
check_clean "$WORK/json.out" "--json --explain" || fail "json"
python3 - "$WORK/json.out" <<'PY' || fail "--json lost or changed the original text"
import json, sys
doc = json.load(open(sys.argv[1]))
def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values(): yield from strings(v)
    elif isinstance(value, list):
        for v in value: yield from strings(v)
texts = "\n".join(strings(doc))
for needle in ["\x1b]0;owned\x07", "\u202eRLO", "Serbia \x00NUL", "\x1b]52;c;", "\u009b5m", "Evil\x1b]0;pwned\x07"]:
    assert needle in texts, f"{needle!r} missing from the decoded JSON"
names = [v["name"] for v in doc["facets"]["actor"]]
assert any("pwned" in n for n in names), names
ids = {h["article"]["id"] for h in doc["hits"]}
assert "jsonl-\x1b[31mid\x00" in ids and "hostile-\x1b[31mid\u202e" in ids, ids
print("ok: --json keeps every original character, escaped")
PY

run_capture jsonl "$SEARCH" --db "$WORK/db" --format jsonl --explain --by passage 'kosovo OR belgrade OR evil'
expect_status 0 "--format jsonl"
check_clean "$WORK/jsonl.out" "--format jsonl" || fail "jsonl"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[-1]["type"] == "summary" and all(l["type"] == "hit" for l in lines[:-1])
print("ok: --format jsonl parses,", len(lines) - 1, "hits")' "$WORK/jsonl.out" || fail "jsonl parses"

for mode in never always; do
  for explain in "" --explain; do
    label="text --color $mode $explain"
    run_capture "text_$mode$explain" "$SEARCH" --db "$WORK/db" --color "$mode" $explain --facet-top 0 'kosovo OR belgrade OR evil'
    expect_status 0 "$label"
    if [ "$mode" = always ]; then check_clean "$WORK/text_$mode$explain.out" "$label" own || fail "$label"
    else check_clean "$WORK/text_$mode$explain.out" "$label" || fail "$label"; fi
    expect_grep 'Evil' "$WORK/text_$mode$explain.out" "$label shows the hostile gazetteer name (sanitised)"
  done
done

# Interactive mode, commands piped in: search, open the article, filters, paging.
set +e
printf 'evil corp\n:open 1\n:open 2\n:actor evil-corp\n:filters\n:by passage\n:next\n:country \033[31mX\n:open 1\n' |
  "$SEARCH" --db "$WORK/db" --color always --explain -i >"$WORK/interactive.out" 2>"$WORK/interactive.err"
status=$?
set -e
expect_status 0 "-i with piped commands"
check_clean "$WORK/interactive.out" "-i output" own || fail "interactive"
check_clean "$WORK/interactive.err" "-i errors" || fail "interactive errors"
expect_grep 'NUL|nul' "$WORK/interactive.out" ":open shows the article"

run_capture dump "$INDEX" --dump-passages --gazetteers "$WORK/gaz" "$IN"
check_clean "$WORK/dump.out" "--dump-passages" || fail "dump"
check_clean "$WORK/dump.err" "--dump-passages messages" || fail "dump messages"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert any("\x00" in l["text"] for l in lines) and any("\x1b]0;owned" in l["title"] for l in lines)
assert any(e["name"].startswith("Evil\x1b]0;pwned") for l in lines for e in l["entities"])
print("ok: --dump-passages keeps the original text,", len(lines), "passages")' "$WORK/dump.out" || fail "dump content"

# Errors echo user input: a hostile query or option value is sanitised too.
run_capture badquery "$SEARCH" --db "$WORK/db" "$(printf 'country:\033]0;x\007Nowhere')"
expect_status 2 "hostile unknown facet in the query"
check_clean "$WORK/badquery.err" "query error message" || fail "query error"
run_capture badoption "$SEARCH" --db "$WORK/db" --country "$(printf '\033[2JX\342\200\256')" kosovo
expect_status 2 "hostile unknown --country value"
check_clean "$WORK/badoption.err" "option error message" || fail "option error"
finish
