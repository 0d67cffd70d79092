#!/usr/bin/env bash
# dossier-bench on the sample archive: a generated mix written and read back, the JSON report's
# shape (per mode, overall and per class), skipped lines, several clients, the plot, and errors.
# No timing is asserted: only shapes, counts and exit codes.
source "$(dirname "$0")/lib.sh"
BENCH="$DOSSIER_BIN/dossier-bench"
DB="$WORK/corpus.db"
build_corpus_db "$DB"

run_capture mix "$BENCH" --db "$DB" --mix 26 --seed 5 --write-queries "$WORK/q.txt"
expect_status 0 "write a generated mix"
[ "$(grep -c '^# class: ' "$WORK/q.txt")" -eq 13 ] && pass "13 classes in the mix" || fail "classes in the mix: $(grep -c '^# class: ' "$WORK/q.txt")"
[ "$(grep -vc '^#' "$WORK/q.txt")" -eq 26 ] && pass "26 queries written" || fail "queries written"
"$BENCH" --db "$DB" --mix 26 --seed 5 --write-queries "$WORK/q2.txt" 2>/dev/null
cmp -s "$WORK/q.txt" "$WORK/q2.txt" && pass "same seed, same mix" || fail "same seed gave another mix"

# check_report FILE SYSTEM QUERIES PASSES CLIENTS MODES...: the JSON shape and the sample counts.
check_report() {
  python3 - "$@" <<'PY'
import json, sys
path, system = sys.argv[1:3]
queries, passes, clients = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
modes = sys.argv[6:]
doc = json.load(open(path))
assert doc["system"] == system and doc["unit"] == "ms", (doc["system"], doc["unit"])
assert doc["queries"]["measured"] == queries, doc["queries"]
assert list(doc["modes"]) == modes, list(doc["modes"])
keys = ["count", "mean", "p50", "p90", "p99", "p99_9", "max", "qps", "estimated", "split"]
for mode, entry in doc["modes"].items():
    for stats in [entry["overall"]] + list(entry["classes"].values()):
        assert list(stats) == keys, stats
        assert all(isinstance(stats[k], (int, float)) and stats[k] >= 0 for k in keys), stats
        assert stats["p50"] <= stats["p90"] <= stats["p99"] <= stats["p99_9"] <= stats["max"], stats
        # counts estimated from a sample: never in top10, never for the baselines or --exact-facets
        assert isinstance(stats["estimated"], int) and stats["estimated"] <= stats["count"], stats
        if mode == "top10" or system != "dossier":
            assert stats["estimated"] == 0, (mode, stats)
        # runs split between threads: never for the baselines
        assert isinstance(stats["split"], int) and stats["split"] <= stats["count"], stats
        if not system.startswith("dossier"):
            assert stats["split"] == 0, (system, stats)
    assert entry["overall"]["count"] == queries * passes * clients, (mode, entry["overall"]["count"])
    assert sum(c["count"] for c in entry["classes"].values()) == entry["overall"]["count"]
print("ok: report shape", modes, "x", len(doc["modes"][modes[0]]["classes"]), "classes")
PY
}

run_capture json "$BENCH" --db "$DB" --queries "$WORK/q.txt" --warmup 0 --repeat 2 --json
expect_status 0 "measure the mix (JSON)"
check_report "$WORK/json.out" dossier 26 2 1 top10 facets full || fail "JSON report shape"
python3 -c "import json,sys; c=json.load(open(sys.argv[1]))['modes']['full']['classes']; assert len(c)==13, list(c)" \
  "$WORK/json.out" && pass "13 classes reported" || fail "classes reported"

run_capture threads "$BENCH" --db "$DB" --queries "$WORK/q.txt" --modes facets,top10 --repeat 1 --threads 2 --json
expect_status 0 "two clients"
check_report "$WORK/threads.out" dossier 26 1 2 facets top10 || fail "two clients: report"

