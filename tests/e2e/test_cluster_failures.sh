#!/usr/bin/env bash
# A shard server that dies or hangs: without --allow-partial, one error line naming the shard
# (host:port and the cluster file's line) and exit 2; with it, the other shards' results and the
# missing shard named in the text header, --json and --format jsonl. Also when the server dies
# in the middle of an interactive session, between two searches on open connections. And a
# remote meta part of an older format is refused with the format message.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/cluster_lib.sh"
DB="$WORK/corpus.db"
"$INDEX" --quiet -j 2 --shards 3 --db "$DB" --gazetteers "$GAZ" "$DOSSIER_SOURCE/corpus/articles"

start_server "$DB/shard-001"; port1=$SERVER_PORT; pid1=$SERVER_PID
start_server "$DB/shard-002"; port2=$SERVER_PORT; pid2=$SERVER_PID
CLUSTER="$WORK/cluster.txt"
cat >"$CLUSTER" <<EOF
meta corpus.db/meta
shard corpus.db/shard-000
shard tcp://127.0.0.1:$port1
shard tcp://127.0.0.1:$port2
timeout 1500
connect-timeout 1500
EOF

# The article ids of the hits must all hash to shards that were searched (schema::shard_for).
shards_of() {  # shards_of JSON_FILE: the shard numbers of its hits, sorted, unique
  python3 - "$1" <<'PY'
import json, sys
def fnv1a64(data):
    h = 14695981039346656037
    for b in data.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h
doc = json.load(open(sys.argv[1]))
print(" ".join(str(s) for s in sorted({fnv1a64(h["article"]["id"]) % 3 for h in doc["hits"]})))
PY
}

run_capture full "$SEARCH" --cluster "$CLUSTER" --json --limit 100 --by passage nato
expect_status 0 "all shards up"
full_total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["value"])' "$WORK/full.out")
[ "$(shards_of "$WORK/full.out")" = "0 1 2" ] && pass "hits from all three shards" || fail "hits from shards $(shards_of "$WORK/full.out")"

# --- shard 2's server is killed ----------------------------------------------------------------
kill_server "$pid2"
run_capture down "$SEARCH" --cluster "$CLUSTER" nato
expect_status 2 "a shard down, no --allow-partial"
expect_one_line "$WORK/down.err" "shard down"
expect_grep "^dossier-search: error: shard tcp://127\.0\.0\.1:$port2 \(.*cluster\.txt:4\) is unreachable: .*refused.*--allow-partial" \
  "$WORK/down.err" "the error names the shard (host:port, file:line)"

run_capture partial_text "$SEARCH" --cluster "$CLUSTER" --allow-partial --color never nato
expect_status 0 "a shard down, --allow-partial"
expect_grep '^[0-9]+ articles match \(partial\)' "$WORK/partial_text.out" "text header says partial"
expect_grep "^partial result: 1 of 3 shards missing: tcp://127\.0\.0\.1:$port2 \(" "$WORK/partial_text.out" "text names the missing shard"

run_capture partial_json "$SEARCH" --cluster "$CLUSTER" --allow-partial --json --limit 100 --by passage nato
expect_status 0 "--json partial result"
python3 - "$WORK/partial_json.out" "$port2" "$full_total" <<'PY' || fail "--json partial result"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["partial"] is True, doc["partial"]
assert doc["missing_shards"] == [f"tcp://127.0.0.1:{sys.argv[2]}"], doc["missing_shards"]
assert doc["total"]["exact"] is False
assert 0 < doc["total"]["value"] < int(sys.argv[3]), (doc["total"], sys.argv[3])
print("ok: --json: partial, missing_shards names the shard, total", doc["total"]["value"], "of", sys.argv[3])
PY
[ "$(shards_of "$WORK/partial_json.out")" = "0 1" ] && pass "partial hits come from shards 0 and 1 only" ||
  fail "partial hits from shards $(shards_of "$WORK/partial_json.out")"

run_capture partial_jsonl "$SEARCH" --cluster "$CLUSTER" --allow-partial --format jsonl nato
python3 - "$WORK/partial_jsonl.out" "$port2" <<'PY' || fail "--format jsonl partial result"
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
summary = lines[-1]
assert summary["type"] == "summary" and summary["partial"] is True
assert summary["missing_shards"] == [f"tcp://127.0.0.1:{sys.argv[2]}"]
print("ok: --format jsonl: the summary line names the missing shard")
PY

# --- shard 1's server hangs (stopped: connections are accepted, nothing is answered) -------------
kill -STOP "$pid1"
started=$(date +%s%N)
run_capture hung "$SEARCH" --cluster "$CLUSTER" nato
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_status 2 "a hung shard and a dead one"
expect_one_line "$WORK/hung.err" "hung shard"
expect_grep "shard tcp://127\.0\.0\.1:$port1 \(.*cluster\.txt:3\) is unreachable: NetworkTimeoutError" "$WORK/hung.err" "the timeout names the hung shard"
[ "$elapsed_ms" -lt 10000 ] && pass "gave up after ${elapsed_ms} ms (timeout 1500 ms)" || fail "took ${elapsed_ms} ms"
run_capture hung_partial "$SEARCH" --cluster "$CLUSTER" --allow-partial --json --limit 100 --by passage nato
expect_status 0 "--allow-partial with one shard left"
python3 - "$WORK/hung_partial.out" "$port1" "$port2" <<'PY' || fail "two shards missing"
import json, sys
doc = json.load(open(sys.argv[1]))
assert sorted(doc["missing_shards"]) == sorted(f"tcp://127.0.0.1:{p}" for p in sys.argv[2:]), doc["missing_shards"]
print("ok: both missing shards listed")
PY
[ "$(shards_of "$WORK/hung_partial.out")" = "0" ] && pass "hits from shard 0 only" || fail "hits from shards $(shards_of "$WORK/hung_partial.out")"
kill -CONT "$pid1"

