"""Shared by the NumPy and PyTorch references: dtype tables, PyTorch's promotion rule, and the
mapping of luatensor's 1-based (negative from the end) dims and indices to 0-based ones."""
import numpy as np
import torch

NP = {'float32': np.float32, 'float64': np.float64, 'int32': np.int32, 'int64': np.int64,
      'uint8': np.uint8, 'bool': np.bool_}
TORCH = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32,
         'int64': torch.int64, 'uint8': torch.uint8, 'bool': torch.bool}
NAME_OF_NP = {np.dtype(v): k for k, v in NP.items()}
NAME_OF_TORCH = {v: k for k, v in TORCH.items()}
FLOATS = ('float32', 'float64')
DEFAULT_FLOAT = 'float32'


def dim0(d, n):
    """a 1-based dim (negative from the end) of an n-d value, 0-based and non-negative"""
    return d - 1 if d > 0 else d + n


def index0(i, size):
    return i - 1 if i > 0 else i + size


def dims0(dims, n):
    """None, one dim or a list, as a sorted tuple of 0-based dims (None: all)"""
    if dims is None:
        return tuple(range(n))
    if isinstance(dims, list):
        return tuple(sorted(dim0(d, n) for d in dims))
    return (dim0(dims, n),)


def _probe(x):
    """what torch.result_type needs to know of an operand: its dtype and whether it is 0-d"""
    if isinstance(x, np.ndarray):
        return torch.empty((1,) * min(x.ndim, 1), dtype=TORCH[NAME_OF_NP[x.dtype]])
    if isinstance(x, torch.Tensor):
        return torch.empty((1,) * min(x.dim(), 1), dtype=x.dtype)
    return x


def promote(*xs):
    """PyTorch's result dtype (a name) for operands: tensors with dims, then 0-d tensors, then
    numbers, each kind only changing the dtype of a higher category (torch.result_type pairwise)"""
    probes = [_probe(x) for x in xs]
    dimmed = [p for p in probes if isinstance(p, torch.Tensor) and p.dim() > 0]
    zero_d = [p for p in probes if isinstance(p, torch.Tensor) and p.dim() == 0]
    numbers = [p for p in probes if not isinstance(p, torch.Tensor)]
    tensors = dimmed or zero_d
    dtype = tensors[0].dtype
    for t in tensors[1:]:
        dtype = torch.promote_types(dtype, t.dtype)
    shape = (1,) if dimmed else ()
    for p in (zero_d if dimmed else []) + numbers:
        dtype = torch.result_type(torch.empty(shape, dtype=dtype), p)
    return NAME_OF_TORCH[dtype]


def promote_plain(*xs):
    """the dtype all tensor operands promote to, whatever their dims: luatensor's rule for the
    products (einsum, tensordot, matmul), where PyTorch refuses mixed dtypes"""
    dtype = None
    for x in xs:
        p = _probe(x)
        dtype = p.dtype if dtype is None else torch.promote_types(dtype, p.dtype)
    return NAME_OF_TORCH[dtype]


def registry():
    """A table of reference ops and the decorator that fills it: `OPS, op = registry()`."""
    ops = {}

    def op(name):
        def reg(f):
            ops[name] = f
            return f
        return reg
    return ops, op
