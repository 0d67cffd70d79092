#!/usr/bin/env bash
# Indexing throughput: Dossier vs Xapian's scriptindex on synthetic corpora (bench/gen_corpus.py).
#
#   make bench-index                       # 100k and 1M passages (builds first)
#   BENCH_PASSAGES="100000" bench/index_bench.sh
#
# Environment (all optional):
#   BUILD_DIR          build directory with bin/dossier-index (default: build)
#   BENCH_PASSAGES     corpus sizes in passages (default: "100000 1000000")
#   BENCH_SEED         generator seed (default: 1)
#   BENCH_REPEAT       runs per system at sizes <= BENCH_REPEAT_MAX, median reported (default: 3)
#   BENCH_REPEAT_MAX   (default: 100000); larger sizes run once
#   BENCH_JOBS         --jobs for dossier-index (default: the indexer's own default, the core count)
#   BENCH_INPUT        plain | jsonl: which copy of the corpus Dossier indexes (default: plain)
#   BENCH_WORK         corpora and databases (default: $BUILD_DIR/bench-index; corpora are reused)
#   BENCH_RESULTS      where index.json goes (default: bench/results)
#   BENCH_NO_SHARED=1  generate from corpus/ only (ignore ../shared/data)
#   BENCH_SCRIPTINDEX=0  skip the scriptindex baseline
#   BENCH_KEEP_DB=1    keep the databases of the last run of each size
#   BENCH_BASE_INDEX   an older build's dossier-index, run beside this one in every run (which goes
#                      first alternating), reported as "dossier-base" with the ratios this / base
#                      (a change's indexing cost against the build before it, in one script)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
case $BUILD_DIR in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
INDEX=$BUILD_DIR/bin/dossier-index
PASSAGES=${BENCH_PASSAGES:-"100000 1000000"}
SEED=${BENCH_SEED:-1}
REPEAT=${BENCH_REPEAT:-3}
REPEAT_MAX=${BENCH_REPEAT_MAX:-100000}
INPUT=${BENCH_INPUT:-plain}
WORK=${BENCH_WORK:-$BUILD_DIR/bench-index}
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
DEF=$ROOT/bench/scriptindex.def

