"""Reads the programs luatensor ran (one JSON object a line: inputs, ops, and luatensor's value
of every op), computes each op's value with NumPy from luatensor's own operand values (so every
op is checked on its own, with its own tolerance), reruns float64 programs in PyTorch from the
inputs for the gradients, and writes the results in a line format test/diff/wire.lua parses.
Usage: python3 reference.py IN OUT"""
import json
import sys
import traceback
import warnings

import numpy as np
import torch

import ref_numpy
import ref_torch
from ref_common import NP, TORCH, NAME_OF_NP, NAME_OF_TORCH

warnings.filterwarnings('ignore')
torch.set_num_threads(1)


def number(v):
    return float.fromhex(v) if isinstance(v, str) else v


def array(desc):
    flat = [number(v) for v in desc['data']]
    name = desc['dtype']
    if name == 'bool':
        a = np.array(flat, dtype=np.int64) != 0
    elif name in ('float32', 'float64'):
        a = np.array(flat, dtype=np.float64).astype(NP[name])
    else:
        a = np.array(flat, dtype=np.int64).astype(NP[name])
    return a.reshape(desc['shape'])


def decode(arg, vals):
    if isinstance(arg, dict):
        if 'v' in arg:
            return vals[arg['v']]
        if 'i' in arg:
            return arg['i']
        if 'f' in arg:
            return float.fromhex(arg['f'])
        if 'l' in arg:
            return [decode(a, vals) for a in arg['l']]
    if isinstance(arg, list):
        return [decode(a, vals) for a in arg]
    return arg


def fmt(a):
    a = np.asarray(a)
    name = NAME_OF_NP[a.dtype]
    shape = ','.join(str(s) for s in a.shape) or '-'
    flat = a.reshape(-1)
    if name in ('float32', 'float64'):
        data = ' '.join(float(v).hex() for v in flat)
    else:
        data = ' '.join(str(int(v)) for v in flat)
    return name, shape, data


def one_line(msg):
    return ' '.join(str(msg).split())[:300]


def values(case, out):
    vals = {}
    for step in case['steps']:
        k = step['id']
        if step['kind'] == 'input':
            vals[k] = array(step)
            continue
        try:
            args = [decode(a, vals) for a in step['args']]
            ref = np.asarray(ref_numpy.OPS[step['op']](*args))
            out.append('val %d %s %s %s' % ((k,) + fmt(ref)))
        except Exception as e:  # the reference refuses: luatensor should have too
            out.append('err %d %s' % (k, one_line(repr(e))))
        if 'error' in step['lt']:
            break
        vals[k] = array(step['lt'])


def unfit(case, vals):
    """Why PyTorch's own rerun of the program is not fit for a gradient comparison, or None: the
    rules exec.gradable applies to luatensor's values, applied to PyTorch's. Where the two
    libraries' rounding differs (a mean summed in another order), PyTorch's rerun can reach a
    singular point luatensor's values miss: the variance of constant data exactly 0 in PyTorch
    but a few ulps in luatensor, then log(var) = -inf and its gradient NaN."""
    for step in case['steps']:
        v = vals.get(step['id'])
        if not isinstance(v, torch.Tensor) or not v.is_floating_point() or v.numel() == 0:
            continue
        if not bool(torch.isfinite(v).all()):
            return 'v%d is not finite in PyTorch' % step['id']
        if step.get('kink') and bool((v == 0).any()):
            return 'v%d is 0 in PyTorch, a kink of %s' % (step['id'], step['op'])
    return None


def needs_grad(args):
    for a in args:
        if isinstance(a, torch.Tensor) and a.requires_grad:
            return True
        if isinstance(a, (list, tuple)) and needs_grad(a):
            return True
    return False


def anchored(v, step):
    """A float value of PyTorch's rerun moved onto luatensor's (which NumPy has checked op by
    op), keeping PyTorch's graph: the gradients are then taken at the same values in both
    libraries. Otherwise PyTorch's own rounding feeds every later op and derivative: float32
    gelu(-3) cancels to 4e-5 relative (within its value tolerance), then 1 / gelu; a cosh of
    an expanded constant differs by an ulp between PyTorch's vectorized and scalar paths, and
    amin's gradient goes to one element instead of being shared between equal ones."""
    if not isinstance(v, torch.Tensor) or not v.is_floating_point() or 'data' not in step.get('lt', {}):
        return v
    lt = torch.from_numpy(array(step['lt']).copy())
    if lt.dtype != v.dtype or tuple(lt.shape) != tuple(v.shape):
        return v
    if not v.requires_grad:
        return lt
    # v + (lt - v) is exactly lt when they are within a factor 2 (Sterbenz); the value is
    # luatensor's, the derivative PyTorch's
    return v + (lt - v.detach())


def grads(case, out):
    vals, sources = {}, []
    try:
        for step in case['steps']:
            k = step['id']
            if step['kind'] == 'input':
                t = torch.from_numpy(array(step).copy())
                if step['dtype'] == 'float64':
                    t.requires_grad_(True)
                    sources.append((k, t))
                vals[k] = t
            else:
                args = [decode(a, vals) for a in step['args']]
                if not needs_grad(args) and 'data' in step['lt']:
                    # off the gradient's path: luatensor's value (checked by NumPy); PyTorch
                    # need not, and cannot always, recompute it (torch 1.13's einsum of uint8)
                    vals[k] = torch.from_numpy(array(step['lt']).copy())
                else:
                    vals[k] = anchored(ref_torch.OPS[step['op']](*args), step)
        why = unfit(case, vals)
        if why:
            out.append('gskip ' + why)
            return
        final = vals[case['final']]
        ws = [number(v) for v in case['weights']]   # reused cyclically, as exec.grad does
        w = torch.tensor([ws[i % len(ws)] for i in range(final.numel())], dtype=torch.float64).reshape(final.shape)
        if not final.requires_grad:
            gs = [None] * len(sources)
        else:
            # the gradients of the intermediate values too: their largest magnitude is the scale
            # of the terms the backward pass adds, so of its rounding (a gradient of 1e30 that
            # cancels to ~1 leaves an error of ~1e14), as the operands' for a sum's value
            mids = [v for s, v in ((s, vals[s['id']]) for s in case['steps'] if s['kind'] == 'op')
                    if isinstance(v, torch.Tensor) and v.requires_grad and v.is_floating_point()]
            every = torch.autograd.grad([final], [t for _, t in sources] + mids, [w], allow_unused=True)
            gs = every[:len(sources)]
            scale, singular = 0.0, False
            for g in every:
                if g is not None and g.numel() > 0:
                    a = g.detach().abs()
                    singular = singular or not bool(torch.isfinite(a).all())
                    a = a[torch.isfinite(a)]
                    if a.numel() > 0:
                        scale = max(scale, float(a.max()))
            out.append('gscale ' + float(scale).hex())
            if singular:   # an infinite derivative at a finite value (asin at 1): see compare.lua
                out.append('gsingular')
        for (k, _), g in zip(sources, gs):
            if g is None:
                out.append('gnone %d' % k)
            else:
                out.append('grad %d %s %s %s' % ((k,) + fmt(g.detach().numpy())))
    except Exception as e:
        out.append('gerr ' + one_line(repr(e)))


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f, open(dst, 'w') as o:
        for line in f:
            case = json.loads(line)
            out = ['case %d' % case['case']]
            try:
                values(case, out)
                if case.get('weights') is not None:
                    grads(case, out)
            except Exception:
                out.append('fatal ' + one_line(traceback.format_exc()))
            out.append('end')
            o.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
