#!/usr/bin/env bash
# Runs the benchmark suite: luatensor (bench/bench.lua), then PyTorch and NumPy when
# /usr/bin/python3 can import them, with the same thread count and OPENBLAS_CORETYPE, writes
# bench/out/{luatensor,torch,numpy}.json and prints the comparison table (bench/compare.py).
#
#   bash bench/run.sh [--quick] [--threads N] [--only PATTERN]      (or: make bench BENCH_ARGS=...)
#
# It builds nothing: `make bench` builds the module first and points LUA_PATH_5_4/LUA_CPATH_5_4
# at the working copy. Environment: LUA (default lua5.4), PYTHON (default /usr/bin/python3),
# BENCH_OUT (default bench/out), OPENBLAS_CORETYPE (default SkylakeX on AVX-512 CPUs; a value
# already set is kept). OPENBLAS_NUM_THREADS and OMP_NUM_THREADS are set to the thread count.
# Exit status: that of the first tool that failed (a workload error), else 0.

set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LUA=${LUA:-lua5.4}
PYTHON=${PYTHON:-/usr/bin/python3}
out=${BENCH_OUT:-$here/out}

threads=2
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --threads) threads=${args[i + 1]:-} ;;
    --threads=*) threads=${args[i]#--threads=} ;;
    --quick | --only | --only=*) ;;
    -h | --help)
      sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
  esac
done
case $threads in
  '' | *[!0-9]* | 0) echo "run.sh: --threads wants an integer >= 1, got '$threads'" >&2; exit 2 ;;
esac

# Same BLAS kernels and thread counts for all three tools (OpenBLAS reads these at load time).
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    export OPENBLAS_CORETYPE=SkylakeX
  else
    echo "run.sh: no AVX-512: leaving OPENBLAS_CORETYPE unset (OpenBLAS picks its kernels)" >&2
  fi
fi
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads

mkdir -p "$out"
rm -f "$out/luatensor.json" "$out/torch.json" "$out/numpy.json"
echo "# bench: threads=$threads OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} args: $*"

status=0
"$LUA" "$here/bench.lua" "$@" --out "$out/luatensor.json"
rc=$?
[ $rc -ne 0 ] && { echo "run.sh: bench.lua exited with status $rc" >&2; status=$rc; }

have_python=0
if [ -x "$PYTHON" ] || command -v "$PYTHON" >/dev/null 2>&1; then
  have_python=1
fi
for peer in torch numpy; do
  echo
  if [ $have_python = 1 ] && "$PYTHON" -c "import $peer" >/dev/null 2>&1; then
    "$PYTHON" "$here/bench_$peer.py" "$@" --out "$out/$peer.json"
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "run.sh: bench_$peer.py exited with status $rc" >&2
      [ $status -eq 0 ] && status=$rc
    fi
  else
    echo "# $peer: not available ($PYTHON -c 'import $peer' fails): skipped" \
         "(Debian: apt-get install python3-$peer)"
  fi
done

echo
if [ $have_python = 1 ]; then
  "$PYTHON" "$here/compare.py" "$out/luatensor.json" "$out/torch.json" "$out/numpy.json"
else
  echo "run.sh: no $PYTHON: no table; the results are in $out/luatensor.json"
fi
echo "JSON: $out/"
exit $status