# --- a remote meta part of another format version is refused like a local one ---------------------
cp -r "$DB/meta" "$WORK/old-meta"
"$DB_TOOL" set-meta "$WORK/old-meta" dossier.format_version 2
start_server "$WORK/old-meta"; port_meta=$SERVER_PORT
printf 'meta tcp://127.0.0.1:%s\nshard corpus.db/shard-000\nshard corpus.db/shard-001\nshard corpus.db/shard-002\n' \
  "$port_meta" >"$WORK/old.cluster"
run_capture old_format "$SEARCH" --cluster "$WORK/old.cluster" nato
expect_status 2 "remote meta of format 2"
expect_one_line "$WORK/old_format.err" "remote meta of format 2"
expect_grep "meta tcp://127\.0\.0\.1:$port_meta \(.*old\.cluster:1\): index format version 2, this dossier-search reads version [0-9]+" \
  "$WORK/old_format.err" "the format check reads a remote meta part"

# --- a server dies between two searches of one interactive session (open connections) -----------
start_server "$DB/shard-002"; port2=$SERVER_PORT; pid2=$SERVER_PID
sed -i "4s/.*/shard tcp:\/\/127.0.0.1:$port2/" "$CLUSTER"
session() {  # session NAME OPTIONS...: an interactive session reading from a FIFO
  local name=$1; shift
  mkfifo "$WORK/$name.in"
  "$SEARCH" -i --cluster "$CLUSTER" --color never --limit 3 "$@" <"$WORK/$name.in" >"$WORK/$name.out" 2>&1 &
  session_pid=$!
  exec {session_in}>"$WORK/$name.in"
}
for mode in strict partial; do
  [ "$mode" = partial ] && extra=--allow-partial || extra=
  session "$mode" $extra
  echo "javelin kosovo" >&"$session_in"
  wait_for_grep '^Showing 1-3' "$WORK/$mode.out" || fail "$mode session: no first result"
  kill_server "$pid2"
  echo "javelin kosovo" >&"$session_in"
  echo ":open 1" >&"$session_in"
  exec {session_in}>&-
  wait "$session_pid" || fail "$mode session exit status"
  if [ "$mode" = strict ]; then
    expect_grep "^error: shard tcp://127\.0\.0\.1:$port2 \(.*cluster\.txt:4\) is unreachable" "$WORK/$mode.out" \
      "interactive: the shard that died mid-session is named"
  else
    expect_grep "^partial result: 1 of 3 shards missing: tcp://127\.0\.0\.1:$port2" "$WORK/$mode.out" \
      "interactive --allow-partial: goes on without the shard that died"
  fi
  # Next round: the server back on a new port.
  start_server "$DB/shard-002"; port2=$SERVER_PORT; pid2=$SERVER_PID
  sed -i "4s/.*/shard tcp:\/\/127.0.0.1:$port2/" "$CLUSTER"
done

# --- a shard that answers its probe and then stalls (a proxy that stops relaying) ----------------
# It used to cost 12 timeouts (121 s by default) and exit 2 even with --allow-partial.
start_server "$DB/shard-001"; port1=$SERVER_PORT
stall_port=$(free_port)
setsid python3 "$(dirname "$0")/stall_proxy.py" "$stall_port" "$port1" 15 &
SERVER_PIDS+=($!)
for i in $(seq 1 100); do accepts "$stall_port" && break; sleep 0.05; done
sed -i "3s/.*/shard tcp:\/\/127.0.0.1:$stall_port/" "$CLUSTER"
started=$(date +%s%N)
run_capture stall "$SEARCH" --cluster "$CLUSTER" nato
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
expect_status 2 "a stalling shard"
expect_one_line "$WORK/stall.err" "stalling shard"
expect_grep "shard tcp://127\.0\.0\.1:$stall_port \(.*cluster\.txt:3\) is unreachable: NetworkTimeoutError" "$WORK/stall.err" \
  "the stalling shard is named with its cluster-file line"
[ "$elapsed_ms" -lt 8000 ] && pass "gave up after ${elapsed_ms} ms (timeout 1500 ms)" || fail "took ${elapsed_ms} ms"
run_capture stall_partial "$SEARCH" --cluster "$CLUSTER" --allow-partial --json nato
expect_status 0 "--allow-partial leaves the stalling shard out"
python3 - "$WORK/stall_partial.out" "$stall_port" <<'PY' || fail "stalling shard not listed as missing"
import json, sys
doc = json.load(open(sys.argv[1]))
assert f"tcp://127.0.0.1:{sys.argv[2]}" in doc["missing_shards"], doc["missing_shards"]
print("ok: the stalling shard is listed missing")
PY

# --- cluster files are read with a line cap (a 5 MB line was echoed whole; /dev/zero grew) -------
python3 -c 'print("shard " + "x" * 5000000)' >"$WORK/huge.cluster"
run_capture huge_line "$SEARCH" --cluster "$WORK/huge.cluster" nato
expect_status 2 "a cluster file with a 5 MB line"
expect_one_line "$WORK/huge_line.err" "5 MB cluster line"
[ "$(wc -c <"$WORK/huge_line.err")" -lt 1000 ] && pass "the long line is not echoed" || fail "error of $(wc -c <"$WORK/huge_line.err") bytes"
run_capture zero timeout 20 "$SEARCH" --cluster /dev/zero nato
expect_status 2 "--cluster /dev/zero"
expect_grep "line longer than" "$WORK/zero.err" "/dev/zero: a line too long"
finish
