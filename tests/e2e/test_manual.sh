#!/usr/bin/env bash
# Man pages, shell completions and `make install`: every option --help prints is in the man page,
# the bash completion and the zsh completion (all three come from one definition,
# common/manual.h); the pages render without groff warnings; bash completes an option and an
# option's values; zsh's compinit finds the functions (skipped without zsh); an install into a
# temporary prefix has the tools, `man` finds their pages, and the installed dossier-index finds
# its installed gazetteers and indexes the sample archive that the installed dossier-search
# then searches.
source "$(dirname "$0")/lib.sh"
BUILD=$(cd "$DOSSIER_BIN/.." && pwd)
SHARE="$BUILD/share"

for tool in dossier-index dossier-search dossier-watch; do
  page="$SHARE/man/man1/$tool.1"
  bashc="$SHARE/completions/bash/$tool"
  zshc="$SHARE/completions/zsh/_$tool"
  for f in "$page" "$bashc" "$zshc"; do [ -s "$f" ] && pass "$(basename "$f") generated" || fail "$f missing"; done
  # The long options --help lists.
  mapfile -t options < <("$DOSSIER_BIN/$tool" --help | grep -oE '^ +(-[a-z], )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+')
  [ "${#options[@]}" -gt 10 ] && pass "$tool --help lists ${#options[@]} options" || fail "$tool --help: only ${#options[@]} options found"
  missing=()
  for option in "${options[@]}"; do
    roff=${option//-/\\-}
    grep -qF -- "\\fB$roff\\fR" "$page" || missing+=("man:$option")
    grep -qE -- "(^|[ '])$option( |'|$)" "$bashc" || missing+=("bash:$option")
    grep -qF -- "$option[" "$zshc" || grep -qF -- ",$option}" "$zshc" || missing+=("zsh:$option")
  done
  [ "${#missing[@]}" -eq 0 ] && pass "$tool: every --help option in the man page and both completions" || fail "$tool: missing ${missing[*]}"
  if command -v groff >/dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1 || true)
    [ -z "$warnings" ] && pass "$tool.1 renders without warnings" || fail "$tool.1: $warnings"
  fi
done

# bash: the completion function offers an option and an option's values.
complete_words() {  # complete_words TOOL WORD... -> COMPREPLY of the last word, one per line
  local tool=$1; shift
  bash -c 'source "$1"; shift; tool=$1; shift; COMP_WORDS=("$tool" "$@"); COMP_CWORD=$#; fn=_${tool//-/_}; $fn; printf "%s\n" "${COMPREPLY[@]}"; complete -p "$tool"' \
    _ "$SHARE/completions/bash/$tool" "$tool" "$@"
}
complete_words dossier-search --fo >"$WORK/c1.out"
expect_grep "^--format$" "$WORK/c1.out" "bash completes --fo to --format"
expect_grep "^complete .*-F _dossier_search dossier-search$" "$WORK/c1.out" "complete -p lists dossier-search"
complete_words dossier-search --format j >"$WORK/c2.out"
expect_grep "^json$" "$WORK/c2.out" "bash completes --format's values"
expect_grep "^jsonl$" "$WORK/c2.out" "bash completes --format's values (jsonl)"
complete_words dossier-index --invalid-utf8 "" >"$WORK/c3.out"
expect_grep "^skip$" "$WORK/c3.out" "bash completes dossier-index --invalid-utf8's values"

# zsh: compinit picks the functions up from $fpath.
if command -v zsh >/dev/null; then
  zsh -f -c "fpath=($SHARE/completions/zsh \$fpath); autoload -Uz compinit; compinit -u -d $WORK/zcompdump; print -- \${_comps[dossier-search]} \${_comps[dossier-index]}" >"$WORK/zsh.out" 2>&1
  expect_grep "^_dossier-search _dossier-index$" "$WORK/zsh.out" "zsh compinit registers both completions"
  zsh -f -c "source $SHARE/completions/zsh/_dossier-search" >"$WORK/zsh-syntax.out" 2>&1 || true
  expect_no_grep "parse error" "$WORK/zsh-syntax.out" "the zsh completion parses"
else
  echo "skip: zsh is not installed (tools/install-deps.sh installs it)"
fi

# make install into a temporary prefix (cmake --install is what `make install` runs).
PREFIX="$WORK/prefix"
if cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.out" 2>&1; then
  pass "cmake --install into a temporary prefix"
  for f in bin/dossier-index bin/dossier-search bin/dossier-watch share/man/man1/dossier-search.1 share/man/man1/dossier-index.1 share/man/man1/dossier-watch.1 \
    share/bash-completion/completions/dossier-search share/zsh/vendor-completions/_dossier-search share/dossier/gazetteers/countries.gaz; do
    [ -e "$PREFIX/$f" ] && pass "installed $f" || fail "not installed: $f"
  done
  if command -v man >/dev/null; then
    run_capture man env MANPATH="$PREFIX/share/man" man -w dossier-search
    expect_grep "$PREFIX/share/man/man1/dossier-search.1" "$WORK/man.out" "man finds the installed dossier-search page"
  fi
  # The installed indexer finds its installed gazetteers (no --gazetteers, no $DOSSIER_GAZETTEERS).
  mkdir -p "$WORK/elsewhere"
  run_capture installed_index env -u DOSSIER_GAZETTEERS -C "$WORK/elsewhere" "$PREFIX/bin/dossier-index" --quiet --db "$WORK/inst.db" "$DOSSIER_SOURCE/corpus/articles"
  expect_status 0 "the installed dossier-index indexes the sample archive"
  run_capture installed_search "$PREFIX/bin/dossier-search" --db "$WORK/inst.db" --format tsv --country RS s-400
  expect_status 0 "the installed dossier-search searches it, with a country facet"
  expect_grep "^2019-10-slavic-shield-s400	" "$WORK/installed_search.out" "the installed tools find the S-400 story in Serbia"
  # ... and those are the installed ones, not the source tree's: a country only they know.
  rm -f "$PREFIX/share/dossier/gazetteers/"*.gaz
  printf '@facet country\nid: ZZ\nname: Zedland\nalias: Zedland\n' >"$PREFIX/share/dossier/gazetteers/countries.gaz"
  mkdir -p "$WORK/zed"
  printf 'Title: Zedland drill\nDate: 2024-05-01\nID: zed-1\n\nTroops from Zedland held a drill near the border.\n' >"$WORK/zed/zed.txt"
  run_capture zed_index env -u DOSSIER_GAZETTEERS "$PREFIX/bin/dossier-index" --quiet --db "$WORK/zed.db" "$WORK/zed"
  run_capture zed_search "$PREFIX/bin/dossier-search" --db "$WORK/zed.db" --format tsv --country ZZ
  expect_grep "^zed-1	" "$WORK/zed_search.out" "the installed dossier-index reads the installed gazetteers"
else
  fail "cmake --install failed:"; cat "$WORK/install.out" >&2
fi

finish
