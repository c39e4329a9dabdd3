"""The NumPy reference for the values of every op. Each function gets luatensor's operand
values (NumPy arrays of the exact dtype), Lua numbers as Python int/float, and the op's literal
arguments with luatensor's 1-based dims. Result dtypes follow PyTorch's promotion (luatensor's
documented rule, computed with torch.result_type); values are computed in float64 or int64 from
the operands converted to that dtype, then converted to it: exact for integers (wrapping as
luatensor does) and correctly rounded within the tolerances for floats. Where NumPy's answer
differs from PyTorch's by definition (float remainder/floor_divide, sign of NaN, softplus's
threshold), the function follows PyTorch and says so."""
import math
import numpy as np
import torch
from ref_common import promote_plain, NP, NAME_OF_NP, FLOATS, DEFAULT_FLOAT, promote, dim0, dims0, index0, registry

OPS, op = registry()


def dt(x):
    if isinstance(x, np.ndarray):
        return NAME_OF_NP[x.dtype]
    if isinstance(x, bool):
        return 'bool'
    return 'int64' if isinstance(x, int) else 'float64'


def as_dtype(x, name):
    """x (array or Lua number) converted to dtype name, as PyTorch converts operands"""
    a = np.asarray(x)
    if name == 'bool':
        return a != 0
    if a.dtype.kind == 'f' and name not in FLOATS:
        return f2i(a, name)
    return a.astype(NP[name])


def wide(a, name):
    return a.astype(np.float64 if name in FLOATS else np.int64)


def f2i(a, name):
    """float -> integer as luatensor and PyTorch do on x86-64: truncation; NaN and values out of
    range give the most negative value; uint8 goes through int64 and wraps"""
    t = np.trunc(a.astype(np.float64))
    bits = 32 if name == 'int32' else 64
    lo, hi = -2.0 ** (bits - 1), 2.0 ** (bits - 1)
    ok = (t >= lo) & (t < hi)
    safe = np.where(ok, t, 0)
    out = np.where(ok, safe.astype(np.int64), np.int64(-2 ** (bits - 1)))
    return out.astype(NP[name])


def finish(r, name):
    with np.errstate(all='ignore'):
        return as_dtype(r, name)


def binary(fn, kind='arith'):
    """kind: arith (promoted dtype), float (integers give the default float), cmp (bool)"""
    def f(a, b):
        rt = promote(a, b)
        if kind == 'float' and rt not in FLOATS:
            rt = DEFAULT_FLOAT
        ca, cb = as_dtype(a, rt), as_dtype(b, rt)
        with np.errstate(all='ignore'):
            if kind == 'cmp':
                return np.asarray(fn(ca, cb))
            return finish(fn(wide(ca, rt), wide(cb, rt)), rt)
    return f


for _n, _f, _k in [('add', np.add, 'arith'), ('sub', np.subtract, 'arith'), ('mul', np.multiply, 'arith'),
                   ('div', np.true_divide, 'float'), ('maximum', np.maximum, 'arith'),
                   ('minimum', np.minimum, 'arith'), ('atan2', np.arctan2, 'float'),
                   ('eq', np.equal, 'cmp'), ('ne', np.not_equal, 'cmp'), ('lt', np.less, 'cmp'),
                   ('le', np.less_equal, 'cmp'), ('gt', np.greater, 'cmp'), ('ge', np.greater_equal, 'cmp')]:
    OPS[_n] = binary(_f, _k)

for _n, _f in [('logical_and', np.logical_and), ('logical_or', np.logical_or), ('logical_xor', np.logical_xor)]:
    OPS[_n] = (lambda fn: lambda a, b: fn(np.asarray(a) != 0, np.asarray(b) != 0))(_f)


@op('pow')
def _pow(a, b):
    rt = promote(a, b)
    ca, cb = as_dtype(a, rt), as_dtype(b, rt)
    with np.errstate(all='ignore'):
        if rt in FLOATS:
            return finish(np.power(wide(ca, rt), wide(cb, rt)), rt)
        return finish(np.power(wide(ca, rt), wide(cb, rt)), rt)


