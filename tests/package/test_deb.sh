#!/usr/bin/env bash
# The Debian package, as CI checks it after `make package` (.ci/run): installed with apt-get (its
# dependencies from the archive), then the installed tools index the sample archive with the
# installed gazetteers and run a faceted search; `man` finds both pages and bash loads the
# completion. Needs root (or sudo); removes the package at the end.
# Usage: bash tests/package/test_deb.sh [build/dossier_VERSION_ARCH.deb]
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=${1:-$(ls build/dossier_*.deb | head -1)}
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
work=$(mktemp -d)
trap '$SUDO apt-get remove -y -qq dossier >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
[ "$(command -v dossier-search)" = /usr/bin/dossier-search ] || { echo "FAIL: dossier-search is not /usr/bin/dossier-search" >&2; exit 1; }
[ "$(command -v dossier-watch)" = /usr/bin/dossier-watch ] || { echo "FAIL: dossier-watch is not /usr/bin/dossier-watch" >&2; exit 1; }
(cd "$work" && env -u DOSSIER_GAZETTEERS dossier-index --quiet --db "$work/sample.db" "$OLDPWD/corpus/articles")
dossier-search --db "$work/sample.db" --country RS --format tsv s-400 | grep -q "^2019-10-slavic-shield-s400	" ||
  { echo "FAIL: the installed tools do not find the S-400 story tagged Serbia" >&2; exit 1; }
dossier-watch --db "$work/sample.db" add s400 --country RS s-400 >/dev/null && dossier-watch --db "$work/sample.db" list | grep -q "^s400: nothing new" ||
  { echo "FAIL: the installed dossier-watch does not keep a watch" >&2; exit 1; }
man -w dossier-search >/dev/null && man -w dossier-index >/dev/null || { echo "FAIL: man cannot find the pages" >&2; exit 1; }
bash -c 'source /usr/share/bash-completion/completions/dossier-search && complete -p dossier-search' >/dev/null ||
  { echo "FAIL: the bash completion does not load" >&2; exit 1; }
echo "package ok: $deb installs, indexes and searches with the installed gazetteers; man pages and completion found"
