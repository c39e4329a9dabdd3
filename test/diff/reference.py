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
                vals[k] = ref_torch.OPS[step['op']](*args)
        final = vals[case['final']]
        ws = [number(v) for v in case['weights']]   # reused cyclically, as exec.grad does
        w = torch.tensor([ws[i % len(ws)] for i in range(final.numel())], dtype=torch.float64).reshape(final.shape)
        if not final.requires_grad:
            gs = [None] * len(sources)
        else:
            gs = torch.autograd.grad([final], [t for _, t in sources], [w], allow_unused=True)
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
