# Helpers for the cluster tests (sourced after lib.sh): xapian-tcpsrv servers on 127.0.0.1 that
# the test starts on free ports and that are always stopped, with their connection children,
# when it exits.
command -v xapian-tcpsrv >/dev/null || { echo "skipped: xapian-tcpsrv not installed (Debian package xapian-tools)"; exit 77; }

SERVER_PIDS=()
stop_servers() {
  local pid
  # SIGKILL: it also ends a server the test stopped (SIGSTOP) to make it hang.
  for pid in "${SERVER_PIDS[@]}"; do kill -KILL -- -"$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVER_PIDS=()
}
trap 'stop_servers; rm -rf "$WORK"' EXIT

# A port nobody listens on now. Another process may still take it before the server binds:
# start_server then tries another one.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

accepts() {  # accepts PORT: true when something accepts connections on 127.0.0.1:PORT
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' "$1" 2>/dev/null
}

# start_server DIR: serves the Xapian database DIR read-only; sets SERVER_PORT and SERVER_PID.
# Each server leads its own process group (setsid), so killing the group also ends the children
# xapian-tcpsrv forks for each connection.
start_server() {
  local dir=$1 attempt port pid i
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$dir" >"$WORK/server-$port.log" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do
      if accepts "$port"; then
        SERVER_PIDS+=("$pid")
        SERVER_PORT=$port
        SERVER_PID=$pid
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break  # it could not bind (port taken meanwhile): next port
      sleep 0.05
    done
    kill -- -"$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "FAIL: could not start xapian-tcpsrv for $dir" >&2
  cat "$WORK"/server-*.log >&2 || true
  exit 1
}

# kill_server PID: stops one server and the connections it serves, now.
kill_server() {
  kill -KILL -- -"$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# wait_for_grep PATTERN FILE [SECONDS]: waits until PATTERN appears in FILE.
wait_for_grep() {
  local i
  for i in $(seq 1 $((${3:-20} * 20))); do
    grep -qE -- "$1" "$2" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
