#!/usr/bin/env bash
# Runs the benchmark suite: luatensor (bench/bench.lua), raw OpenBLAS (the C probe
# bench/cblas_probe.c: cblas_sgemm/dgemm called directly, the ceiling for the matmul workloads),
# then PyTorch and NumPy when /usr/bin/python3 can import them, all with the same thread count and
# the same OpenBLAS kernels; writes bench/out/{luatensor,cblas,torch,numpy}.json and prints the
# comparison table (bench/compare.py).
#
#   bash bench/run.sh [--quick] [--threads N] [--only PATTERN]      (or: make bench BENCH_ARGS=...)
#
# It builds nothing: `make bench` builds the module and the probe first and points
# LUA_PATH_5_4/LUA_CPATH_5_4 at the working copy. Environment: LUA (default lua5.4), PYTHON
# (default /usr/bin/python3), CBLAS_PROBE (default build/cblas_probe), BENCH_OUT (default
# bench/out). OPENBLAS_NUM_THREADS and OMP_NUM_THREADS are set to the thread count.
# OPENBLAS_CORETYPE: a value the user set is kept for every tool. Otherwise luatensor runs with it
# unset (it chooses OpenBLAS's kernels itself) and the other tools get the core type luatensor
# reports (lt.blas_info().coretype); with a luatensor that has no lt.blas_info, every tool gets
# SkylakeX on AVX-512 CPUs and OpenBLAS's own choice elsewhere.
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
      sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
  esac
done
case $threads in
  '' | *[!0-9]* | 0) echo "run.sh: --threads wants an integer >= 1, got '$threads'" >&2; exit 2 ;;
esac

export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads

# The old rule (before luatensor chose OpenBLAS's kernels itself): SkylakeX on AVX-512 CPUs,
# else OpenBLAS's own choice (empty: unset).
old_rule() {
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then echo SkylakeX; fi
}

# Same BLAS kernels for every tool (OpenBLAS reads OPENBLAS_CORETYPE when it loads).
# lt_env: OPENBLAS_CORETYPE for bench.lua ("" = unset); peer_env: for the probe, torch, numpy.
user_coretype=${OPENBLAS_CORETYPE:-}
if [ -n "$user_coretype" ]; then
  lt_env=$user_coretype peer_env=$user_coretype
  lt_desc="OPENBLAS_CORETYPE=$user_coretype (set by the user)"
  peer_desc="OPENBLAS_CORETYPE=$user_coretype (set by the user)"
else
  unset OPENBLAS_CORETYPE
  # "coretype coretype_from" from lt.blas_info(); "-" when it has no core type (another CBLAS);
  # nothing when lt.blas_info is missing or fails.
  lt_query=$("$LUA" -e '
    local ok, lt = pcall(require, "luatensor")
    if not ok or type(lt.blas_info) ~= "function" then return end
    local ok2, i = pcall(lt.blas_info)
    if not ok2 or type(i) ~= "table" then return end
    io.write(i.coretype and tostring(i.coretype) or "-", " ", tostring(i.coretype_from or "?"))
  ' 2>/dev/null)
  lt_core=${lt_query%% *} lt_from=${lt_query#* }
  if [ -n "$lt_query" ] && [ "$lt_core" != - ]; then
    lt_env='' peer_env=$lt_core
    lt_desc="$lt_core (chosen by $lt_from; OPENBLAS_CORETYPE unset)"
    peer_desc="OPENBLAS_CORETYPE=$lt_core (luatensor's)"
  elif [ -n "$lt_query" ]; then
    # luatensor loaded a BLAS without openblas_get_corename: the old rule for the others.
    peer_env=$(old_rule) lt_env=''
    lt_desc="unknown (a BLAS without a core type; OPENBLAS_CORETYPE unset)"
    peer_desc="OPENBLAS_CORETYPE=${peer_env:-unset} (AVX-512 rule)"
  else
    # A luatensor without lt.blas_info links OpenBLAS itself: the old rule for every tool.
    peer_env=$(old_rule) lt_env=$peer_env
    lt_desc="OPENBLAS_CORETYPE=${lt_env:-unset} (AVX-512 rule: no lt.blas_info)"
    peer_desc="OPENBLAS_CORETYPE=${peer_env:-unset} (AVX-512 rule)"
  fi
fi

# OPENBLAS_CORETYPE=$1 in the environment of the tools run next (unset when empty).
use_coretype() {
  if [ -n "$1" ]; then export OPENBLAS_CORETYPE=$1; else unset OPENBLAS_CORETYPE; fi
}

mkdir -p "$out"
rm -f "$out/luatensor.json" "$out/cblas.json" "$out/torch.json" "$out/numpy.json"
echo "# bench: threads=$threads args: $*"
echo "# BLAS kernels: luatensor $lt_desc; cblas, torch, numpy $peer_desc"

status=0
use_coretype "$lt_env"
"$LUA" "$here/bench.lua" "$@" --out "$out/luatensor.json"
rc=$?
[ $rc -ne 0 ] && { echo "run.sh: bench.lua exited with status $rc" >&2; status=$rc; }

# The probe and the peers run with the kernels luatensor used.
use_coretype "$peer_env"

echo
probe=${CBLAS_PROBE:-$here/../build/cblas_probe}
if [ -x "$probe" ]; then
  "$probe" "$@" --out "$out/cblas.json"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "run.sh: $probe exited with status $rc" >&2
    [ $status -eq 0 ] && status=$rc
  fi
else
  echo "# cblas: $probe not built: skipped (\`make bench\` builds it)"
fi

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
  "$PYTHON" "$here/compare.py" "$out/luatensor.json" "$out/cblas.json" "$out/torch.json" \
    "$out/numpy.json"
else
  echo "run.sh: no $PYTHON: no table; the results are in $out/luatensor.json"
fi
echo "JSON: $out/"
exit $status
