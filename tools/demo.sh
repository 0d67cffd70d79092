#!/usr/bin/env bash
# `make demo`: index the shipped sample archive into BUILD/demo.db, run faceted searches and end with a timeline.
set -euo pipefail
build=${1:-build}
db="$build/demo.db"
rm -rf "$db"
echo "== dossier-index --db $db corpus/articles"
"$build/bin/dossier-index" --db "$db" corpus/articles
echo
echo "== dossier-search --db $db --country Kosovo --limit 5 'javelin OR drones'"
"$build/bin/dossier-search" --db "$db" --country Kosovo --limit 5 'javelin OR drones'
echo
echo "== dossier-search --db $db --by passage --limit 3 --weapon 'air defence' --since 2020 serbia"
"$build/bin/dossier-search" --db "$db" --by passage --limit 3 --weapon 'air defence' --since 2020 serbia
echo
echo "== dossier-search --db $db --timeline year --by-facet country --limit 0 'javelin OR drones'"
"$build/bin/dossier-search" --db "$db" --timeline year --by-facet country --limit 0 'javelin OR drones'