# --cluster: the same database described as a cluster of its local parts.
{ echo "meta $DB/meta"; for shard in "$DB"/shard-*; do echo "shard $shard"; done; } >"$WORK/local.cluster"
run_capture cluster "$BENCH" --cluster "$WORK/local.cluster" --queries "$WORK/q.txt" --modes facets --repeat 1 --warmup 0 --json
expect_status 0 "measure through --cluster"
check_report "$WORK/cluster.out" dossier 26 1 1 facets || fail "--cluster: report"

run_capture exact "$BENCH" --db "$DB" --queries "$WORK/q.txt" --modes facets --repeat 1 --warmup 0 --exact-facets --json
expect_status 0 "--exact-facets"
check_report "$WORK/exact.out" dossier-exact 26 1 1 facets || fail "--exact-facets: report"

run_capture table "$BENCH" --db "$DB" --queries "$WORK/q.txt" --modes top10 --repeat 1 --warmup 0
expect_status 0 "table"
expect_grep '^top10 +all +26 ' "$WORK/table.out" "table: overall row"
expect_grep '^mode +class +count +mean +p50 +p90 +p99 +p99.9 +max +qps' "$WORK/table.out" "table header"

# Bad lines are reported with FILE:LINE, skipped and counted; the rest is measured (exit 1).
printf 'kosovo\n"unclosed phrase\nbad \xff utf8\nweapon:nosuchweapon\nescape \x1b[31mred\n# class: x\nnato\n' > "$WORK/bad.txt"
run_capture bad "$BENCH" --db "$DB" --queries "$WORK/bad.txt" --repeat 1 --modes top10 --json
expect_status 1 "some lines skipped"
expect_grep "bad.txt:2: .*unclosed quote.*\(skipped\)" "$WORK/bad.err" "query error with file:line"
expect_grep "bad.txt:3: invalid UTF-8" "$WORK/bad.err" "invalid UTF-8 with file:line"
expect_grep "bad.txt:4: .*nosuchweapon" "$WORK/bad.err" "unknown facet value with file:line"
expect_grep "bad.txt:5: control character" "$WORK/bad.err" "escape sequence with file:line"
expect_no_grep $'\x1b' "$WORK/bad.err" "no raw escape on stderr"
python3 -c "import json,sys; q=json.load(open(sys.argv[1]))['queries']; assert q['measured']==2 and q['skipped']==4, q" \
  "$WORK/bad.out" && pass "skipped lines counted" || fail "skipped lines counted"

# The plot: written by gnuplot when it is there; without it, a note and the results anyway.
if command -v gnuplot >/dev/null; then
  run_capture plot "$BENCH" --db "$DB" --queries "$WORK/q.txt" --repeat 1 --plot "$WORK/latency.svg"
  expect_status 0 "plot"
  expect_grep '<svg' "$WORK/latency.svg" "SVG plot written"
else
  echo "note: gnuplot not installed; only the fallback is checked"
fi
PATH=/nonexistent run_capture noplot "$BENCH" --db "$DB" --queries "$WORK/q.txt" --repeat 1 --modes top10 --plot "$WORK/none.svg"
expect_status 0 "no gnuplot: results anyway"
expect_grep 'gnuplot not found' "$WORK/noplot.err" "no gnuplot: said on stderr"
[ ! -e "$WORK/none.svg" ] && pass "no gnuplot: no file" || fail "no gnuplot: a file was written"