def _torch_float_binary(tfn, a, b, rt):
    """PyTorch's float remainder/floor_divide: computed in the result dtype by PyTorch's formula
    (a - b * floor(a / b)), which differs from NumPy's fmod-based one in the last bits"""
    ta = torch.from_numpy(np.array(as_dtype(a, rt)))
    tb = torch.from_numpy(np.array(as_dtype(b, rt)))
    return tfn(ta, tb).numpy()


def _scalar_remainder(a, b, rt):
    """PyTorch's scalar (non-vectorized) float remainder: fmod (exact), then b added when the
    signs differ"""
    ca, cb = np.asarray(as_dtype(a, rt)), np.asarray(as_dtype(b, rt))
    with np.errstate(all='ignore'):
        m = np.fmod(ca, cb)
        return np.where((m != 0) & ((cb < 0) != (m < 0)), m + cb, m)


@op('remainder')
def _remainder(a, b):
    rt = promote(a, b)
    if rt in FLOATS:
        # PyTorch's vectorized kernel (16+ float32 elements) computes a - b * floor(a / b): NaN
        # when a / b overflows (2.6 % 1e-40); its scalar kernel, and luatensor, give the exact
        # remainder. Those elements take the scalar kernel's value.
        r = _torch_float_binary(torch.remainder, a, b, rt)
        s = _scalar_remainder(a, b, rt)
        with np.errstate(all='ignore'):
            q = np.asarray(as_dtype(a, rt)) / np.asarray(as_dtype(b, rt))
        over = np.isnan(r) & np.isinf(q) & ~np.isnan(s)
        return np.where(over, s, r).astype(r.dtype) if np.any(over) else r
    return finish(np.remainder(wide(as_dtype(a, rt), rt), wide(as_dtype(b, rt), rt)), rt)


@op('floor_divide')
def _floor_divide(a, b):
    rt = promote(a, b)
    if rt in FLOATS:
        return _torch_float_binary(torch.floor_divide, a, b, rt)
    return finish(np.floor_divide(wide(as_dtype(a, rt), rt), wide(as_dtype(b, rt), rt)), rt)


def unary_kept(fn, int_identity=False):
    def f(x):
        name = dt(x)
        if int_identity and name not in FLOATS:
            return x.copy()   # floor and friends of integers: the values themselves
        with np.errstate(all='ignore'):
            return finish(fn(wide(x, name)), name)
    return f


def _sign(x):
    return np.where(np.isnan(x), 0.0, np.sign(x))   # PyTorch: sign(NaN) = 0 (NumPy: NaN)


for _n, _f in [('neg', np.negative), ('abs', np.abs), ('sign', _sign), ('relu', lambda x: np.where((x > 0) | np.isnan(x), x, 0)),
               ('square', np.square), ('floor', np.floor), ('ceil', np.ceil), ('round', np.round),
               ('trunc', np.trunc)]:
    OPS[_n] = unary_kept(_f, _n in ('floor', 'ceil', 'round', 'trunc'))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _softplus(x):
    return np.where(x > 20, x, np.log1p(np.exp(np.minimum(x, 20))))   # PyTorch's threshold 20


FLOAT_UNARY = {
    'sqrt': np.sqrt, 'rsqrt': lambda x: 1.0 / np.sqrt(x), 'reciprocal': lambda x: 1.0 / x, 'exp': np.exp,
    'exp2': np.exp2, 'expm1': np.expm1, 'log': np.log, 'log2': np.log2, 'log1p': np.log1p, 'sin': np.sin,
    'cos': np.cos, 'tan': np.tan, 'asin': np.arcsin, 'acos': np.arccos, 'atan': np.arctan, 'sinh': np.sinh,
    'cosh': np.cosh, 'tanh': np.tanh, 'sigmoid': _sigmoid, 'erf': lambda x: _erf(x) if x.size else x,
    'gelu': lambda x: 0.5 * x * (1.0 + (_erf(x / math.sqrt(2.0)) if x.size else x)),
    'silu': lambda x: x * _sigmoid(x), 'softplus': _softplus,
}


