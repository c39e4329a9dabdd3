#!/usr/bin/python3
"""Joins the benchmark JSON files by workload name and prints the tables.

    python3 bench/compare.py bench/out/luatensor.json bench/out/cblas.json \
        bench/out/torch.json bench/out/numpy.json

Each file's "tool" field says whose figures it holds (missing files are shown as "-").

First table (all workloads but the matrix products): workload, unit, luatensor, torch, numpy
(in the unit of BENCHMARKS.md), the ratio luatensor/torch of the time per op (below 1.0:
luatensor is faster), the target of issue 3 and whether it is met.

Second table, issue 4's matrix products: GFLOPS (2*m*n*k per product / time per op) of raw
OpenBLAS called from C (cblas, bench/cblas_probe.c: the ceiling), luatensor, torch and numpy;
luatensor's GFLOPS as a percentage of cblas's and of torch's (above 100%: luatensor is faster);
the target of issue 4 and whether it is met.

Exits 0 (the tables are information, not a pass mark); --strict makes a missed target exit 1.
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
    "tape_scalar_chain": 1.0,  # µs/op, forward + backward (issue 5)
    "gradient_tape_matmul": 5.0,  # µs/iter (issue 5)
}

# BENCHMARKS.md's order; workloads not listed here follow alphabetically.
ORDER = [
    "hadamard_f32_1k", "hadamard_f32_100k", "hadamard_f32_1m", "hadamard_f32_16m",
    "hadamard_out_f32_16m", "inplace_mul_f32_16m", "bcast_row_f32", "bcast_col_f32",
    "mixed_f32_f64_1m", "small_op_2x2", "matmul_f32_64", "matmul_f32_256", "matmul_f32_1024",
    "matmul_f32_2048", "matmul_f64_1024", "bmm", "bmm_einsum", "sum_f32_16m", "exp_f32_16m",
    "tanh_f32_16m", "mlp_step", "tape_scalar_chain", "gradient_tape_matmul",
]
# Issue 4's matrix products: flops per op (2*m*n*k per product) ...
BMM_FLOPS = 2 * 64 * 128 * 256 * 128
MATMUL_FLOPS = {
    "matmul_f32_64": 2 * 64 ** 3,
    "matmul_f32_256": 2 * 256 ** 3,
    "matmul_f32_1024": 2 * 1024 ** 3,
    "matmul_f32_2048": 2 * 2048 ** 3,
    "matmul_f64_1024": 2 * 1024 ** 3,
    "bmm": BMM_FLOPS,
    "bmm_einsum": BMM_FLOPS,
}
# ... and their targets: luatensor's GFLOPS must be at least this fraction of raw cblas's
# ("cblas"), of torch's for the same workload ("torch"), of luatensor's own bmm ("bmm").
MATMUL_TARGETS = {
    "matmul_f32_64": {"cblas": 0.85},
    "matmul_f32_256": {"cblas": 0.85},
    "matmul_f32_1024": {"cblas": 0.95, "torch": 1.0},
    "matmul_f32_2048": {"cblas": 0.95, "torch": 1.0},
    "matmul_f64_1024": {"cblas": 0.95, "torch": 1.0},
    "bmm": {"torch": 1.0},
    "bmm_einsum": {"bmm": 0.9, "torch": 1.0},
}
TOOLS = ["luatensor", "cblas", "torch", "numpy"]
TABLE_TOOLS = ["luatensor", "torch", "numpy"]  # the columns of the first table
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


def pct(x):
    return "-" if x is None else "%.1f%%" % (100 * x)


def render(header, rows, right):
    """The lines of a plain-text table; columns in `right` are right-aligned."""
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]

    def line(cells):
        return "  ".join(str(c).rjust(w) if i in right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(header), line(["-" * w for w in widths])] + [line(c) for c in rows]


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

    def cell(tool, name, r, show):
        if r:
            return show(r)
        if tool == "luatensor" and name in lt_doc.get("errors", {}):
            return "ERROR"
        if tool in docs and name in docs[tool].get("skipped", {}):
            return "skip"
        return "-"

    # -- First table: everything but the matrix products (issue 3's targets)
    header = ["workload", "unit", "luatensor", "torch", "numpy", "lt/torch", "target", "met"]
    rows, missed, met_count, target_count = [], [], 0, 0
    for n in names:
        if n in MATMUL_FLOPS:
            continue
        r = {t: res(t, n) for t in TABLE_TOOLS}
        unit = next((x["unit"] for x in r.values() if x), "")
        cells = [n, unit] + [cell(t, n, r[t], lambda x: fmt(x["value"])) for t in TABLE_TOOLS]
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
    if rows:
        print("\n".join(render(header, rows, {2, 3, 4, 5})))

    # -- Second table: issue 4's matrix products, in GFLOPS, against raw cblas
    mm_names = [n for n in names if n in MATMUL_FLOPS]
    mm_missed, mm_met, mm_count = [], 0, 0
    if mm_names:
        if rows:
            print()
        print("Matrix products (issue 4), GFLOPS = 2*m*n*k / time per op. cblas: OpenBLAS "
              "called from C in this run")
        print("(the ceiling). lt % cblas, lt % torch: luatensor's GFLOPS as a percentage of "
              "theirs (above 100%: faster).")
        header = ["workload", "cblas", "luatensor", "torch", "numpy", "lt % cblas", "lt % torch",
                  "target", "met"]
        mm_tools = ["cblas", "luatensor", "torch", "numpy"]
        rows = []

        def gflops(r, n):
            return MATMUL_FLOPS[n] / r["ns_per_op"]

        for n in mm_names:
            r = {t: res(t, n) for t in mm_tools}
            cells = [n] + [cell(t, n, r[t], lambda x, n=n: fmt(gflops(x, n))) for t in mm_tools]
            lt = r["luatensor"]
            # fractions of luatensor's GFLOPS over the others' (time ratio inverted)
            frac = {}
            if lt and r["cblas"]:
                frac["cblas"] = r["cblas"]["ns_per_op"] / lt["ns_per_op"]
            if lt and r["torch"]:
                frac["torch"] = r["torch"]["ns_per_op"] / lt["ns_per_op"]
            own_bmm = res("luatensor", "bmm")
            if lt and own_bmm and n == "bmm_einsum":
                frac["bmm"] = own_bmm["ns_per_op"] / lt["ns_per_op"]
            cells += [pct(frac.get("cblas")), pct(frac.get("torch"))]
            target, met = "", ""
            goals = MATMUL_TARGETS.get(n)
            if goals:
                words = {"cblas": ">= %g%% cblas", "torch": ">= %g%% torch",
                         "bmm": ">= %g%% lt bmm"}
                target = ", ".join(
                    (words[k] % (100 * v)).replace(">= 100% torch", ">= torch")
                    for k, v in goals.items())
                fails = ["%s %s" % (pct(frac[k]), "of lt bmm" if k == "bmm" else k)
                         for k, v in goals.items() if k in frac and frac[k] < v]
                unknown = [k for k in goals if k not in frac]
                mm_count += 1
                if fails:
                    met = "NO (%s)" % ", ".join(fails)
                    mm_missed.append(n)
                elif unknown:
                    met = "n/a"
                else:
                    met = "yes"
                    mm_met += 1
            cells += [target, met]
            rows.append(cells)
        print("\n".join(render(header, rows, {1, 2, 3, 4, 5, 6})))

    print()
    cores = {}
    for t in TOOLS:
        d = docs.get(t)
        if not d:
            print("%-9s  not run" % t)
            continue
        m = d.get("meta", {})
        extra = " (quick)" if d.get("quick") else ""
        blas = m.get("blas") if isinstance(m.get("blas"), dict) else {}
        core = m.get("blas_core", "unknown")
        if core and core != "unknown":
            cores[t] = core
        chosen = " (chosen by %s)" % blas["coretype_from"] if blas.get("coretype_from") else ""
        print("%-9s  threads=%s%s  blas_core=%s%s  %s  %s" % (
            t, d.get("threads"), extra, core, chosen, m.get("versions", ""), m.get("date", "")))
        oc = m.get("other_cpus")
        if oc is not None:
            print("%-9s  other processes kept %.2f CPUs busy during the run%s" % (
                "", oc, " (a busy machine: figures skewed, ratios unreliable)"
                if oc > BUSY_CPUS else ""))
        for note in m.get("notes", []):
            print("%-9s  note: %s" % ("", note))
        for name, err in sorted(d.get("errors", {}).items()):
            print("%-9s  error in %s: %s" % ("", name, err))
    if len({c.lower() for c in cores.values()}) > 1:
        print("warning: the tools ran different OpenBLAS kernels (%s): BLAS-bound ratios compare "
              "kernels, not libraries" % ", ".join("%s %s" % kv for kv in cores.items()))
    if target_count:
        print("issue 3 targets met: %d of %d with a luatensor figure (%d targets)" % (
            met_count, met_count + len(missed), target_count))
        if missed:
            print("issue 3 targets missed: " + ", ".join(missed))
    if mm_count:
        print("issue 4 targets met: %d of %d decided (%d targets; n/a: a figure is missing)" % (
            mm_met, mm_met + len(mm_missed), mm_count))
        if mm_missed:
            print("issue 4 targets missed: " + ", ".join(mm_missed))
    return 1 if strict and (missed or mm_missed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
