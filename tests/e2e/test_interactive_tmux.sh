#!/usr/bin/env bash
# dossier-search -i on a real terminal: a detached tmux session of 80x30 is typed into
# (tmux send-keys) and its screen read (tmux capture-pane). Checks the pager (a long result goes
# through less, q returns to the prompt), Ctrl-C on a half-typed line (a fresh prompt, the
# session goes on), Tab completion of a command and of a facet value, :pick N narrowing the
# results, and the history across two sessions (Up recalls the last session's query).
source "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || { echo "skip: tmux is not installed"; exit 77; }
command -v less >/dev/null || { echo "skip: less is not installed"; exit 77; }

build_corpus_db "$WORK/db"
mkdir -p "$WORK/home"
# A server of our own (its own socket, no configuration), gone when the test ends.
TMUX_CMD=(tmux -S "$WORK/tmux.sock" -f /dev/null)
trap '"${TMUX_CMD[@]}" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

# start NAME [PAGER]: dossier-search -i in a new 80x30 session, in colour; less pages with a
# prompt of our own (the user's LESS comes after -R -F -X, so -Ps sets less's prompt).
start() {
  "${TMUX_CMD[@]}" new-session -d -s "$1" -x 80 -y 30 \
    "env -u TMUX HOME='$WORK/home' XDG_STATE_HOME='$WORK/state' PAGER='${2:-less -R}' LESS='-PsPAGER-PROMPT\$' TERM=xterm \
     '$SEARCH' --db '$WORK/db' -i --color always"
}
screen() { "${TMUX_CMD[@]}" capture-pane -p -t "$1" 2>/dev/null; }
last_line() { screen "$1" | sed '/^[[:space:]]*$/d' | tail -1; }
keys() { "${TMUX_CMD[@]}" send-keys -t "$@"; }

# wait_screen NAME PATTERN WHAT: polls the screen (up to 10 s) until PATTERN (grep -E) is on it.
wait_screen() {
  local i
  for i in $(seq 100); do
    if screen "$1" | grep -qE -- "$2"; then pass "$3"; return 0; fi
    sleep 0.1
  done
  fail "$3: /$2/ not on the screen:"; screen "$1" | sed 's/^/    /' >&2; return 1
}
# wait_last NAME PATTERN WHAT: the same for the last line that is not empty.
wait_last() {
  local i
  for i in $(seq 100); do
    if last_line "$1" | grep -qE -- "$2"; then pass "$3"; return 0; fi
    sleep 0.1
  done
  fail "$3: last line /$2/, got '$(last_line "$1")':"; screen "$1" | sed 's/^/    /' >&2; return 1
}
# fresh NAME: an empty screen with the prompt at the top (Ctrl-L), so that what follows is new.
fresh() { keys "$1" C-l; wait_last "$1" '^dossier>$' "$2" >/dev/null; }

start one
wait_last one '^dossier>$' "session 1: the prompt"

# --- the pager: 10 hits and the facets are longer than 30 rows -------------------------------
keys one 'kosovo' Enter
wait_last one 'PAGER-PROMPT' "a long result goes through the pager (less)"
screen one | grep -q 'articles match' && pass "the pager shows the result's first screen" ||
  fail "the pager's screen lacks the result"
"${TMUX_CMD[@]}" capture-pane -p -e -t one | grep -q $'\e\\[1m' && pass "colour reaches the screen through the pager" ||
  fail "no colour (bold) through the pager"
keys one q
wait_last one '^dossier>$' "q leaves the pager for the prompt"

# --- Ctrl-C on a half-typed line --------------------------------------------------------------
fresh one "clear"
keys one 'half typed'
wait_last one '^dossier> half typed$' "a half-typed line"
keys one C-c
wait_last one '^dossier>$' "Ctrl-C gives a fresh prompt"
screen one | grep -q '^dossier> half typed' && pass "the cancelled line stays above it" || fail "the cancelled line is gone"
keys one ':filters' Enter
wait_screen one '^query: +kosovo' "the session goes on after Ctrl-C (:filters answers)"

# --- Tab completion: a command, then a facet value --------------------------------------------
fresh one "clear"
keys one ':lim' Tab
wait_last one '^dossier> :limit$' "Tab completes a command (:lim -> :limit)"
keys one '1' Enter
wait_screen one '^ *Showing 1-1 of' ":limit 1 runs (kosovo's result again, one hit)"
wait_last one '^dossier>$' "one hit and the facets fit the screen: no pager"
fresh one "clear"
keys one ':actor kf' Tab
wait_last one '^dossier> :actor kfor$' "Tab completes a facet value (:actor kf -> kfor)"
keys one C-u
fresh one "clear"
keys one 'javelin countr' Tab
wait_last one '^dossier> javelin country:$' "Tab completes a query field (countr -> country:)"
keys one 'U' Tab Tab
wait_screen one 'country:UA +country:US' "Tab Tab lists the country ids starting with U"
keys one C-u
fresh one "clear"

# --- :pick N: a facet value by its number narrows the results ----------------------------------
keys one 'kosovo' Enter
wait_last one '^dossier>$' "kosovo, one hit per page"
total=$(screen one | sed -nE 's/^([0-9]+) articles match.*/\1/p' | tail -1)
# The first numbered value counted on fewer articles than the whole result.
read -r number count < <(screen one | grep -oE '\[[0-9]+\] [^·]*[^0-9·]+ [0-9]+' |
  sed -E 's/^\[([0-9]+)\] .* ([0-9]+)$/\1 \2/' | awk -v total="$total" '$2 < total { print; exit }')
if [ -n "${number:-}" ] && [ -n "$total" ]; then
  pass "facet values are numbered ([$number] counted $count of $total)"
  fresh one "clear"
  keys one ":pick $number" Enter
  wait_screen one "^$count articles match" ":pick $number narrows $total articles to $count"
  wait_screen one '▸\[' "the picked value is marked as the filter"
else
  fail "no numbered facet value with fewer than $total articles:"; screen one | sed 's/^/    /' >&2
fi

# --- history across sessions ------------------------------------------------------------------
fresh one "clear"
keys one 'javelin ukraine' Enter
wait_last one '^dossier>$' "a query for the history"
keys one C-d
for i in $(seq 100); do "${TMUX_CMD[@]}" has-session -t one 2>/dev/null || break; sleep 0.1; done
"${TMUX_CMD[@]}" has-session -t one 2>/dev/null && fail "Ctrl-D did not end session 1" || pass "Ctrl-D ends the session"
[ -s "$WORK/state/dossier/history" ] && pass "the history is in \$XDG_STATE_HOME/dossier/history" ||
  fail "no history file at $WORK/state/dossier/history"
start two
wait_last two '^dossier>$' "session 2: the prompt"
keys two Up
wait_last two '^dossier> javelin ukraine$' "Up recalls session 1's last query in session 2"
keys two ':quit' Enter

# --- a pager that cannot be started: the result is printed directly ----------------------------
start three 'no-such-pager'
wait_last three '^dossier>$' "session 3 (PAGER=no-such-pager): the prompt"
keys three 'kosovo' Enter
wait_screen three '^ *Showing 1-10 of 12' "without a pager the long result is printed directly"
wait_last three '^dossier>$' "and the prompt follows"
keys three C-d

finish