say() { printf 'index_bench: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 2; }

[[ -x $INDEX ]] || die "$INDEX not found; run 'make build' (or set BUILD_DIR)"
[[ $INPUT == plain || $INPUT == jsonl ]] || die "BENCH_INPUT must be plain or jsonl"

apt_install() {  # package: install when missing and we may (root, apt-get present)
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "installing $1"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >/dev/null 2>&1 ||
      { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" >/dev/null 2>&1; } ||
      say "could not install $1"
  fi
}
[[ -x /usr/bin/time ]] || apt_install time
[[ -x /usr/bin/time ]] || die "/usr/bin/time (package 'time') is needed for wall time and peak RSS"
SCRIPTINDEX=""
if [[ ${BENCH_SCRIPTINDEX:-1} != 0 ]]; then
  command -v scriptindex >/dev/null || apt_install xapian-omega
  if command -v scriptindex >/dev/null; then SCRIPTINDEX=$(command -v scriptindex)
  else say "scriptindex (package xapian-omega) not available: baseline skipped"; fi
fi

HAS_REPORT=0; HAS_JOBS=0
HELP=$("$INDEX" --help 2>&1 || true)
[[ $HELP == *--report* ]] && HAS_REPORT=1
[[ $HELP == *--jobs* ]] && HAS_JOBS=1
JOBS_ARGS=()
if [[ -n ${BENCH_JOBS:-} ]]; then
  ((HAS_JOBS)) || die "BENCH_JOBS given but this dossier-index has no --jobs"
  JOBS_ARGS=(--jobs "$BENCH_JOBS")
fi
((HAS_REPORT)) || say "dossier-index has no --report: phases not available (wall time and RSS from /usr/bin/time)"

mkdir -p "$WORK" "$RESULTS"
RUNS=$WORK/runs.jsonl
: > "$RUNS"
CORES=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' || echo unknown)
MEM_GB=$(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo)
DOSSIER_VERSION="$("$INDEX" --version 2>&1 | head -1) ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || echo ', uncommitted changes'))"
SCRIPTINDEX_VERSION=$([[ -n $SCRIPTINDEX ]] && "$SCRIPTINDEX" --version 2>&1 | head -1 || echo none)

# record SYSTEM SIZE RUN TIMEFILE DB [REPORT]: one JSON line per run into $RUNS
record() {
  python3 - "$@" >> "$RUNS" <<'PY'
import json, os, re, subprocess, sys
system, size, run, timefile, db = sys.argv[1:6]
report = sys.argv[6] if len(sys.argv) > 6 else ""
t = open(timefile, encoding="utf-8", errors="replace").read()
def field(name):
    m = re.search(r"^\s*" + re.escape(name) + r": (.*)$", t, re.M)
    return m.group(1).strip() if m else None
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
du = subprocess.run(["du", "-sk", db], capture_output=True, text=True).stdout.split()
rec = {"system": system, "passages": int(size), "run": int(run), "wall_s": round(secs, 2),
       "user_s": float(field("User time (seconds)")), "sys_s": float(field("System time (seconds)")),
       "max_rss_mb": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1),
       "exit_status": int(field("Exit status") or 0),
       "db_mb": round(int(du[0]) / 1024, 1) if du else None,
       "load_avg_1m": float(open("/proc/loadavg").read().split()[0])}
if report and os.path.exists(report):
    r = json.load(open(report))
    rec["report"] = {k: r[k] for k in ("seconds", "passages", "jobs", "shards", "bytes_read") if k in r}
    if isinstance(r.get("phases"), dict):
        rec["phases"] = {k: round(v, 2) for k, v in r["phases"].items() if isinstance(v, (int, float))}
print(json.dumps(rec))
PY
}

for N in $PASSAGES; do
  CORPUS=$WORK/corpus-$N-s$SEED
  if [[ ! -f $CORPUS/.gen_corpus.json ]]; then
    rm -rf "$CORPUS"
    say "generating $N passages (seed $SEED) into $CORPUS"
    GEN_ARGS=(--passages "$N" --seed "$SEED" --out "$CORPUS" --format both)
    [[ -n ${BENCH_NO_SHARED:-} ]] && GEN_ARGS+=(--no-shared)
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/gen-$N.time" python3 bench/gen_corpus.py "${GEN_ARGS[@]}" >&2
    say "generator: $(awk '{printf "%.1f s wall, %.1f CPU-s, peak RSS %.0f MB", $1, $2 + $3, $4/1024}' "$WORK/gen-$N.time")"
  else
    say "reusing $CORPUS"
  fi
  DUMP=$CORPUS/scriptindex.dump
  if [[ -n $SCRIPTINDEX && ! -f $DUMP ]]; then
    say "converting to scriptindex input ($DUMP)"
    python3 - "$CORPUS/jsonl" "$DUMP.tmp" <<'PY'
import glob, gzip, json, os, sys
src, dst = sys.argv[1:3]
with open(dst, "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(src, "part-*.jsonl*"))):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                date = a["date"].replace("-", "")
                for i, p in enumerate(a["text"].split("\n")):
                    out.write("id=%s#%d\ntitle=%s\ndate=%s\ntext=%s\n\n" % (a["id"], i, a["title"], date, p))
PY
    mv "$DUMP.tmp" "$DUMP"
  fi
  INPUT_DIR=$CORPUS/$INPUT
  R=1; ((N <= REPEAT_MAX)) && R=$REPEAT
  for ((run = 1; run <= R; run++)); do
    SYSTEMS=(dossier)
    if [[ -n ${BENCH_BASE_INDEX:-} ]]; then
      ((run % 2)) && SYSTEMS=(dossier dossier-base) || SYSTEMS=(dossier-base dossier)
    fi
    for system in "${SYSTEMS[@]}"; do
      tool=$INDEX; [[ $system == dossier-base ]] && tool=$BENCH_BASE_INDEX
      DB=$WORK/$system-$N.db; REP=$WORK/$system-$N-$run.report.json
      rm -rf "$DB" "$REP"
      REPORT_ARGS=(); ((HAS_REPORT)) && REPORT_ARGS=(--report "$REP")
      say "$system-index $N passages, run $run/$R"
      /usr/bin/time -v -o "$WORK/$system-$N-$run.time" \
        "$tool" --quiet --db "$DB" "${JOBS_ARGS[@]}" "${REPORT_ARGS[@]}" "$INPUT_DIR" > "$WORK/$system-$N-$run.log" 2>&1 ||
        { cat "$WORK/$system-$N-$run.log" >&2; die "$tool failed (see $WORK/$system-$N-$run.log)"; }
      record "$system" "$N" "$run" "$WORK/$system-$N-$run.time" "$DB" "$REP"
      [[ -n ${BENCH_KEEP_DB:-} && $run == "$R" ]] || rm -rf "$DB"
    done
    if [[ -n $SCRIPTINDEX ]]; then
      SDB=$WORK/scriptindex-$N.db
      rm -rf "$SDB"
      say "scriptindex $N passages, run $run/$R"
      /usr/bin/time -v -o "$WORK/scriptindex-$N-$run.time" \
        "$SCRIPTINDEX" --overwrite "$SDB" "$DEF" "$DUMP" > "$WORK/scriptindex-$N-$run.log" 2>&1 ||
        { tail -5 "$WORK/scriptindex-$N-$run.log" >&2; die "scriptindex failed"; }
      record scriptindex "$N" "$run" "$WORK/scriptindex-$N-$run.time" "$SDB"
      [[ -n ${BENCH_KEEP_DB:-} && $run == "$R" ]] || rm -rf "$SDB"
    fi
  done
done

# ---------------------------------------------------------------- summary: table + index.json
python3 - "$RUNS" "$WORK" "$RESULTS/index.json" "$INPUT" "$CORES" "$CPU" "$MEM_GB" "$SEED" "$HAS_REPORT" \
  "$DOSSIER_VERSION" "$SCRIPTINDEX_VERSION" <<'PY'
import json, os, statistics, sys
runs_path, work, out_path, input_kind, cores, cpu, mem_gb, seed, has_report, dver, sver = sys.argv[1:12]
runs = [json.loads(l) for l in open(runs_path) if l.strip()]
sizes = sorted({r["passages"] for r in runs})
results = []
def median_run(rs):
    rs = sorted(rs, key=lambda r: r["wall_s"])
    return rs[(len(rs) - 1) // 2]  # the median run (the lower one of an even count)
for n in sizes:
    man = json.load(open(os.path.join(work, "corpus-%d-s%s" % (n, seed), ".gen_corpus.json")))
    text_mb = (man["totals"]["plain_bytes"] if input_kind == "plain" else man["totals"]["jsonl_bytes"]) / 1e6
    row = {"passages": n, "articles": man["totals"]["articles"], "input": input_kind,
           "input_mb": round(text_mb, 1), "systems": {}}
    for system in ("dossier", "dossier-base", "scriptindex"):
        rs = [r for r in runs if r["passages"] == n and r["system"] == system]
        if not rs:
            continue
        m = median_run(rs)
        wall = statistics.median(r["wall_s"] for r in rs)
        cpu_s = m["user_s"] + m["sys_s"]
        s = {"runs": len(rs), "wall_s_all": [r["wall_s"] for r in rs], "wall_s": wall,
             "passages_per_s": round(n / wall, 1), "mb_per_s": round(text_mb / wall, 2),
             "cpu_s": round(cpu_s, 1), "passages_per_cpu_s": round(n / cpu_s, 1),
             "max_rss_mb": m["max_rss_mb"], "db_mb": m["db_mb"],
             "load_avg_1m": [r["load_avg_1m"] for r in rs]}
        if "phases" in m:
            s["phases_s"] = m["phases"]
        if "report" in m:
            s["report"] = m["report"]
        row["systems"][system] = s
    d, b = row["systems"].get("dossier"), row["systems"].get("dossier-base")
    if d and b:
        row["ratio_dossier_over_base"] = {k: round(d[k] / b[k], 3) for k in ("wall_s", "cpu_s", "max_rss_mb", "db_mb")
                                          if d.get(k) and b.get(k)}
    d, x = row["systems"].get("dossier"), row["systems"].get("scriptindex")
    if d and x:
        row["ratio_dossier_over_scriptindex"] = {
            "passages_per_s": round(d["passages_per_s"] / x["passages_per_s"], 3),
            "passages_per_cpu_s": round(d["passages_per_cpu_s"] / x["passages_per_cpu_s"], 3)}
    results.append(row)
doc = {"benchmark": "indexing throughput", "machine": {"cores": int(cores), "cpu": cpu, "memory_gb": int(mem_gb)},
       "generator": "bench/gen_corpus.py --seed %s --format both" % seed, "dossier_input": input_kind,
       "dossier_report": bool(int(has_report)), "versions": {"dossier": dver, "scriptindex": sver},
       "results": results,
       "note": "Dossier also splits attributions, folds Cyrillic/diacritics and tags country/actor/weapon "
               "entities from the gazetteers; scriptindex only tokenises, stems and stores the fields."}
with open(out_path, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")

def fmt(v, p=0):
    return "-" if v is None else ("{:,.%df}" % p).format(v)
hdr = "| passages | system | runs | wall s (median) | passages/s | MB/s | CPU s | passages/CPU-s | peak RSS MB | DB MB | phases (s, from --report) |"
print()
print("Indexing throughput on %s cores (%s), Dossier input: %s" % (cores, cpu, input_kind))
print(hdr)
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for row in results:
    for system, s in row["systems"].items():
        phases = ", ".join("%s %.1f" % kv for kv in s.get("phases_s", {}).items()) or "-"
        print("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            fmt(row["passages"]), system, s["runs"], fmt(s["wall_s"], 1), fmt(s["passages_per_s"]),
            fmt(s["mb_per_s"], 2), fmt(s["cpu_s"], 1), fmt(s["passages_per_cpu_s"]), fmt(s["max_rss_mb"]),
            fmt(s["db_mb"]), phases))
print()
for row in results:
    r = row.get("ratio_dossier_over_scriptindex")
    if r:
        print("%s passages: Dossier/scriptindex = %.2fx in passages/s (wall), %.2fx in passages per CPU-second"
              % (fmt(row["passages"]), r["passages_per_s"], r["passages_per_cpu_s"]))
    r = row.get("ratio_dossier_over_base")
    if r:
        print("%s passages: this build / base = %s" % (fmt(row["passages"]), ", ".join("%s %.3f" % kv for kv in r.items())))
print("Note: Dossier also does entity tagging (countries, actors, weapons from the gazetteers), attribution\n"
      "      parsing and Cyrillic/diacritic folding per passage; scriptindex does not (it only tokenises,\n"
      "      stems and stores the fields). MB/s counts the %s article bytes for both systems." % input_kind)
print("Wrote %s" % out_path)
PY
