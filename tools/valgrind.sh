#!/usr/bin/env bash
# valgrind.sh [BUILD_DIR]: run the examples under valgrind's memcheck against BUILD_DIR's module
# (default build/): examples/train_digits.lua (2 epochs), examples/tour.lua, and the embedding
# hosts BUILD_DIR/embed_static and embed_dynamic on examples/embed/train.lua when `make embed`
# has built them.
#
# Fails (exit 1) unless every run has zero invalid reads/writes (or other memcheck errors) and
# zero bytes "definitely lost". "Possibly lost" and "still reachable" blocks are allowed: lua5.4
# and OpenBLAS keep some memory (thread stacks, OpenBLAS's buffers) until the process exits.
# No suppressions are needed today (lua5.4 closes its state at exit, and OpenBLAS 0.3.21 leaves
# nothing definitely lost).
#
# Speed: OPENBLAS_NUM_THREADS=1 and the example's --threads 1. Valgrind runs all threads of a
# process on one CPU, one at a time; OpenBLAS's worker threads spin-wait between calls and
# luatensor's pool hands work to threads that then queue behind each other, so extra threads only
# add time (the 2-epoch training takes about 28 s with 2 threads, 15 s with 1, here). Memcheck
# still sees the threaded code paths the specs test natively; what it checks here is memory use.
#
# Variables: VALGRIND (default valgrind), LUA (default lua5.4), VALGRIND_EPOCHS (default 2),
# VALGRIND_ARGS (extra valgrind options). Logs: BUILD_DIR/valgrind/*.log.
set -u

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$(pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
valgrind=${VALGRIND:-valgrind}
lua=${LUA:-lua5.4}
epochs=${VALGRIND_EPOCHS:-2}

if ! command -v "$valgrind" >/dev/null 2>&1; then
  echo "valgrind.sh: $valgrind not found; install it: sudo apt-get install -y valgrind" >&2
  exit 1
fi
if [ ! -f "$build/luatensor/core.so" ]; then
  echo "valgrind.sh: $build/luatensor/core.so is missing (run make first)" >&2
  exit 1
fi

logdir=$build/valgrind
rm -rf "$logdir"
mkdir -p "$logdir" || exit 1

export LUA_PATH_5_4="$root/lua/?.lua;$root/lua/?/init.lua;;"
export LUA_CPATH_5_4="$build/?.so;;"
export OPENBLAS_NUM_THREADS=1

# --errors-for-leak-kinds=definite: only definitely lost blocks count as errors (the exit code);
# every invalid access counts in any case.
VG=("$valgrind" --tool=memcheck --leak-check=full --show-leak-kinds=definite
  --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40 ${VALGRIND_ARGS:-})

failed=0
total_start=$SECONDS

# run NAME COMMAND...: one program under memcheck; its output to NAME.out, memcheck's to NAME.log
run() {
  local name=$1
  shift
  local log=$logdir/$name.log out=$logdir/$name.out start=$SECONDS rc=0
  "${VG[@]}" --log-file="$log" "$@" >"$out" 2>&1 </dev/null || rc=$?
  local secs=$((SECONDS - start))
  local lost errors
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d , | tail -n1)
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) errors.*/\1/p' "$log" | tr -d , | tail -n1)
  # no leak summary at all means nothing was left allocated: 0 bytes lost
  if [ -z "$lost" ] && grep -q 'All heap blocks were freed' "$log"; then lost=0; fi
  printf '[valgrind] %-14s %3d s  definitely lost: %s bytes, errors: %s, exit %d\n' \
    "$name" "$secs" "${lost:-?}" "${errors:-?}" "$rc"
  if [ "$rc" -ne 0 ] || [ "${lost:-x}" != 0 ] || [ "${errors:-x}" != 0 ]; then
    failed=1
    echo "[valgrind] $name FAILED; program output ($out):" >&2
    tail -n 20 "$out" >&2
    echo "[valgrind] memcheck report ($log), its first 60 lines and summary:" >&2
    grep -v '^==[0-9]*== *$' "$log" | grep -v -E '== (Memcheck|Copyright|Using Valgrind|Command|Parent PID)' \
      | head -n 60 >&2
    grep -E 'definitely lost:|ERROR SUMMARY' "$log" >&2
  fi
}

run train_digits "$lua" examples/train_digits.lua --epochs "$epochs" --no-plot --threads 1
run tour "$lua" examples/tour.lua
if [ -x "$build/embed_static" ] && [ -x "$build/embed_dynamic" ]; then
  run embed_static "$build/embed_static" "$root/lua" examples/embed/train.lua
  run embed_dynamic "$build/embed_dynamic" "$root/lua" "$build" examples/embed/train.lua
else
  echo "[valgrind] embed hosts: skipped (not built in $build; \`make embed\` builds them)"
fi

if [ "$failed" -ne 0 ]; then
  echo "[valgrind] FAILED ($((SECONDS - total_start)) s); logs in $logdir" >&2
  exit 1
fi
echo "[valgrind] no invalid access, nothing definitely lost ($((SECONDS - total_start)) s; logs in $logdir)"
