#!/usr/bin/env bash
# Query latency: one database vs the same archive in three shards, searched locally (the stub)
# and through three xapian-tcpsrv servers on loopback (dossier-search --cluster). Each run is a
# whole `dossier-search --json` process (open, connect, search, facets, snippets, exit), so the
# numbers include what a script calling the CLI pays; `took_ms` (reported by the searcher) is the
# search alone. Configurations take turns, run after run, so that load on the machine hits all
# of them alike.
#
#   bench/cluster_latency.sh            # 20k generated passages, 21 runs per query
#
# Environment (all optional):
#   BUILD_DIR         build directory with bin/ (default: build)
#   BENCH_PASSAGES    generated passages (default: 20000)
#   BENCH_SEED        generator seed (default: 7)
#   BENCH_RUNS        runs per query and configuration; medians are reported (default: 21)
#   BENCH_WORK        corpus and databases (default: $BUILD_DIR/bench-cluster; reused)
#   BENCH_RESULTS     where cluster-latency.json goes (default: bench/results)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
PASSAGES=${BENCH_PASSAGES:-20000}
SEED=${BENCH_SEED:-7}
RUNS=${BENCH_RUNS:-21}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-cluster}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
say() { printf 'cluster_latency: %s\n' "$*" >&2; }

[[ -x $BUILD_DIR/bin/dossier-search ]] || { say "error: $BUILD_DIR/bin/dossier-search not found (make build)"; exit 2; }
command -v xapian-tcpsrv >/dev/null || { say "error: xapian-tcpsrv not found (apt-get install xapian-tools)"; exit 2; }
mkdir -p "$WORK" "$RESULTS"

corpus=$WORK/gen-$PASSAGES-$SEED
if [[ ! -d $corpus ]]; then
  say "generating $PASSAGES passages"
  python3 bench/gen_corpus.py --passages "$PASSAGES" --seed "$SEED" --out "$corpus" --format jsonl --quiet
fi
for shards in 1 3; do
  db=$WORK/db-$PASSAGES-$SEED-$shards
  if [[ ! -f $db/XAPIANDB ]]; then
    say "indexing into $shards shard(s)"
    rm -rf "$db"
    "$BUILD_DIR/bin/dossier-index" --quiet --shards "$shards" --db "$db" "$corpus/jsonl"
  fi
done
three=$WORK/db-$PASSAGES-$SEED-3

pids=()
trap 'for p in "${pids[@]}"; do kill -- -"$p" 2>/dev/null || true; done' EXIT
cluster=$WORK/loopback.cluster
echo "meta $three/meta" >"$cluster"
for shard in 0 1 2; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Its messages (a probe below connects and leaves) are not the benchmark's.
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$three/shard-00$shard" >/dev/null 2>&1 &
  pids+=($!)
  echo "shard tcp://127.0.0.1:$port" >>"$cluster"
  for _ in $(seq 1 100); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null && break
    sleep 0.05
  done
done

say "$RUNS runs per query and configuration"
python3 - "$BUILD_DIR/bin/dossier-search" "$WORK/db-$PASSAGES-$SEED-1" "$three" "$cluster" "$RUNS" "$RESULTS/cluster-latency.json" \
  "$PASSAGES" <<'PY'
import json, os, statistics, subprocess, sys, time
search, one, three, cluster, runs, out, passages = sys.argv[1:8]
configs = [("one database", ["--db", one]), ("3 shards, local", ["--db", three]),
           ("3 shards, loopback tcpsrv", ["--cluster", cluster])]
queries = [["missile"], ["kosovo", "serbia"], ['"air defence"'], ["--country", "RU", "sanctions"],
           ["--by", "passage", "--facet-count", "passage", "drones"], ["--weapon", "drone", "--country", "UA"],
           ["--limit", "10", "--offset", "40", "ministry"]]
rows = []
for query in queries:
    wall = {name: [] for name, _ in configs}
    took = {name: [] for name, _ in configs}
    totals = {}
    for _ in range(int(runs)):
        for name, target in configs:
            start = time.perf_counter()
            done = subprocess.run([search, *target, "--json", *query], capture_output=True, text=True)
            wall[name].append((time.perf_counter() - start) * 1000)
            if done.returncode not in (0, 1):
                sys.exit(f"{name} {query}: {done.stderr.strip()}")
            doc = json.loads(done.stdout)
            took[name].append(doc["took_ms"])
            totals[name] = doc["total"]["value"]
    if len(set(totals.values())) != 1:
        sys.exit(f"totals differ for {query}: {totals}")
    rows.append({"query": " ".join(query), "total": totals[configs[0][0]],
                 "median_wall_ms": {n: round(statistics.median(v), 1) for n, v in wall.items()},
                 "median_took_ms": {n: round(statistics.median(v), 1) for n, v in took.items()}})
names = [n for n, _ in configs]
print(f"| query | total | " + " | ".join(f"{n}: wall / search ms" for n in names) + " |")
print("|---|---:|" + "---:|" * len(names))
for row in rows:
    cells = [f"{row['median_wall_ms'][n]} / {row['median_took_ms'][n]}" for n in names]
    print(f"| `{row['query']}` | {row['total']} | " + " | ".join(cells) + " |")
overall = {n: round(statistics.median([r["median_wall_ms"][n] for r in rows]), 1) for n in names}
overall_took = {n: round(statistics.median([r["median_took_ms"][n] for r in rows]), 1) for n in names}
print("| median over queries | | " + " | ".join(f"{overall[n]} / {overall_took[n]}" for n in names) + " |")
json.dump({"passages": int(passages), "runs": int(runs), "load_average": os.getloadavg(), "rows": rows,
           "median_wall_ms": overall, "median_took_ms": overall_took}, open(out, "w"), indent=1)
PY
say "written to $RESULTS/cluster-latency.json"