def float_unary(fn):
    def f(x):
        rt = dt(x) if dt(x) in FLOATS else DEFAULT_FLOAT
        with np.errstate(all='ignore'):
            return finish(fn(wide(as_dtype(x, rt), rt)), rt)
    return f


for _n, _f in FLOAT_UNARY.items():
    OPS[_n] = float_unary(_f)

OPS['logical_not'] = lambda x: np.asarray(x == 0)


@op('where')
def _where(c, a, b):
    rt = promote(a, b)
    return np.where(np.asarray(c) != 0, as_dtype(a, rt), as_dtype(b, rt))


@op('masked_fill')
def _masked_fill(t, mask, v):
    return np.where(mask, as_dtype(v, dt(t)), t).astype(t.dtype)


@op('clamp')
def _clamp(t, lo, hi):
    rt = promote(*([t] + [v for v in (lo, hi) if v is not None]))
    r = wide(as_dtype(t, rt), rt)
    with np.errstate(all='ignore'):   # the bounds are converted to the result dtype first (uint8: -1 is 255)
        if lo is not None:
            r = np.where(np.isnan(r), r, np.maximum(r, wide(as_dtype(lo, rt), rt)))
        if hi is not None:
            r = np.where(np.isnan(r), r, np.minimum(r, wide(as_dtype(hi, rt), rt)))
    return finish(r, rt)


@op('lerp')
def _lerp(s, e, w):
    rt = dt(s)
    s64, e64, w64 = wide(s, rt), wide(as_dtype(e, rt), rt), wide(as_dtype(w, rt), rt)
    with np.errstate(all='ignore'):   # PyTorch's form: exact at both ends
        r = np.where(np.abs(w64) < 0.5, s64 + w64 * (e64 - s64), e64 - (e64 - s64) * (1 - w64))
    return finish(r, rt)


def _scalar_in(v, rt, what):
    """value/alpha converted to the result dtype as PyTorch's kernels do (value.to<scalar_t>():
    float32 rounds it); integer results take only integral values (luatensor refuses others)"""
    if rt in FLOATS:
        return NP[rt](v)
    if v != int(v):
        raise ValueError('%s must be an integer for %s tensors (got %r)' % (what, rt, v))
    return np.int64(int(v))


def _fused(rt, fn):
    """fn over the scalar-converted operands, in PyTorch's order and, for floats, in the result
    dtype itself: PyTorch's CPU kernels round each step in float32 (value * t1 first, then * t2
    or / t2, then + input), and luatensor documents the same bits; a float64 result differs from
    the composed float32 one by more than any per-op tolerance where input cancels the product
    (and where value * t1 is a float32 denormal). Integers are computed in int64 and wrap."""
    with np.errstate(all='ignore'):
        if rt in FLOATS:
            return finish(fn(lambda x: np.asarray(as_dtype(x, rt))), rt)
        return finish(fn(lambda x: wide(np.asarray(as_dtype(x, rt)), rt)), rt)


def _addc(div):
    def f(inp, t1, t2, value=None):
        value = 1 if value is None else value
        if div and dt(t1) not in FLOATS and dt(t2) not in FLOATS:
            raise ValueError('addcdiv: integer division of t1 by t2 (as PyTorch)')
        rt = promote(inp, t1, t2)
        if rt == 'bool':
            raise ValueError('addcmul: not supported for dtype bool (as PyTorch)')
        v = _scalar_in(value, rt, 'value')
        if div:
            return _fused(rt, lambda c: c(inp) + v * c(t1) / c(t2))
        return _fused(rt, lambda c: c(inp) + v * c(t1) * c(t2))
    return f


