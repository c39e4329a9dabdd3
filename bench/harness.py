"""Shared harness of the Python peers (bench_torch.py, bench_numpy.py).

The protocol, the units and the JSON are those of BENCHMARKS.md and match bench/bench.lua:
warm up (at least 2 calls and 0.1 s), calibrate the repetitions so that one batch takes at
least 0.3 s, time 5 batches, report the median batch's time per op and the spread
((slowest - fastest) / median). --quick: 2 warm-up calls, 1 batch of at least 0.05 s.
"""

import argparse
import datetime
import gc
import json
import math
import os
import platform
import re
import sys
import time

# ------------------------------------------------------------------------------------------
# Workloads and units


class Workload:
    """One benchmark: `setup()` builds the inputs and returns a function doing one call.

    amount: bytes (GB/s) or flops (GFLOPS) per op; ops_per_call: how many ops one call does
    (small_op_2x2 loops 1000 times per call; tape_scalar_chain chains 1000 ops).
    """

    def __init__(self, name, unit, setup, amount=None, ops_per_call=1):
        self.name = name
        self.unit = unit
        self.setup = setup
        self.amount = amount
        self.ops_per_call = ops_per_call


def value_of(unit, amount, ns_per_op):
    """The figure shown in `unit` for a time per op in ns (1 byte/ns = 1 GB/s at 1e9 B)."""
    if unit in ("GB/s", "GFLOPS"):
        return amount / ns_per_op
    if unit in ("\u00b5s/op", "\u00b5s/iter"):
        return ns_per_op / 1e3
    if unit == "ms/step":
        return ns_per_op / 1e6
    raise ValueError("unknown unit " + unit)


# Units of BENCHMARKS.md, spelled once.
GBS, GFLOPS, US_OP, US_ITER, MS_STEP = "GB/s", "GFLOPS", "\u00b5s/op", "\u00b5s/iter", "ms/step"

# ------------------------------------------------------------------------------------------
# --only takes a Lua pattern (as bench.lua does); the common subset is translated to a regex.

_LUA_CLASSES = {
    "a": "A-Za-z", "d": "0-9", "l": "a-z", "u": "A-Z", "s": r" \t\n\r\f\v",
    "w": "A-Za-z0-9", "x": "0-9A-Fa-f", "p": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
}


def lua_pattern_to_regex(pats):
    """A regex for a Lua pattern, or several separated by commas (any may match)."""
    return re.compile("|".join("(?:%s)" % _one_lua_pattern(p) for p in pats.split(",") if p)
                      or "$^")


def _one_lua_pattern(pat):
    out = []
    i, n, in_set = 0, len(pat), False
    while i < n:
        ch = pat[i]
        if ch == "%" and i + 1 < n:
            nx = pat[i + 1]
            i += 2
            low = nx.lower()
            if low in _LUA_CLASSES:
                body = _LUA_CLASSES[low]
                if in_set:
                    out.append(body if nx == low else "")  # negated classes in sets: rare
                else:
                    out.append(("[" if nx == low else "[^") + body + "]")
            else:
                out.append(re.escape(nx))
            continue
        if in_set:
            if ch == "]":
                in_set = False
                out.append("]")
            elif ch == "\\":
                out.append("\\\\")
            else:
                out.append(ch)
        elif ch == "[":
            in_set = True
            out.append("[")
            if i + 1 < n and pat[i + 1] == "^":
                out.append("^")
                i += 1
        elif ch == "-":
            out.append("*?" if out else re.escape(ch))
        elif ch in "^$.*+?()":
            out.append(ch)
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


# ------------------------------------------------------------------------------------------
# Options


def parse_args(tool):
    p = argparse.ArgumentParser(description="%s benchmarks (see BENCHMARKS.md)" % tool)
    p.add_argument("out_pos", nargs="?", metavar="OUT", help="JSON output file")
    p.add_argument("--out", help="JSON output file")
    p.add_argument("--quick", action="store_true", help="short CI smoke run")
    p.add_argument("--threads", type=int, default=2, help="thread count (default 2)")
    p.add_argument("--only", help="Lua pattern over workload names (several: comma-separated)")
    a = p.parse_args()
    a.out = a.out or a.out_pos
    if a.threads < 1:
        p.error("--threads must be >= 1")
    return a


# ------------------------------------------------------------------------------------------
# Timing protocol


def _batch(fn, reps):
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return time.perf_counter() - t0


