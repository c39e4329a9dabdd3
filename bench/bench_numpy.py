#!/usr/bin/python3
"""NumPy peer of bench/bench.lua: the workloads of BENCHMARKS.md that NumPy has.

    /usr/bin/python3 bench/bench_numpy.py [--quick] [--threads N] [--only PATTERN] [--out FILE]

NumPy has no thread setting of its own: its element-wise ops are single-threaded and its BLAS
(matmul) follows OPENBLAS_NUM_THREADS, which bench/run.sh sets (and a direct run sets to
--threads when unset, before NumPy loads OpenBLAS). It has no gradient tape: mlp_step,
tape_scalar_chain and gradient_tape_matmul are skipped.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import GBS, GFLOPS, US_OP, Workload  # noqa: E402

args = harness.parse_args("numpy")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(var, str(args.threads))

import numpy as np  # noqa: E402

SEED = 42
K, M100K, M1, M16 = 1000, 100_000, 1_000_000, 16_000_000


def rng():
    return np.random.default_rng(SEED)


def U(g, shape, lo=0.5, hi=1.5, dtype=np.float32):
    return g.uniform(lo, hi, shape).astype(dtype)


def hadamard(n):
    def setup():
        g = rng()
        a, b = U(g, n), U(g, n)

        def call():
            c = a * b  # noqa: F841
        return call
    return Workload("hadamard_f32_%s" % {K: "1k", M100K: "100k", M1: "1m", M16: "16m"}[n],
                    GBS, setup, 12 * n)


def hadamard_out():
    g = rng()
    a, b, c = U(g, M16), U(g, M16), np.empty(M16, np.float32)
    return lambda: np.multiply(a, b, out=c)


def inplace_mul():
    g = rng()
    a, b = U(g, M16), U(g, M16, 0.999, 1.001)
    return lambda: np.multiply(a, b, out=a)


def bcast(col):
    def setup():
        g = rng()
        a = U(g, (4096, 4096))
        v = U(g, (4096, 1) if col else (4096,))

        def call():
            c = a * v  # noqa: F841
        return call
    return setup


def mixed():
    g = rng()
    a, b = U(g, M1), U(g, M1, dtype=np.float64)
    assert (a * b).dtype == np.float64

    def call():
        c = a * b  # noqa: F841
    return call


def small_op():
    g = rng()
    a, b = U(g, (2, 2)), U(g, (2, 2))

    def call():
        for _ in range(1000):
            c = a * b  # noqa: F841
    return call


def unary(f):
    def setup():
        a = U(rng(), M16)

        def call():
            c = f(a)  # noqa: F841
        return call
    return setup


def matmul(n, dtype=np.float32):
    def setup():
        g = rng()
        a = g.standard_normal((n, n)).astype(dtype)
        b = g.standard_normal((n, n)).astype(dtype)

        def call():
            c = a @ b  # noqa: F841
        return call
    return setup


def bmm_operands():
    g = rng()
    return (g.standard_normal((64, 128, 256)).astype(np.float32),
            g.standard_normal((64, 256, 128)).astype(np.float32))


def bmm():
    A, B = bmm_operands()

    def call():
        C = np.matmul(A, B)  # noqa: F841
    return call


def bmm_einsum():
    A, B = bmm_operands()

    def call():
        C = np.einsum("ijk,ikl->ijl", A, B)  # noqa: F841
    return call


BCAST_BYTES = 4 * (2 * 4096 * 4096 + 4096)
BMM_FLOPS = 2 * 64 * 128 * 256 * 128
WORKLOADS = [
    hadamard(K), hadamard(M100K), hadamard(M1), hadamard(M16),
    Workload("hadamard_out_f32_16m", GBS, hadamard_out, 12 * M16),
    Workload("inplace_mul_f32_16m", GBS, inplace_mul, 12 * M16),
    Workload("bcast_row_f32", GBS, bcast(False), BCAST_BYTES),
    Workload("bcast_col_f32", GBS, bcast(True), BCAST_BYTES),
    Workload("mixed_f32_f64_1m", GBS, mixed, 20 * M1),
    Workload("small_op_2x2", US_OP, small_op, ops_per_call=1000),
    Workload("sum_f32_16m", GBS, unary(np.sum), 4 * M16),
    Workload("exp_f32_16m", GBS, unary(np.exp), 8 * M16),
    Workload("tanh_f32_16m", GBS, unary(np.tanh), 8 * M16),
] + [Workload("matmul_f32_%d" % n, GFLOPS, matmul(n), 2 * n ** 3) for n in (64, 256, 1024, 2048)] + [
    Workload("matmul_f64_1024", GFLOPS, matmul(1024, np.float64), 2 * 1024 ** 3),
    Workload("bmm", GFLOPS, bmm, BMM_FLOPS),
    Workload("bmm_einsum", GFLOPS, bmm_einsum, BMM_FLOPS),
]
NO_TAPE = "numpy has no gradient tape"
SKIPPED = {"mlp_step": NO_TAPE, "tape_scalar_chain": NO_TAPE, "gradient_tape_matmul": NO_TAPE}


def main():
    meta = harness.base_meta(args.threads)
    blas = harness.openblas_info()
    meta["versions"] = "numpy %s, python %s" % (np.__version__, meta["python"])
    meta["blas_core"] = blas["core"] if blas else "unknown"
    if blas:
        meta["blas"] = blas
    meta["numpy_threads"] = "element-wise single-threaded; BLAS via OPENBLAS_NUM_THREADS"
    return harness.run("numpy", WORKLOADS, args, meta, SKIPPED)


if __name__ == "__main__":
    sys.exit(main())
