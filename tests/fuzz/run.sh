#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time.
#
#   tests/fuzz/run.sh [TARGET...]        (`make fuzz` runs it for every target)
#
# Environment:
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_JOBS      targets run side by side (default 1); each uses one core
#   FUZZ_BUILD_DIR build directory (default build-fuzz)
#   FUZZ_NO_BUILD  set to 1 to use the binaries already in FUZZ_BUILD_DIR
#
# Each target first replays its seeds (corpus/TARGET) and the saved crash reproducers
# (regressions/TARGET, which must all pass now), then fuzzes with its dictionary (dict/TARGET.dict).
# New inputs go to FUZZ_BUILD_DIR/fuzz-corpus/TARGET (kept between runs, so later runs start where
# earlier ones stopped); a crash is saved as FUZZ_BUILD_DIR/fuzz-artifacts/TARGET/crash-* and the
# script exits 1 after printing how to reproduce it.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=tests/fuzz
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-1}
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
ALL=(plain_article jsonl gazetteer query snippet normaliser query_structure index_sequence)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found; on Debian 12: apt-get install clang (libFuzzer ships with it)" >&2
    exit 2
  fi
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DDOSSIER_FUZZ=ON -DDOSSIER_SANITIZE=address,undefined -DDOSSIER_BUILD_TESTS=OFF >/dev/null
  cmake --build "$BUILD" --target fuzz-targets -j "$(nproc)"
fi

# UBSan reports must stop the run (libFuzzer then saves the input); leaks count as crashes.
# new_delete_type_mismatch=0: libxapian 1.4.22 (not instrumented) has one inside
# Xapian::Database::check, which the indexer runs on the meta database; not ours (see .ci/run).
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:new_delete_type_mismatch=0}
# Leaks inside libxapian itself (tests/fuzz/lsan.supp says which).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/$HERE/lsan.supp}

run_target() {  # run_target NAME -> writes $BUILD/fuzz-logs/NAME.log, returns libFuzzer's status
  local name=$1 bin="$BUILD/bin/fuzz_$1"
  local work="$BUILD/fuzz-corpus/$name" artifacts="$BUILD/fuzz-artifacts/$name" log="$BUILD/fuzz-logs/$name.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  local dict=() regressions=()
  [ -f "$HERE/dict/$name.dict" ] && dict=(-dict="$HERE/dict/$name.dict")
  if [ -d "$HERE/regressions/$name" ] && [ -n "$(ls -A "$HERE/regressions/$name")" ]; then
    # Saved crash inputs first: each must run cleanly now.
    rm -f "$log.replay"
    if ! "$bin" "$HERE/regressions/$name"/* >"$log.tmp" 2>&1; then
      mv "$log.tmp" "$log.replay"
      cp "$log.replay" "$log"
      return 1
    fi
    rm -f "$log.tmp"
  fi
  "$bin" "${dict[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=3072 \
    -max_len=8192 -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$HERE/corpus/$name" >"$log" 2>&1
}

pids=()
names=()
status=0
for name in "${TARGETS[@]}"; do
  [ -x "$BUILD/bin/fuzz_$name" ] || { echo "fuzz: no target $name in $BUILD/bin" >&2; exit 2; }
  echo "fuzz: $name for ${SECONDS_PER_TARGET}s"
  run_target "$name" &
  pids+=($!)
  names+=("$name")
  if [ ${#pids[@]} -ge "$JOBS" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
done
wait || true

printf '\n%-14s %12s %10s %8s %8s  %s\n' target executions exec/s cov corpus result
for name in "${TARGETS[@]}"; do
  log="$BUILD/fuzz-logs/$name.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
  cov=$( (grep -oE 'cov: [0-9]+' "$log" || true) | tail -1 | cut -d' ' -f2)
  corp=$( (grep -oE 'corp: [0-9]+' "$log" || true) | tail -1 | cut -d' ' -f2)
  crash=$( (grep -oE "Test unit written to [^ ]+" "$log" || true) | tail -1 | sed 's/Test unit written to //')
  if [ -f "$log.replay" ]; then  # kept only when a saved reproducer failed
    crash="a saved reproducer in $HERE/regressions/$name fails: see $log"
  fi
  if [ -n "$crash" ] || grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|FUZZ CHECK FAILED' "$log"; then
    result="CRASH ${crash:-see $log}"
    status=1
  else
    result=ok
  fi
  printf '%-14s %12s %10s %8s %8s  %s\n' "$name" "${runs:-?}" "${speed:-?}" "${cov:-?}" "${corp:-?}" "$result"
done
if [ $status -ne 0 ]; then
  echo
  echo "fuzz: crash found. Reproduce with: $BUILD/bin/fuzz_TARGET CRASH-FILE (logs in $BUILD/fuzz-logs/);"
  echo "      once fixed, keep the input as tests/fuzz/regressions/TARGET/NAME so every run replays it."
fi
exit $status