# Errors: one line, exit 2.
printf '"never closed\n' > "$WORK/allbad.txt"
for case in "missing-db|--db $WORK/nope.db --queries $WORK/q.txt" "both|--db $DB --queries $WORK/q.txt --mix 3" \
            "no-queries|--db $DB --queries $WORK/absent.txt" "all-bad|--db $DB --queries $WORK/allbad.txt" \
            "bad-mode|--db $DB --mix 3 --modes fast" "cold-threads|--db $DB --mix 3 --cold --threads 2"; do
  name=${case%%|*}
  # shellcheck disable=SC2086
  run_capture "$name" "$BENCH" ${case#*|}
  expect_status 2 "$name"
  [ "$name" = all-bad ] || expect_one_line "$WORK/$name.err" "$name"
done
# The baselines of bench/query_bench.sh: built from Dossier's exported passages, measured with the
# same query file, reporting the same JSON shape. FTS5 only where libsqlite3-dev was found.
run_capture export "$DOSSIER_BIN/dossier-bench-export" --db "$DB" --out "$WORK/passages.jsonl"
expect_status 0 "export passages"
python3 - "$WORK/passages.jsonl" <<'PY' && pass "export: one JSON line per passage" || fail "export lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) > 100, len(lines)
for p in lines:
    assert set(p) == {"article", "passage", "title", "date", "text", "facets"}, p.keys()
assert any(f.startswith("C:") for p in lines for f in p["facets"])
PY
for baseline in xapian fts5; do
  tool="$DOSSIER_BIN/dossier-bench-$baseline"
  if [ ! -x "$tool" ]; then echo "note: $tool not built; skipped"; continue; fi
  run_capture "build-$baseline" "$tool" --db "$WORK/$baseline.db" --build "$WORK/passages.jsonl"
  expect_status 0 "$baseline: build"
  run_capture "run-$baseline" "$tool" --db "$WORK/$baseline.db" --queries "$WORK/q.txt" --warmup 0 --repeat 1 --json
  expect_status 0 "$baseline: every mix query runs"
  check_report "$WORK/run-$baseline.out" "$baseline" 26 1 1 top10 facets full || fail "$baseline: report shape"
  run_capture "bad-$baseline" "$tool" --db "$WORK/$baseline.db" --queries "$WORK/bad.txt" --repeat 1 --modes top10
  expect_status 1 "$baseline: bad lines skipped"
  # (Xapian's QueryParser accepts an unclosed quote, and an unknown facet id just matches nothing)
  expect_grep "bad.txt:3: invalid UTF-8.*\(skipped\)" "$WORK/bad-$baseline.err" "$baseline: file:line of a bad line"
  run_capture "missing-$baseline" "$tool" --db "$WORK/nope-$baseline.db" --queries "$WORK/q.txt"
  expect_status 2 "$baseline: missing database"
  expect_one_line "$WORK/missing-$baseline.err" "$baseline: missing database"
  # --shell-sql: what the sqlite3 shell runs for each query (bench/startup_bench.py); the other
  # baseline has no shell and says so.
  run_capture "shell-$baseline" "$tool" --db unused --shell-sql "$WORK/q.txt"
  if [ "$baseline" = xapian ]; then
    expect_status 2 "xapian: --shell-sql refused"
    expect_one_line "$WORK/shell-$baseline.err" "xapian: --shell-sql refused"
    continue
  fi
  expect_status 0 "fts5: --shell-sql"
  if ! command -v sqlite3 >/dev/null; then echo "note: no sqlite3 shell; the SQL is not run"; continue; fi
  python3 - "$WORK/shell-fts5.out" "$WORK/fts5.db" <<'PY' && pass "fts5: every query's SQL runs in the sqlite3 shell" || fail "fts5: shell SQL"
import json, subprocess, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 26, len(lines)
ran = 0
for entry in lines:
    if "error" in entry:
        continue
    for key in ("top10_count", "with_facets"):
        done = subprocess.run(["sqlite3", "-readonly", sys.argv[2]], input=entry[key], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stderr, (entry["query"], key, done.stderr)
        rows = done.stdout.splitlines()
        assert rows and rows[-1 if key == "top10_count" else 0] != "", (entry["query"], key)
    # the last line of top10_count is the article count, the lines before it at most 10 hits
    out = subprocess.run(["sqlite3", "-readonly", sys.argv[2]], input=entry["top10_count"], capture_output=True, text=True).stdout
    *hits, count = out.splitlines()
    assert len(hits) <= 10 and count.isdigit() and (int(count) == 0) == (not hits), (entry["query"], out)
    ran += 1
assert ran >= 20, ran
PY
  printf 'kosovo NEAR/3 serbia\n' >"$WORK/near.txt"
  run_capture shell-near "$tool" --db unused --shell-sql "$WORK/near.txt"
  expect_grep '"error"' "$WORK/shell-near.out" "fts5: --shell-sql names a query FTS5 cannot express"
  # The start-up benchmark on a few queries of the mix, with a second build of dossier-search
  # (here the same binary) taking its turn beside it.
  run_capture startup python3 "$DOSSIER_SOURCE/bench/startup_bench.py" --dossier "$DB" --fts5 "$WORK/fts5.db" \
    --search "$DOSSIER_BIN/dossier-search" --baseline "$DOSSIER_BIN/dossier-search" --mix "$WORK/q.txt" --sample 6 --runs 1 \
    --json "$WORK/startup.json" army
  expect_status 0 "startup_bench: the mix and a named query, with a baseline build"
  python3 - "$WORK/startup.json" <<'PY' && pass "startup_bench: every system of the mix measured, the baseline among them" || fail "startup_bench: JSON"
import json, sys
report = json.load(open(sys.argv[1]))
systems = {row["system"]: row for row in report["mix"]["systems"]}
assert set(systems) == {"dossier-search", "sqlite3: top 10 + snippet + count", "sqlite3: + facets", "baseline dossier-search"}, systems
assert all(row["queries"] >= 1 and row["p50_ms"] > 0 for row in systems.values()), systems
assert systems["dossier-search"]["queries"] == systems["baseline dossier-search"]["queries"], systems
assert [q["query"] for q in report["queries"]] == ["army"], report["queries"]
assert report["machine"].split()[0].isdigit() and "cores (" in report["machine"], report["machine"]
PY
  expect_grep '^One process per query: [0-9]+ queries of the query mix, wall time \(ms\), [0-9]+ cores \(' "$WORK/startup.out" \
    "startup_bench names the machine"
  db_mb=$(du -sbc "$DB" "$WORK/fts5.db" | tail -1 | awk '{printf "%.0f", $1 / 1e6}')
  expect_grep "^Both databases were read once into the page cache first \\($db_mb MB\\)\\.$" "$WORK/startup.out" \
    "startup_bench reads both databases whole before the mix"
  if command -v fincore >/dev/null; then
    expect_grep "^In the page cache after the mix: [0-9]+% of Dossier's database, [0-9]+% of the FTS5 database " "$WORK/startup.out" \
      "startup_bench says how much of each database the page cache held after the mix"
  else
    echo "note: no fincore (util-linux): the page-cache line is not checked"
  fi
done

# bench/oneshot_ab.py: two variants, each query once per variant per round, one line each with the
# first variant's per-query ratio; a variant that names another database runs on it.
printf 'kosovo\n# a comment\nserbia\n' > "$WORK/oneshot-q.txt"
run_capture oneshot python3 "$DOSSIER_SOURCE/bench/oneshot_ab.py" "$WORK/oneshot-q.txt" 2 \
  "base=$DB|$DOSSIER_BIN/dossier-search" "other=$DB|$DOSSIER_BIN/dossier-search"
expect_status 0 "oneshot_ab.py over two variants"
expect_grep '^base: p50 [0-9.]+ p90 [0-9.]+ p99 [0-9.]+ mean [0-9.]+ ms; per query / base \(median\) 1\.000$' "$WORK/oneshot.out" "the first variant against itself"
expect_grep '^other: p50 [0-9.]+ .*per query / base \(median\) [0-9.]+$' "$WORK/oneshot.out" "the second variant's ratio"
run_capture oneshot_usage python3 "$DOSSIER_SOURCE/bench/oneshot_ab.py" "$WORK/oneshot-q.txt"
expect_status 2 "oneshot_ab.py without variants"

# bench/ir_margins.py: each setting's worst margin against both whole-document baselines, over
# every collection both reports measured (synthetic reports: the IR collections are not in the repo).
python3 - "$WORK" <<'PY'
import json, os, sys
def results(pairs):
    return {c: {"map": m, "ndcg10": n, "p10": 0} for c, (m, n) in pairs.items()}
base = {"FTS5 bm25": {"flags": None, "results": results({"a": (0.30, 0.40), "b": (0.20, 0.50)})},
        "Xapian default BM25": {"flags": ["--bm25", "1,0.5"], "results": results({"a": (0.31, 0.41), "b": (0.25, 0.45)})}}
one = dict(base, **{"Dossier default": {"flags": [], "results": results({"a": (0.33, 0.42), "b": (0.27, 0.52)})}})
two = dict(base, **{"Dossier low": {"flags": ["--article-weight", "0.5"], "results": results({"a": (0.32, 0.40), "b": (0.30, 0.55)})}})
for name, systems in (("one", one), ("two", two)):
    with open(os.path.join(sys.argv[1], "ir-%s.json" % name), "w") as f:
        json.dump({"collections": {"a": {}, "b": {}}, "systems": systems}, f)
PY
run_capture margins python3 "$DOSSIER_SOURCE/bench/ir_margins.py" "$WORK/ir-one.json" "$WORK/ir-two.json"
expect_status 0 "ir_margins.py over two reports"
expect_grep '^\| Dossier default \| 0.3300 / 0.4200 \| 0.2700 / 0.5200 \| \+0.0100 \| a nDCG@10 vs Xapian default BM25 \|$' "$WORK/margins.out" \
  "a setting above both baselines everywhere: its smallest lead and where"
expect_grep '^\| Dossier low \(`--article-weight 0.5`\) .* \| -0.0100 \| a nDCG@10 vs Xapian default BM25 \|$' "$WORK/margins.out" \
  "a setting under a baseline: the deficit and where, with its flags"
order=$(grep -oE '^\| Dossier [a-z]+' "$WORK/margins.out" | tr '\n' ' ')
[[ $order == "| Dossier default | Dossier low " ]] && pass "best worst margin first" || fail "order: $order"

# bench/ir_loco.py: holding each collection out, the setting chosen on the others, on the held-out
# one (the same synthetic reports: "low" wins on b alone, and loses on a).
run_capture loco python3 "$DOSSIER_SOURCE/bench/ir_loco.py" "$WORK/ir-one.json" "$WORK/ir-two.json"
expect_status 0 "ir_loco.py over two reports"
expect_grep '^\| a \| Dossier low \(`--article-weight 0.5`\) \| 0.3200 / 0.4000 \| 0.3300 / 0.4200 \|$' "$WORK/loco.out" \
  "a held out: the setting chosen on b, against the default"
expect_grep '^\| b \| Dossier default \| 0.2700 / 0.5200 \| 0.2700 / 0.5200 \|$' "$WORK/loco.out" "b held out: the default chosen on a"
expect_grep '^\| Dossier low \(`--article-weight 0.5`\) \| 1.1667 \|$' "$WORK/loco.out" "the objective: the mean ratio to FTS5"
run_capture loco_one python3 "$DOSSIER_SOURCE/bench/ir_loco.py" "$WORK/ir-one.json" "$WORK/ir-one.json"
expect_status 0 "ir_loco.py: one report twice is two collections still"
# A report of another collection merges in: settings measured on a, b and c are compared there.
python3 - "$WORK" <<'PY'
import json, os, sys
r = lambda m, n: {"c": {"map": m, "ndcg10": n, "p10": 0}}
systems = {"FTS5 bm25": {"flags": None, "results": r(0.5, 0.5)}, "Dossier default": {"flags": [], "results": r(0.6, 0.6)},
           "Dossier low": {"flags": ["--article-weight", "0.5"], "results": r(0.4, 0.4)}}
with open(os.path.join(sys.argv[1], "ir-three.json"), "w") as f:
    json.dump({"collections": {"c": {}}, "systems": systems}, f)
PY
run_capture loco_three python3 "$DOSSIER_SOURCE/bench/ir_loco.py" "$WORK/ir-one.json" "$WORK/ir-two.json" "$WORK/ir-three.json"
expect_status 0 "ir_loco.py over reports of different collections"
expect_grep '^\| a \| Dossier default \| 0.3300 / 0.4200 \| 0.3300 / 0.4200 \|$' "$WORK/loco_three.out" \
  "merged: a held out, the default chosen on b and c"

# bench/ir_eval.py's Reuters collections from a synthetic sgm-data (Reuters text is not in the
# repo): "reuters" queries the TOPICS categories, "reuters-names" the PLACES, ORGS and PEOPLE ones
# (keyed label:category), each only where at least 20 stories with a body carry it; and the
# "bbc-headlines" known-item collection from a synthetic BBC folder.
python3 - "$WORK" "$DOSSIER_SOURCE/bench" <<'PY' && pass "ir_eval: the Reuters topics and names collections, BBC headlines" || fail "ir_eval: Reuters and BBC collections"
import os, sys
work, bench = sys.argv[1], sys.argv[2]
sys.path.insert(0, bench)
import ir_eval
shared = os.path.join(work, "shared")
sgm = os.path.join(shared, "data", "reuters21578", "sgm-data")
os.makedirs(sgm, exist_ok=True)
stories = []
for i in range(1, 26):
    places = "<D>japan</D>" + ("<D>peru</D>" if i <= 3 else "")
    orgs = "<D>imf</D>" if i <= 20 else ""
    body = "" if i == 25 else "<BODY>Story %d about trade.\n    Second paragraph &amp; more.\n Reuter\n&#3;</BODY>" % i
    stories.append('<REUTERS NEWID="%d"><TOPICS><D>trade</D></TOPICS><PLACES>%s</PLACES><PEOPLE></PEOPLE><ORGS>%s</ORGS>'
                   '<TEXT><TITLE>STORY %d</TITLE>%s</TEXT></REUTERS>' % (i, places, orgs, i, body))
with open(os.path.join(sgm, "reut2-000.sgm"), "w", encoding="latin-1") as f:
    f.write("\n".join(stories))
names = os.path.join(work, "names.tsv")
with open(names, "w") as f:
    f.write("# test\nplaces:japan\tjapan\norgs:imf\tinternational monetary fund\nplaces:peru\tperu\n")
topics = os.path.join(work, "topics.tsv")
with open(topics, "w") as f:
    f.write("trade\tforeign trade\n")
coll = ir_eval.load_collection(shared, "reuters-names", names)
assert coll["queries"] == [("orgs:imf", "international monetary fund"), ("places:japan", "japan")], coll["queries"]
assert len(coll["docs"]) == 24 and len(coll["qrels"]["places:japan"]) == 24 and len(coll["qrels"]["orgs:imf"]) == 20, coll["qrels"]
coll = ir_eval.load_collection(shared, "reuters", topics)
assert coll["queries"] == [("trade", "foreign trade")] and len(coll["qrels"]["trade"]) == 24, coll["queries"]
# bbc-headlines: each headline the query for its own untitled body; a copy (same body) or a story
# under the same headline is relevant too; Latin-1 files are read.
bbc = os.path.join(shared, "data", "bbc-news", "bbc")
for cls, files in (("business", {"001.txt": b"Oil price rises\n\nFirst para.\n\nSecond para.\n",
                                 "002.txt": b"Oil price rises\n\nAnother story \xa3 5m.\n"}),
                   ("sport", {"001.txt": b"Cup final\n\nFirst para.\n\nSecond para.\n", "002.txt": b"Empty\n"})):
    os.makedirs(os.path.join(bbc, cls), exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(bbc, cls, name), "wb") as f:
            f.write(data)
assert ir_eval.collection_present(shared, "bbc-headlines")
coll = ir_eval.load_collection(shared, "bbc-headlines")
assert [d["paras"] for d in coll["docs"]] == [["First para.", "Second para."], ["Another story \u00a3 5m."],
                                              ["First para.", "Second para."]], coll["docs"]
assert all(d["title"] == "" for d in coll["docs"])
assert coll["queries"] == [("1", "Oil price rises"), ("2", "Oil price rises"), ("3", "Cup final")], coll["queries"]
assert coll["qrels"] == {"1": {"1": 1, "2": 1, "3": 1}, "2": {"1": 1, "2": 1}, "3": {"1": 1, "3": 1}}, coll["qrels"]
PY

if [ "$(id -u)" -ne 0 ]; then
  run_capture cold "$BENCH" --db "$DB" --queries "$WORK/q.txt" --cold
  expect_status 2 "--cold without root"
  expect_grep 'cannot drop the page cache' "$WORK/cold.err" "--cold says why"
else
  echo "note: running as root; --cold is not exercised here (it would drop the machine's page cache)"
fi
finish
