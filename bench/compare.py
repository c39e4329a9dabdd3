#!/usr/bin/python3
"""Joins the benchmark JSON files by workload name and prints one table.

    python3 bench/compare.py bench/out/luatensor.json bench/out/torch.json bench/out/numpy.json

Each file's "tool" field says whose figures it holds (missing files are shown as "-").
Columns: workload, unit, luatensor, torch, numpy (in the unit of BENCHMARKS.md), the ratio
luatensor/torch of the time per op (below 1.0: luatensor is faster), the target of issue 3
and whether it is met. Exits 0 (the table is information, not a pass mark); --strict makes
a missed target exit 1.
"""

import json
import os
import sys

# Issue 3's targets: the ratio luatensor/torch of ns_per_op must be at most this ...
RATIO_TARGETS = {
    "hadamard_f32_16m": 0.5,
    "hadamard_out_f32_16m": 1.0,
    "inplace_mul_f32_16m": 1.0,
    "hadamard_f32_100k": 1.0,
    "hadamard_f32_1m": 1.0,
    "bcast_row_f32": 0.667,
    "bcast_col_f32": 0.667,
    "mixed_f32_f64_1m": 0.333,
    "exp_f32_16m": 0.333,
    "tanh_f32_16m": 0.333,
    "sum_f32_16m": 1.0,
}
# ... or luatensor's own figure must be at most this (value in the workload's unit).
ABSOLUTE_TARGETS = {
    "small_op_2x2": 0.25,  # µs/op
}

# BENCHMARKS.md's order; workloads not listed here follow alphabetically.
ORDER = [
    "hadamard_f32_1k", "hadamard_f32_100k", "hadamard_f32_1m", "hadamard_f32_16m",
    "hadamard_out_f32_16m", "inplace_mul_f32_16m", "bcast_row_f32", "bcast_col_f32",
    "mixed_f32_f64_1m", "small_op_2x2", "matmul_f32_64", "matmul_f32_256", "matmul_f32_1024",
    "matmul_f32_2048", "matmul_f64_1024", "bmm", "bmm_einsum", "sum_f32_16m", "exp_f32_16m",
    "tanh_f32_16m", "mlp_step", "tape_scalar_chain", "gradient_tape_matmul",
]
TOOLS = ["luatensor", "torch", "numpy"]
# Above this many CPUs kept busy by other processes during a tool's run, the footer warns.
BUSY_CPUS = 0.2


def load(paths):
    docs = {}
    for p in paths:
        if not os.path.exists(p):
            continue
        try:
            with open(p, encoding="utf-8") as f:
                d = json.load(f)
        except (OSError, ValueError) as e:
            print("compare: cannot read %s: %s" % (p, e), file=sys.stderr)
            continue
        docs[d.get("tool") or os.path.splitext(os.path.basename(p))[0]] = d
    return docs


def fmt(x):
    if x is None:
        return "-"
    if x >= 100:
        return "%.1f" % x
    if x >= 10:
        return "%.2f" % x
    return "%.3f" % x


def main(argv):
    strict = "--strict" in argv
    paths = [a for a in argv if a != "--strict"]
    if not paths:
        here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
        paths = [os.path.join(here, t + ".json") for t in TOOLS]
    docs = load(paths)
    if not docs:
        print("compare: no results", file=sys.stderr)
        return 1

    names = set()
    for d in docs.values():
        names.update(d.get("results", {}))
    lt_doc = docs.get("luatensor", {})
    names.update(lt_doc.get("skipped", {}), lt_doc.get("errors", {}))
    rank = {n: i for i, n in enumerate(ORDER)}
    names = sorted(names, key=lambda n: (rank.get(n, len(ORDER)), n))

    def res(tool, name):
        return docs.get(tool, {}).get("results", {}).get(name)

    header = ["workload", "unit", "luatensor", "torch", "numpy", "lt/torch", "target", "met"]
    rows, missed, met_count, target_count = [], [], 0, 0
    for n in names:
        r = {t: res(t, n) for t in TOOLS}
        unit = next((x["unit"] for x in r.values() if x), "")
        cells = [n, unit]
        for t in TOOLS:
            if r[t]:
                cells.append(fmt(r[t]["value"]))
            elif t == "luatensor" and n in lt_doc.get("errors", {}):
                cells.append("ERROR")
            elif t in docs and n in docs[t].get("skipped", {}):
                cells.append("skip")
            else:
                cells.append("-")
        ratio = None
        if r["luatensor"] and r["torch"]:
            ratio = r["luatensor"]["ns_per_op"] / r["torch"]["ns_per_op"]
        cells.append("%.3f" % ratio if ratio is not None else "-")
        target, met = "", ""
        if n in RATIO_TARGETS:
            target = "<= %g" % RATIO_TARGETS[n]
            if ratio is not None:
                ok = ratio <= RATIO_TARGETS[n]
                met = "yes" if ok else "NO"
        elif n in ABSOLUTE_TARGETS:
            target = "<= %g %s" % (ABSOLUTE_TARGETS[n], unit)
            if r["luatensor"]:
                ok = r["luatensor"]["value"] <= ABSOLUTE_TARGETS[n]
                met = "yes" if ok else "NO"
        if target:
            target_count += 1
            if met == "yes":
                met_count += 1
            elif met == "NO":
                missed.append(n)
            else:
                met = "n/a"
        cells += [target, met]
        rows.append(cells)

    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    right = {2, 3, 4, 5}

    def line(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(line(header))
    print(line(["-" * w for w in widths]))
    for cells in rows:
        print(line(cells))

    print()
    for t in TOOLS:
        d = docs.get(t)
        if not d:
            print("%-9s  not run" % t)
            continue
        m = d.get("meta", {})
        extra = " (quick)" if d.get("quick") else ""
        print("%-9s  threads=%s%s  blas_core=%s  %s  %s" % (
            t, d.get("threads"), extra, m.get("blas_core", "unknown"), m.get("versions", ""),
            m.get("date", "")))
        oc = m.get("other_cpus")
        if oc is not None:
            print("%-9s  other processes kept %.2f CPUs busy during the run%s" % (
                "", oc, " (a busy machine: figures skewed, ratios unreliable)"
                if oc > BUSY_CPUS else ""))
        for note in m.get("notes", []):
            print("%-9s  note: %s" % ("", note))
        for name, err in sorted(d.get("errors", {}).items()):
            print("%-9s  error in %s: %s" % ("", name, err))
    print("targets met: %d of %d with a luatensor figure (%d targets)" % (
        met_count, met_count + len(missed), target_count))
    if missed:
        print("targets missed: " + ", ".join(missed))
    return 1 if strict and missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