OPS['addcmul'] = _addc(False)
OPS['addcdiv'] = _addc(True)


def _add_alpha(sign):
    """a + alpha * b (sub: a + (-alpha) * b, the same bits); a bool result is a or (alpha and b),
    alpha converted to bool as PyTorch does"""
    def f(a, b, alpha):
        rt = promote(a, b)
        if rt == 'bool':
            if sign < 0:
                raise ValueError('sub: not supported for dtype bool (as PyTorch)')
            _scalar_in(alpha, rt, 'alpha')
            return np.asarray(as_dtype(a, rt) | (bool(alpha != 0) & as_dtype(b, rt)))
        v = _scalar_in(alpha, rt, 'alpha') * sign
        return _fused(rt, lambda c: c(a) + v * c(b))
    return f


OPS['add_alpha'] = _add_alpha(1)
OPS['sub_alpha'] = _add_alpha(-1)


@op('to')
def _to(t, name):
    with np.errstate(all='ignore'):
        return as_dtype(t, name)


# ---- reductions ----

def _reduce(x, dims, keepdim, fn, rt):
    axes = dims0(dims, x.ndim)
    with np.errstate(all='ignore'):
        r = fn(wide(x, dt(x)) if rt not in FLOATS else x.astype(np.float64), axes)
    r = np.asarray(r)
    if keepdim:
        for a in axes:
            r = np.expand_dims(r, a)
    return finish(r, rt)


def _acc_dtype(x):
    return dt(x) if dt(x) in FLOATS else 'int64'


OPS['sum'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, lambda v, a: np.sum(v, axis=a), _acc_dtype(x))
OPS['prod'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, lambda v, a: np.prod(v, axis=a), _acc_dtype(x))
OPS['mean'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, lambda v, a: np.mean(v, axis=a), dt(x))
OPS['amax'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, lambda v, a: np.amax(v, axis=a), dt(x))
OPS['amin'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, lambda v, a: np.amin(v, axis=a), dt(x))
OPS['all'] = lambda x, dims=None, keepdim=False: _reduce(x != 0, dims, keepdim, lambda v, a: np.all(v, axis=a), 'bool')
OPS['any'] = lambda x, dims=None, keepdim=False: _reduce(x != 0, dims, keepdim, lambda v, a: np.any(v, axis=a), 'bool')


def _lse(v, a):
    m = np.amax(v, axis=a, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(v - m), axis=a)) + np.squeeze(m, axis=a)


OPS['logsumexp'] = lambda x, dims=None, keepdim=False: _reduce(x, dims, keepdim, _lse, dt(x))


def _var_args(x, args):
    """var(x), var(x, unbiased), var(x, dims, unbiased, keepdim)"""
    if len(args) == 0:
        return None, True, False
    if isinstance(args[0], bool):
        return None, args[0], False
    return args[0], args[1], args[2]


def _var(x, *args):
    dims, unbiased, keepdim = _var_args(x, args)
    return _reduce(x, dims, keepdim, lambda v, a: np.var(v, axis=a, ddof=1 if unbiased else 0), dt(x))


OPS['var'] = _var
OPS['std'] = lambda x, *args: finish(np.sqrt(_var(x, *args).astype(np.float64)), dt(x))


def _norm_fn(p, name):
    if p == 'fro':
        p = 2
    if p == math.inf:
        return lambda v, a: np.amax(np.abs(v), axis=a)
    if p == -math.inf:
        return lambda v, a: np.amin(np.abs(v), axis=a)
    if p == 0:
        return lambda v, a: np.sum(v != 0, axis=a).astype(np.float64)
    # the sum of |x|^p overflows in float32 as PyTorch's (and luatensor's) does: norm([1e30]) = inf
    with np.errstate(all='ignore'):
        return lambda v, a: np.sum(np.abs(v) ** p, axis=a).astype(NP[name]).astype(np.float64) ** (1.0 / p)


