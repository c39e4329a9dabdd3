"""The PyTorch side: every op again in PyTorch, so a float64 program can be rerun from its
inputs under torch.autograd and its gradients compared with luatensor's tape. Arguments as in
ref_numpy (luatensor's 1-based dims, Lua numbers as Python numbers). Where luatensor accepts
what PyTorch refuses (mixed dtypes in products, non-bool conditions, negative indices), the
operands are first brought to the form PyTorch takes; values are unchanged by that."""
import math
import torch
import torch.nn.functional as F
from ref_common import promote_plain, TORCH, NAME_OF_TORCH, FLOATS, DEFAULT_FLOAT, promote, dim0, dims0, index0, registry
from ref_numpy import range_indices

OPS, op = registry()


def is_t(x):
    return isinstance(x, torch.Tensor)


def _nograd(x):
    # floor_divide has a zero gradient in luatensor; PyTorch has none (an error)
    return x.detach() if is_t(x) else x


def _common(fn):
    """tensor operands converted to the promoted dtype first: PyTorch's backward of pow(int64,
    float64) takes log of the int64 base in float32, luatensor (rightly) in float64"""
    def f(a, b):
        rt = TORCH[promote(a, b)]
        return fn(a.to(rt) if is_t(a) else a, b.to(rt) if is_t(b) else b)
    return f