def measure(fn, quick=False):
    """Returns (seconds per call of the median batch, spread, reps per batch, batches)."""
    warm_calls, warm_s = (2, 0.0) if quick else (2, 0.1)
    target, batches = (0.05, 1) if quick else (0.3, 5)
    # Warm-up: at least warm_calls calls and warm_s seconds.
    t0, calls = time.perf_counter(), 0
    while calls < warm_calls or time.perf_counter() - t0 < warm_s:
        fn()
        calls += 1
    # Calibrate: grow reps until one batch lasts at least `target`.
    reps = 1
    while True:
        t = _batch(fn, reps)
        if t >= target:
            break
        guess = math.ceil(reps * target * 1.2 / max(t, 1e-9))
        reps = max(reps + 1, min(guess, reps * 100))
    times = sorted(_batch(fn, reps) / reps for _ in range(batches))
    med = times[len(times) // 2]
    return med, (times[-1] - times[0]) / med, reps, batches


# ------------------------------------------------------------------------------------------
# Meta: which OpenBLAS (and its kernels) the process loaded


def openblas_info():
    """Core name and config of the OpenBLAS mapped into this process, or None."""
    import ctypes

    try:
        with open("/proc/self/maps") as f:
            libs = sorted({l.split()[-1] for l in f if "libopenblas" in l and "/" in l})
    except OSError:
        libs = []
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return {
                "core": lib.openblas_get_corename().decode(),
                "config": lib.openblas_get_config().decode().strip(),
                "num_threads": lib.openblas_get_num_threads(),
                "library": os.path.realpath(path),
            }
        except (OSError, AttributeError):
            continue
    return None


def loadavg():
    """The 1-minute load average (other processes skew the figures), or None."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def cpu_sample():
    """(machine busy CPU seconds from /proc/stat, this process's CPU seconds, wall time)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    t = os.times()
    return ((sum(fields) - fields[3] - fields[4]) / hz, t.user + t.system, time.perf_counter())


def other_cpus(s0, s1):
    """How many CPUs other processes kept busy on average between two samples."""
    if not s0 or not s1 or s1[2] <= s0[2]:
        return None
    return max(0.0, round(((s1[0] - s0[0]) - (s1[1] - s0[1])) / (s1[2] - s0[2]), 2))


def base_meta(threads):
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "threads": threads,
        "host": platform.node(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "loadavg_start": loadavg(),
        "env": {k: os.environ.get(k) for k in
                ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                 "OMP_WAIT_POLICY") if os.environ.get(k) is not None},
    }


# ------------------------------------------------------------------------------------------
# Running a table of workloads


def _fmt_time(ns):
    if ns >= 1e6:
        return "%.3f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.3f \u00b5s" % (ns / 1e3)
    return "%.1f ns" % ns


def run(tool, workloads, args, meta, skipped=None):
    """Runs the selected workloads, prints a line each, writes the JSON; returns exit status."""
    only = lua_pattern_to_regex(args.only) if args.only else None
    results, skipped, errors = {}, dict(skipped or {}), {}
    cpu0 = cpu_sample()
    print("# %s: threads=%d%s, blas_core=%s" % (tool, args.threads,
          " (quick)" if args.quick else "", meta.get("blas_core")), flush=True)
    for w in workloads:
        if only and not only.search(w.name):
            continue
        if w.name in skipped:
            continue
        try:
            fn = w.setup()
            t, spread, reps, batches = measure(fn, args.quick)
        except Exception as e:  # a broken workload must not hide the others
            errors[w.name] = "%s: %s" % (type(e).__name__, e)
            print("%-22s ERROR %s" % (w.name, errors[w.name]), flush=True)
            continue
        finally:
            fn = None
            gc.collect()
        ns = t * 1e9 / w.ops_per_call
        val = value_of(w.unit, w.amount, ns)
        results[w.name] = {"value": val, "unit": w.unit, "reps": reps, "batches": batches,
                           "ops_per_call": w.ops_per_call, "ns_per_op": ns, "spread": spread}
        print("%-22s %10.3f %-8s %14s/op  spread %5.1f%%  reps %d" % (
            w.name, val, w.unit, _fmt_time(ns), 100 * spread, reps), flush=True)
    for name, why in skipped.items():
        if not only or only.search(name):
            print("%-22s skipped: %s" % (name, why), flush=True)
    meta["loadavg_end"] = loadavg()
    meta["other_cpus"] = other_cpus(cpu0, cpu_sample())
    doc = {"tool": tool, "threads": args.threads, "quick": bool(args.quick),
           "results": results, "meta": meta}
    if skipped:
        doc["skipped"] = {k: v for k, v in skipped.items()
                          if not only or only.search(k)}
    if errors:
        doc["errors"] = errors
    if args.out:
        d = os.path.dirname(args.out)
        if d:
            os.makedirs(d, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit("this is a library: run bench_torch.py or bench_numpy.py")