OPS['norm'] = lambda x, p, dims=None, keepdim=False: _reduce(x, dims, keepdim, _norm_fn(p, dt(x)), dt(x))


def _along(fn, rt_of):
    def f(x, d):
        a = dim0(d, x.ndim)
        with np.errstate(all='ignore'):
            return finish(fn(wide(x, rt_of(x)) if rt_of(x) not in FLOATS else x.astype(np.float64), a), rt_of(x))
    return f


def _softmax(v, a):
    m = np.amax(v, axis=a, keepdims=True)
    e = np.exp(v - m)
    return e / np.sum(e, axis=a, keepdims=True)


def _log_softmax(v, a):
    m = np.amax(v, axis=a, keepdims=True)
    return v - m - np.log(np.sum(np.exp(v - m), axis=a, keepdims=True))


OPS['softmax'] = _along(_softmax, dt)
OPS['log_softmax'] = _along(_log_softmax, dt)
OPS['cumsum'] = _along(lambda v, a: np.cumsum(v, axis=a), _acc_dtype)
OPS['cumprod'] = _along(lambda v, a: np.cumprod(v, axis=a), _acc_dtype)


def _arg(fn):
    def f(x, d=None, keepdim=False):
        if d is None:
            return np.asarray(fn(x.reshape(-1)) + 1, dtype=np.int64)
        a = dim0(d, x.ndim)
        r = fn(x, axis=a) + 1
        if keepdim:
            r = np.expand_dims(r, a)
        return np.asarray(r, dtype=np.int64)
    return f


OPS['argmax'] = _arg(np.argmax)
OPS['argmin'] = _arg(np.argmin)


def _max_dim(vfn, ifn):
    def f(x, d, keepdim, which):
        if which == 1:
            return OPS[vfn](x, d, keepdim)
        return OPS[ifn](x, d, keepdim)
    return f


OPS['max_dim'] = _max_dim('amax', 'argmax')
OPS['min_dim'] = _max_dim('amin', 'argmin')

# ---- views (values only: the reference copies) ----


@op('transpose')
def _transpose(x, a, b):
    return np.swapaxes(x, dim0(a, x.ndim), dim0(b, x.ndim)).copy()


OPS['t'] = lambda x: x.T.copy() if x.ndim == 2 else x.copy()
OPS['permute'] = lambda x, perm: np.transpose(x, [p - 1 for p in perm]).copy()


@op('narrow')
def _narrow(x, d, start, length):
    a = dim0(d, x.ndim)
    s = index0(start, x.shape[a])
    return np.take(x, range(s, s + length), axis=a)


@op('select')
def _select(x, d, i):
    a = dim0(d, x.ndim)
    return np.take(x, index0(i, x.shape[a]), axis=a)


@op('expand')
def _expand(x, sizes):
    n = len(sizes)
    shape = list(x.shape)
    target = [shape[i - (n - x.ndim)] if s == -1 else s for i, s in enumerate(sizes)]
    return np.broadcast_to(x, target).copy()


@op('squeeze')
def _squeeze(x, d=None):
    if d is None:
        return np.squeeze(x).copy()
    a = dim0(d, x.ndim)
    return np.squeeze(x, a).copy() if x.shape[a] == 1 else x.copy()


OPS['unsqueeze'] = lambda x, d: np.expand_dims(x, dim0(d, x.ndim + 1)).copy()


@op('flatten')
def _flatten(x, s=1, e=-1):
    if x.ndim == 0:
        return x.reshape(1)
    a, b = dim0(s, x.ndim), dim0(e, x.ndim)
    return x.reshape(x.shape[:a] + (-1,) + x.shape[b + 1:]).copy()


OPS['reshape'] = lambda x, sizes: x.reshape(sizes).copy()
OPS['view'] = OPS['reshape']
OPS['contiguous'] = lambda x: x.copy()
OPS['clone'] = lambda x: x.copy()


