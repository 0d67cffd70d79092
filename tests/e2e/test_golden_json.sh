#!/usr/bin/env bash
# Golden outputs: dossier-search --json for a fixed set of queries (every option family) over the
# sample archive and a generated archive must equal the committed files in tests/golden/ (the
# timing field took_ms left out). A change that is meant to keep results bit for bit the same
# (a restructuring, a speed-up) must pass this unchanged. DOSSIER_GOLDEN_UPDATE=1 rewrites the files.
source "$(dirname "$0")/lib.sh"
GOLDEN="$DOSSIER_SOURCE/tests/golden"

# Fixed shard count and jobs: docids, and so ties between equal scores, must not depend on the
# machine's cores.
"$INDEX" --quiet --shards 3 --jobs 2 --db "$WORK/sample.db" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"
python3 "$DOSSIER_SOURCE/bench/gen_corpus.py" --no-shared --quiet --workers 1 --passages 3000 --seed 11 \
  --format both --out "$WORK/generated"
"$INDEX" --quiet --shards 3 --jobs 2 --db "$WORK/generated.db" --gazetteers "$GAZ" "$WORK/generated"

normalise() {  # stdout JSON (one object or JSON lines) without took_ms, keys sorted, one per line;
  # the checkout and the work folder in source paths written as SOURCE and WORK
  SOURCE_DIR="$DOSSIER_SOURCE" WORK_DIR="$WORK" python3 -c '
import json, os, sys
roots = []
for name, label in (("SOURCE_DIR", "SOURCE"), ("WORK_DIR", "WORK")):
    for form in {os.environ[name].rstrip("/"), os.path.realpath(os.environ[name])}:
        roots.append((form + "/", label + "/"))
def relative(obj):
    if isinstance(obj, dict):
        return {k: relative(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [relative(v) for v in obj]
    if isinstance(obj, str):
        for root, label in roots:
            if obj.startswith(root):
                return label + obj[len(root):]
    return obj
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    obj = json.loads(line)
    if isinstance(obj, dict):
        obj.pop("took_ms", None)
    obj = relative(obj)
    print(json.dumps(obj, sort_keys=True, ensure_ascii=False, indent=1))
'
}

cases=0
while IFS=$'\t' read -r name db args; do
  case "$name" in ''|'#'*) continue ;; esac
  cases=$((cases + 1))
  eval "argv=($args)"
  format=(--json)
  for a in "${argv[@]}"; do [ "$a" = "--format" ] && format=(); done
  set +e
  "$SEARCH" --db "$WORK/$db.db" "${format[@]}" "${argv[@]}" >"$WORK/out.json" 2>"$WORK/err.txt"
  status=$?
  set -e
  {
    normalise <"$WORK/out.json"
    echo "exit: $status"
    sed "s#$WORK/##g" "$WORK/err.txt"
  } >"$WORK/$name.actual"
  expected="$GOLDEN/$db/$name.json"
  if [ "${DOSSIER_GOLDEN_UPDATE:-}" = "1" ]; then
    mkdir -p "$GOLDEN/$db"
    cp "$WORK/$name.actual" "$expected"
    pass "$name: written"
  elif [ ! -f "$expected" ]; then
    fail "$name: no golden file $expected (DOSSIER_GOLDEN_UPDATE=1 writes it)"
  elif diff -u "$expected" "$WORK/$name.actual" >"$WORK/$name.diff"; then
    pass "$name"
  else
    fail "$name: output differs from $expected"
    head -40 "$WORK/$name.diff" >&2
  fi
done <"$GOLDEN/queries.tsv"
[ "$cases" -ge 50 ] || fail "only $cases golden cases"
finish
