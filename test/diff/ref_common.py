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


def _combine(higher, lower):
    """c10's combine_categories (None is Undefined): the dtype of a higher-priority kind of
    operand wins unless the lower kind is of a higher category (float over integer over bool)"""
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher == torch.bool or lower.is_floating_point:
        return torch.promote_types(higher, lower)
    return higher


def promote(*xs):
    """PyTorch's result dtype (a name) for operands (at::result_type over a list): tensors with
    dims, 0-d tensors and numbers (a Python float counts as the default float32) are each
    promoted among their own kind, then the kinds combined, a lower-priority kind only changing
    the dtype when it is of a higher category. For two operands this is torch.result_type; for
    more, promoting pairwise is not the same (int32 with dims, 0-d float32 and 0-d float64 give
    float64: the 0-d tensors promote among themselves first)."""
    kinds = [None, None, None]   # with dims, 0-d, numbers
    for x in xs:
        p = _probe(x)
        if isinstance(p, torch.Tensor):
            k, cur = (0 if p.dim() > 0 else 1), p.dtype
        else:
            k = 2
            cur = torch.bool if isinstance(p, bool) else torch.int64 if isinstance(p, int) else TORCH[DEFAULT_FLOAT]
        kinds[k] = cur if kinds[k] is None else torch.promote_types(kinds[k], cur)
    return NAME_OF_TORCH[_combine(kinds[0], _combine(kinds[1], kinds[2]))]


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
