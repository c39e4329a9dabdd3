#!/usr/bin/python3
"""PyTorch peer of bench/bench.lua: the workloads of BENCHMARKS.md, same names, protocol, JSON.

    /usr/bin/python3 bench/bench_torch.py [--quick] [--threads N] [--only PATTERN] [--out FILE]

Run it through bench/run.sh (`make bench`), which sets OPENBLAS_CORETYPE and the thread
variables for all three tools. Direct runs set OPENBLAS_NUM_THREADS/OMP_NUM_THREADS to
--threads when they are not set (before torch loads OpenBLAS).
"""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import GBS, GFLOPS, MS_STEP, US_ITER, US_OP, Workload  # noqa: E402

args = harness.parse_args("torch")
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(var, str(args.threads))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(args.threads)
SEED = 42
K, M100K, M1, M16 = 1000, 100_000, 1_000_000, 16_000_000


def U(shape, lo=0.5, hi=1.5, dtype=torch.float32):
    return torch.empty(shape, dtype=dtype).uniform_(lo, hi)


def hadamard(n):
    def setup():
        torch.manual_seed(SEED)
        a, b = U(n), U(n)

        def call():
            c = a * b  # noqa: F841
        return call
    return Workload("hadamard_f32_%s" % {K: "1k", M100K: "100k", M1: "1m", M16: "16m"}[n],
                    GBS, setup, 12 * n)


def hadamard_out():
    torch.manual_seed(SEED)
    a, b, c = U(M16), U(M16), torch.empty(M16)
    return lambda: torch.mul(a, b, out=c)


def inplace_mul():
    torch.manual_seed(SEED)
    a, b = U(M16), U(M16, 0.999, 1.001)
    return lambda: a.mul_(b)


def bcast(col):
    def setup():
        torch.manual_seed(SEED)
        a = U((4096, 4096))
        v = U((4096, 1) if col else (4096,))

        def call():
            c = a * v  # noqa: F841
        return call
    return setup


def mixed():
    torch.manual_seed(SEED)
    a, b = U(M1), U(M1, dtype=torch.float64)
    assert (a * b).dtype == torch.float64

    def call():
        c = a * b  # noqa: F841
    return call


def small_op():
    torch.manual_seed(SEED)
    a, b = U((2, 2)), U((2, 2))

    def call():
        for _ in range(1000):
            c = a * b  # noqa: F841
    return call


def unary(name):
    def setup():
        torch.manual_seed(SEED)
        a = U(M16)
        f = getattr(torch.Tensor, name)

        def call():
            c = f(a)  # noqa: F841
        return call
    return setup


def matmul(n, dtype=torch.float32):
    def setup():
        torch.manual_seed(SEED)
        a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)

        def call():
            c = a.matmul(b)  # noqa: F841
        return call
    return setup


def bmm_operands():
    torch.manual_seed(SEED)
    return torch.randn(64, 128, 256), torch.randn(64, 256, 128)


def bmm():
    A, B = bmm_operands()

    def call():
        C = torch.bmm(A, B)  # noqa: F841
    return call


def bmm_einsum():
    A, B = bmm_operands()

    def call():
        C = torch.einsum("ijk,ikl->ijl", A, B)  # noqa: F841
    return call


def mlp_step():
    torch.manual_seed(SEED)

    def linear(fan_in, fan_out):
        bound = 1 / math.sqrt(fan_in)
        W = torch.empty(fan_in, fan_out).uniform_(-bound, bound).requires_grad_()
        b = torch.empty(fan_out).uniform_(-bound, bound).requires_grad_()
        return [W, b]

    params = linear(784, 512) + linear(512, 512) + linear(512, 10)
    W1, b1, W2, b2, W3, b3 = params
    X = torch.randn(128, 784)
    y = torch.randint(0, 10, (128,))

    def call():
        h1 = torch.relu(X @ W1 + b1)
        h2 = torch.relu(h1 @ W2 + b2)
        z = h2 @ W3 + b3
        loss = F.cross_entropy(z, y)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p.add_(g, alpha=-0.01)
    return call


def tape_scalar_chain():
    # x, w: shape (1), float32, tracked; 1000 recorded ops, then one backward pass (the time per
    # op is (forward + backward) / 1000, as bench.lua's).
    x = torch.tensor([0.5], requires_grad=True)
    w = torch.tensor([0.999], requires_grad=True)

    def call():
        y = x
        for i in range(1000):
            r = i % 3
            if r == 0:
                y = y * w
            elif r == 1:
                y = y + w
            else:
                y = torch.sin(y)
        return torch.autograd.grad(y, (x, w), torch.ones_like(y))
    dx, dw = call()
    # the same recurrence in float64 gives dy/dw = 0.42903713..., dy/dx ~ 1.6e-151
    assert abs(dw.item() - 0.42903713074921) < 1e-3 * 0.429 and abs(dx.item()) < 1e-30, (dx, dw)
    return call


def gradient_tape_matmul():
    A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    B = torch.tensor([[5.0, 6.0], [7.0, 8.0]], requires_grad=True)

    def call():
        C = A @ B
        loss = C.sum()
        return torch.autograd.grad(loss, (A, B))
    dA, dB = call()
    assert dA.tolist() == [[11, 15], [11, 15]] and dB.tolist() == [[4, 4], [6, 6]]
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
    Workload("sum_f32_16m", GBS, unary("sum"), 4 * M16),
    Workload("exp_f32_16m", GBS, unary("exp"), 8 * M16),
    Workload("tanh_f32_16m", GBS, unary("tanh"), 8 * M16),
] + [Workload("matmul_f32_%d" % n, GFLOPS, matmul(n), 2 * n ** 3) for n in (64, 256, 1024, 2048)] + [
    Workload("matmul_f64_1024", GFLOPS, matmul(1024, torch.float64), 2 * 1024 ** 3),
    Workload("bmm", GFLOPS, bmm, BMM_FLOPS),
    Workload("bmm_einsum", GFLOPS, bmm_einsum, BMM_FLOPS),
    Workload("mlp_step", MS_STEP, mlp_step),
    Workload("tape_scalar_chain", US_OP, tape_scalar_chain, ops_per_call=1000),
    Workload("gradient_tape_matmul", US_ITER, gradient_tape_matmul),
]


def main():
    meta = harness.base_meta(args.threads)
    blas = harness.openblas_info()
    meta["versions"] = "torch %s, numpy %s, python %s" % (
        torch.__version__, _numpy_version(), meta["python"])
    meta["blas_core"] = blas["core"] if blas else "unknown"
    if blas:
        meta["blas"] = blas
    meta["torch_threads"] = torch.get_num_threads()
    meta["torch_parallel"] = torch.__config__.parallel_info().splitlines()[-1].strip()
    cfg = torch.__config__.show()
    meta["torch_blas_info"] = next((p.split("=", 1)[1] for p in cfg.replace(",", " ").split()
                                    if p.startswith("BLAS_INFO=")), "unknown")
    return harness.run("torch", WORKLOADS, args, meta)


def _numpy_version():
    try:
        import numpy
        return numpy.__version__
    except ImportError:
        return "none"


if __name__ == "__main__":
    sys.exit(main())