@op('unfold')
def _unfold(x, d, size, step):
    a = dim0(d, x.ndim)
    n = (x.shape[a] - size) // step + 1
    wins = [np.moveaxis(np.take(x, range(i * step, i * step + size), axis=a), a, -1) for i in range(n)]
    return np.stack(wins, axis=a)


def range_indices(entry, size):
    """the 0-based positions a Torch7-style range entry ({}, {i}, {a, b}, {a, b, step}) keeps"""
    if len(entry) == 0:
        return list(range(size))
    a = index0(entry[0], size)
    b = index0(entry[1], size) if len(entry) > 1 else a
    step = entry[2] if len(entry) > 2 else 1
    return list(range(a, b + 1, step)) if step > 0 else list(range(a, b - 1, step))


@op('index')
def _index(x, spec):
    axis = 0
    for entry in spec:
        if isinstance(entry, list):
            x = np.take(x, range_indices(entry, x.shape[axis]), axis=axis)
            axis += 1
        else:
            x = np.take(x, index0(entry, x.shape[axis]), axis=axis)
    return x


# ---- matrix products ----

def _product(fn):
    def f(*xs):
        rt = promote_plain(*xs)
        with np.errstate(all='ignore'):
            return finish(fn(*[wide(as_dtype(x, rt), rt) for x in xs]), rt)
    return f


for _n, _f in [('matmul', np.matmul), ('mm', np.matmul), ('mv', np.matmul), ('dot', np.dot),
               ('bmm', np.matmul), ('outer', np.outer)]:
    OPS[_n] = _product(_f)


def _addmm(inp, a, b, beta=1, alpha=1):
    rt = promote_plain(inp, a, b)
    i64, a64, b64 = (wide(as_dtype(v, rt), rt) for v in (inp, a, b))
    with np.errstate(all='ignore'):
        p = alpha * np.matmul(a64, b64)
        r = p if beta == 0 else beta * i64 + p   # beta = 0: input is not read (BLAS)
        return finish(np.broadcast_to(r, p.shape), rt)


for _n in ('addmm', 'addmv', 'baddbmm'):
    OPS[_n] = _addmm


@op('einsum')
def _einsum(spec, *xs):
    rt = promote_plain(*xs)
    with np.errstate(all='ignore'):
        return finish(np.einsum(spec, *[wide(as_dtype(x, rt), rt) for x in xs]), rt)


@op('tensordot')
def _tensordot(a, b, dims=2):
    rt = promote_plain(a, b)
    if isinstance(dims, list):
        axes = ([dim0(d, a.ndim) for d in dims[0]], [dim0(d, b.ndim) for d in dims[1]])
    else:
        axes = dims
    with np.errstate(all='ignore'):
        return finish(np.tensordot(wide(as_dtype(a, rt), rt), wide(as_dtype(b, rt), rt), axes=axes), rt)


# ---- joining and gathering ----

@op('cat')
def _cat(xs, d=1):
    rt = promote(*xs)
    return np.concatenate([as_dtype(x, rt) for x in xs], axis=dim0(d, xs[0].ndim))


@op('stack')
def _stack(xs, d=1):
    rt = promote(*xs)
    return np.stack([as_dtype(x, rt) for x in xs], axis=dim0(d, xs[0].ndim + 1))


@op('index_select')
def _index_select(x, d, idx):
    a = dim0(d, x.ndim)
    return np.take(x, [index0(int(i), x.shape[a]) for i in np.asarray(idx).reshape(-1)], axis=a)


@op('gather')
def _gather(x, d, idx):
    a = dim0(d, x.ndim)
    pos = np.where(idx > 0, idx - 1, idx + x.shape[a]).astype(np.int64)
    part = x[tuple(slice(None) if i == a else slice(0, idx.shape[i]) for i in range(x.ndim))]
    return np.take_along_axis(part, pos, axis=a)