for _n, _f in [('add', lambda a, b: a + b), ('sub', lambda a, b: a - b), ('mul', lambda a, b: a * b),
               ('div', lambda a, b: a / b), ('pow', lambda a, b: a ** b), ('remainder', lambda a, b: a % b),
               ('floor_divide', lambda a, b: _nograd(a) // _nograd(b)), ('eq', lambda a, b: a == b), ('ne', lambda a, b: a != b),
               ('lt', lambda a, b: a < b), ('le', lambda a, b: a <= b), ('gt', lambda a, b: a > b),
               ('ge', lambda a, b: a >= b), ('maximum', torch.maximum), ('minimum', torch.minimum),
               ('logical_and', torch.logical_and), ('logical_or', torch.logical_or),
               ('logical_xor', torch.logical_xor)]:
    OPS[_n] = _f
for _n in ('pow', 'maximum', 'minimum'):
    OPS[_n] = _common(OPS[_n])


@op('atan2')
def _atan2(a, b):
    rt = promote(a, b)
    rt = rt if rt in FLOATS else DEFAULT_FLOAT
    return torch.atan2(a.to(TORCH[rt]), b.to(TORCH[rt]))


for _n in ['neg', 'abs', 'sign', 'relu', 'square', 'floor', 'ceil', 'round', 'trunc', 'logical_not',
           'sqrt', 'rsqrt', 'reciprocal', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log1p', 'sin', 'cos',
           'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'sigmoid', 'erf']:
    OPS[_n] = getattr(torch, _n)
OPS['gelu'] = lambda x: F.gelu(x if x.is_floating_point() else x.to(torch.float32))
OPS['silu'] = lambda x: F.silu(x if x.is_floating_point() else x.to(torch.float32))
OPS['softplus'] = lambda x: F.softplus(x if x.is_floating_point() else x.to(torch.float32))
OPS['where'] = lambda c, a, b: torch.where(c != 0, a, b)
OPS['masked_fill'] = lambda t, m, v: t.masked_fill(m, v)
OPS['clamp'] = lambda t, lo, hi: torch.clamp(t, lo, hi)
OPS['lerp'] = lambda s, e, w: torch.lerp(s, e, w)
OPS['to'] = lambda t, name: t.to(TORCH[name])


def _addc(fn):
    """tensors converted to the promoted dtype first (as TensorIterator does for the kernel)"""
    def f(inp, t1, t2, value=None):
        rt = TORCH[promote(inp, t1, t2)]
        return fn(inp.to(rt), t1.to(rt), t2.to(rt), value=1 if value is None else value)
    return f


OPS['addcmul'] = _addc(torch.addcmul)
OPS['addcdiv'] = _addc(torch.addcdiv)


def _alpha(fn, sign):
    """torch.add/sub take a Python number only second: a number first is a + alpha * b by hand
    (the values are anchored to luatensor's anyway, the derivatives are the same)"""
    def f(a, b, alpha):
        if is_t(a):
            return fn(a, b, alpha=alpha)
        return a + (sign * alpha) * b
    return f


OPS['add_alpha'] = _alpha(torch.add, 1)
OPS['sub_alpha'] = _alpha(torch.sub, -1)


def _dims(x, dims):
    return dims0(dims, x.dim())


def _keep(r, axes, keepdim):
    if keepdim:
        for a in axes:
            r = r.unsqueeze(a)
    return r


def _loop_reduce(fn):
    """for reductions PyTorch takes one dim at a time (prod, all, any)"""
    def f(x, dims=None, keepdim=False):
        axes = _dims(x, dims)
        for a in sorted(axes, reverse=True):
            x = fn(x, a)
        return _keep(x, axes, keepdim)
    return f


OPS['sum'] = lambda x, dims=None, keepdim=False: _keep(torch.sum(x, _dims(x, dims)) if x.dim() else x.sum(), _dims(x, dims), keepdim)
OPS['prod'] = _loop_reduce(lambda x, a: torch.prod(x, a))
OPS['mean'] = lambda x, dims=None, keepdim=False: _keep(torch.mean(x, _dims(x, dims)) if x.dim() else x.mean(), _dims(x, dims), keepdim)
OPS['amax'] = lambda x, dims=None, keepdim=False: _keep(torch.amax(x, _dims(x, dims)), _dims(x, dims), keepdim)
OPS['amin'] = lambda x, dims=None, keepdim=False: _keep(torch.amin(x, _dims(x, dims)), _dims(x, dims), keepdim)
OPS['all'] = lambda x, *a: _loop_reduce(torch.all)(x != 0, *a)   # bool even for 0-d x
OPS['any'] = lambda x, *a: _loop_reduce(torch.any)(x != 0, *a)
OPS['logsumexp'] = lambda x, dims=None, keepdim=False: _keep(
    torch.logsumexp(x, _dims(x, dims)) if x.dim() else x, _dims(x, dims), keepdim)


def _var(x, *args):
    """by its definition: torch.var's backward fails for one-element inputs (VarBackward0)"""
    if not args or isinstance(args[0], bool):
        dims, unbiased, keepdim = None, args[0] if args else True, False
    else:
        dims, unbiased, keepdim = args
    axes = _dims(x, dims)
    n = math.prod(x.shape[a] for a in axes)
    d = x - (x.mean(axes, keepdim=True) if x.dim() else x)
    ss = (d * d).sum(axes, keepdim=keepdim) if x.dim() else d * d
    return ss / (n - 1 if unbiased else n)


OPS['var'] = _var
OPS['std'] = lambda x, *args: torch.sqrt(_var(x, *args))


@op('norm')
def _norm(x, p, dims=None, keepdim=False):
    p = 2 if p == 'fro' else p
    axes = _dims(x, dims)
    if x.dim() == 0:
        return torch.linalg.vector_norm(x, p)
    return torch.linalg.vector_norm(x, p, axes, keepdim)


OPS['softmax'] = lambda x, d: torch.softmax(x, dim0(d, x.dim()))
OPS['log_softmax'] = lambda x, d: torch.log_softmax(x, dim0(d, x.dim()))
OPS['cumsum'] = lambda x, d: torch.cumsum(x, dim0(d, x.dim()))
OPS['cumprod'] = lambda x, d: torch.cumprod(x, dim0(d, x.dim()))


def _arg(fn):
    def f(x, d=None, keepdim=False):
        if d is None:
            return fn(x) + 1
        return fn(x, dim0(d, x.dim()), keepdim) + 1
    return f


OPS['argmax'] = _arg(torch.argmax)
OPS['argmin'] = _arg(torch.argmin)


def _max_dim(fn):
    def f(x, d, keepdim, which):
        r = fn(x, dim0(d, x.dim()), keepdim)
        return r[0] if which == 1 else r[1] + 1
    return f


OPS['max_dim'] = _max_dim(torch.max)
OPS['min_dim'] = _max_dim(torch.min)

OPS['transpose'] = lambda x, a, b: x.transpose(dim0(a, x.dim()), dim0(b, x.dim()))
OPS['t'] = lambda x: x.t()
OPS['permute'] = lambda x, perm: x.permute(*[p - 1 for p in perm])
OPS['narrow'] = lambda x, d, s, n: x.narrow(dim0(d, x.dim()), index0(s, x.shape[dim0(d, x.dim())]), n)
OPS['select'] = lambda x, d, i: x.select(dim0(d, x.dim()), index0(i, x.shape[dim0(d, x.dim())]))
OPS['expand'] = lambda x, sizes: x.expand(*sizes)


@op('squeeze')
def _squeeze(x, d=None):
    return x.squeeze() if d is None else x.squeeze(dim0(d, x.dim()))


OPS['unsqueeze'] = lambda x, d: x.unsqueeze(dim0(d, x.dim() + 1))
OPS['flatten'] = lambda x, s=1, e=-1: x.flatten() if x.dim() == 0 else x.flatten(dim0(s, x.dim()), dim0(e, x.dim()))
OPS['reshape'] = lambda x, sizes: x.reshape(sizes)
OPS['view'] = OPS['reshape']
OPS['contiguous'] = lambda x: x.contiguous()
OPS['clone'] = lambda x: x.clone()
OPS['unfold'] = lambda x, d, size, step: x.unfold(dim0(d, x.dim()), size, step)


@op('index')
def _index(x, spec):
    axis = 0
    for entry in spec:
        if isinstance(entry, list):   # PyTorch has no negative steps: index_select the positions
            idx = torch.tensor(range_indices(entry, x.shape[axis]), dtype=torch.int64)
            x = x.index_select(axis, idx)
            axis += 1
        else:
            x = x.select(axis, index0(entry, x.shape[axis]))
    return x


def _promoted(fn):
    """PyTorch's products want one dtype; luatensor promotes"""
    def f(*xs, **kw):
        rt = TORCH[promote_plain(*xs)]
        return fn(*[x.to(rt) for x in xs], **kw)
    return f


for _n in ('matmul', 'mm', 'mv', 'dot', 'bmm', 'outer'):
    OPS[_n] = _promoted(getattr(torch, _n))


def _addmm_like(fn):
    def f(inp, a, b, beta=1, alpha=1):
        rt = TORCH[promote_plain(inp, a, b)]
        return fn(inp.to(rt), a.to(rt), b.to(rt), beta=beta, alpha=alpha)
    return f


OPS['addmm'] = _addmm_like(torch.addmm)
OPS['addmv'] = _addmm_like(torch.addmv)
OPS['baddbmm'] = _addmm_like(torch.baddbmm)


@op('einsum')
def _einsum(spec, *xs):
    rt = TORCH[promote_plain(*xs)]
    return torch.einsum(spec, *[x.to(rt) for x in xs])


@op('tensordot')
def _tensordot(a, b, dims=2):
    rt = TORCH[promote_plain(a, b)]
    if isinstance(dims, list):
        dims = ([dim0(d, a.dim()) for d in dims[0]], [dim0(d, b.dim()) for d in dims[1]])
    return torch.tensordot(a.to(rt), b.to(rt), dims=dims)


OPS['cat'] = lambda xs, d=1: torch.cat(xs, dim0(d, xs[0].dim()))


@op('stack')
def _stack(xs, d=1):
    rt = TORCH[promote(*xs)]
    return torch.stack([x.to(rt) for x in xs], dim0(d, xs[0].dim() + 1))


def _positive(idx, size):
    idx = idx.to(torch.int64)
    return torch.where(idx > 0, idx - 1, idx + size)


OPS['index_select'] = lambda x, d, idx: x.index_select(
    dim0(d, x.dim()), _positive(idx.reshape(-1), x.shape[dim0(d, x.dim())]))
OPS['gather'] = lambda x, d, idx: torch.gather(x, dim0(d, x.dim()), _positive(idx, x.shape[dim0(d, x.dim())]))
