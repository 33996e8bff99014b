#!/usr/bin/python3
"""Reference numbers for the tensor engine tests (tests/Dcgan.Net.Tests/Tensors), from PyTorch 1.13.

Run with Debian's python (python3-torch 1.13.1; Fashion-MNIST from dataset-fashion-mnist):
    /usr/bin/python3 tools/make_engine_fixtures.py [--only FILE ...]
--only writes just the named files. PyTorch's convolution kernels depend on the CPU, so a rerun on another machine
changes the last bits of the convolution fixtures (measured: up to 1.1e-5 relative, inside the tests' tolerances);
committed fixtures are therefore never rewritten to make a test pass: new cases go into new files.
Writes small safetensors files to tests/Dcgan.Net.Tests/Fixtures/Tensors/:
  ops.safetensors, nn.safetensors   one entry per op case, described by the JSON list in metadata "cases":
                     {name, op, args, inputs (count), grad (which inputs get gradients), second}.
                     Tensors: NAME/in{i} (absent for a None input), NAME/out, NAME/gout (random upstream
                     gradient), NAME/grad{i}, NAME/after{i} (inputs changed in place: running statistics).
                     With second: for q = 0.5 * op(...)^2 (a smooth, well-conditioned head that makes the
                     upstream gradient of op depend on the inputs), NAME/first{i} are the gradients of q for
                     gout taken with create_graph=True, and NAME/second{i} the gradients of
                     sum_i <first{i}, NAME/probe{i}> with respect to the inputs (Hessian-vector products).
  modules.safetensors  one model using every nn module: state dict under "m.", forward/backward in training
                     mode, running statistics after, evaluation-mode output; metadata "keys" lists torch's order.
  penalty.safetensors  a small critic: WGAN-GP and R1 penalties and their parameter/input gradients.
  optim.safetensors  Adam / SGD / RMSprop trajectories on fixed gradients, and the final optimiser state.
  odd_shapes.safetensors  more op cases (same layout as ops.safetensors) on larger sizes that are not multiples of
                     8 or 16, so the SIMD bodies, the GEMM micro-kernel's full tiles, its ragged edges and several
                     depth blocks all run: convolutions, transposed convolutions, linear, matmul, batch norm,
                     element-wise ops and reductions. The expected values of the matrix products and convolutions are
                     computed in float64 from the float32 inputs.
  generator.json     TensorGenerator's reference stream (SplitMix64-seeded xoshiro256**, 53-bit doubles, the float
                     uniform/normal fills and the permutation), from an independent pure-Python implementation.
  dcgan_*.safetensors  shared/reference/torch_dcgan.py networks (latent 16, hidden 16, 1 channel, 32x32):
                     initial state, a pool of Fashion-MNIST images and per-step indices and noise, one full
                     training step (losses, outputs, gradients, state after) and a 20-step loss trajectory.
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_min import save  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'Dcgan.Net.Tests', 'Fixtures', 'Tensors')
FASHION = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'


def np32(t):
    return t.detach().to(torch.float32).contiguous().numpy().copy()


def _slice(x, a):
    index = [slice(None)] * x.dim()
    index[a['dim']] = slice(a['start'], a['end'])
    return x[tuple(index)]


def _batch_norm(x, a):
    return F.batch_norm(x[0], x[3], x[4], x[1], x[2], a['training'], a['momentum'], a['eps'])


def _reduce(fn):
    def run(x, a):
        return fn(x[0]) if 'dims' not in a else fn(x[0], a['dims'], keepdim=a['keep'])
    return run


OPS = {
    'add': lambda x, a: x[0] + x[1],
    'sub': lambda x, a: x[0] - x[1],
    'mul': lambda x, a: x[0] * x[1],
    'div': lambda x, a: x[0] / x[1],
    'add_scalar': lambda x, a: x[0] + a['value'],
    'mul_scalar': lambda x, a: x[0] * a['value'],
    'neg': lambda x, a: -x[0],
    'exp': lambda x, a: torch.exp(x[0]),
    'log': lambda x, a: torch.log(x[0]),
    'sqrt': lambda x, a: torch.sqrt(x[0]),
    'pow': lambda x, a: x[0] ** a['p'],
    'abs': lambda x, a: torch.abs(x[0]),
    'clamp': lambda x, a: torch.clamp(x[0], a['min'], a['max']),
    'tanh': lambda x, a: torch.tanh(x[0]),
    'sigmoid': lambda x, a: torch.sigmoid(x[0]),
    'relu': lambda x, a: F.relu(x[0]),
    'leaky_relu': lambda x, a: F.leaky_relu(x[0], a['slope']),
    'sum': _reduce(torch.sum),
    'mean': _reduce(torch.mean),
    'var': lambda x, a: torch.var(x[0], a['dims'], unbiased=a['unbiased'], keepdim=a['keep']),
    'max': lambda x, a: torch.max(x[0], a['dim'], keepdim=a['keep'])[0],
    'reshape': lambda x, a: x[0].reshape(a['shape']),
    'view': lambda x, a: x[0].view(a['shape']),
    'permute': lambda x, a: x[0].permute(a['order']),
    'transpose': lambda x, a: x[0].transpose(a['dim0'], a['dim1']),
    'flatten': lambda x, a: x[0].flatten(a['start'], a['end']),
    'unsqueeze': lambda x, a: x[0].unsqueeze(a['dim']),
    'squeeze': lambda x, a: x[0].squeeze(a['dim']),
    'narrow': lambda x, a: x[0].narrow(a['dim'], a['start'], a['length']),
    'slice': lambda x, a: _slice(x[0], a),
    'cat': lambda x, a: torch.cat(x, a['dim']),
    'stack': lambda x, a: torch.stack(x, a['dim']),
    'expand': lambda x, a: x[0].expand(a['shape']),
    'sum_to': lambda x, a: x[0].sum_to_size(a['shape']),
    'matmul': lambda x, a: x[0] @ x[1],
    'linear': lambda x, a: F.linear(x[0], x[1], x[2]),
    'conv2d': lambda x, a: F.conv2d(x[0], x[1], x[2], a['stride'], a['padding']),
    'conv_transpose2d': lambda x, a: F.conv_transpose2d(x[0], x[1], x[2], a['stride'], a['padding'], a['output_padding']),
    'batch_norm': _batch_norm,
    'instance_norm': lambda x, a: F.instance_norm(x[0], weight=x[1], bias=x[2], eps=a['eps']),
    'layer_norm': lambda x, a: F.layer_norm(x[0], a['shape'], x[1], x[2], a['eps']),
    'pixel_shuffle': lambda x, a: F.pixel_shuffle(x[0], a['r']),
    'bce': lambda x, a: F.binary_cross_entropy(x[0], x[1], reduction=a['reduction']),
    'bce_logits': lambda x, a: F.binary_cross_entropy_with_logits(x[0], x[1], reduction=a['reduction']),
    'mse': lambda x, a: F.mse_loss(x[0], x[1], reduction=a['reduction']),
}


class CaseFile:
    """Collects op cases (see the module docstring) and writes them to one file.

    add(..., precision=torch.float64) computes a case's expected values from the same float32 inputs in double
    precision (stored as float32): on long sums PyTorch's own float32 result can be ~1e-5 off, as much as the
    tolerance itself."""

    def __init__(self):
        self.tensors = {}
        self.cases = []

    def add(self, name, op, inputs, args=None, grad=None, second=True, precision=torch.float32):
        args = args or {}
        originals = [None if t is None else t.detach().to(torch.float32).clone() for t in inputs]
        grad = grad if grad is not None else [t is not None for t in originals]
        for i, t in enumerate(originals):
            if t is not None:
                self.tensors[f'{name}/in{i}'] = np32(t)

        def leaves():
            return [None if t is None else t.to(precision).clone().requires_grad_(g) for t, g in zip(originals, grad)]

        xs = leaves()
        wrt = [t for t, g in zip(xs, grad) if g]
        out = OPS[op](xs, args)
        gout = torch.randn(out.shape)
        firsts = torch.autograd.grad(out, wrt, gout.to(precision), allow_unused=True)
        self.tensors[f'{name}/out'] = np32(out)
        self.tensors[f'{name}/gout'] = np32(gout)
        self._per_input(name, 'grad', grad, firsts, wrt)
        for i, (before, now) in enumerate(zip(originals, xs)):
            if before is not None and not grad[i] and not torch.equal(before, now.to(torch.float32)):
                self.tensors[f'{name}/after{i}'] = np32(now)

        if second:
            xs = leaves()
            wrt = [t for t, g in zip(xs, grad) if g]
            z = OPS[op](xs, args)
            firsts = torch.autograd.grad(0.5 * z * z, wrt, gout.to(precision), create_graph=True)
            probes = [torch.randn(t.shape) for t in wrt]
            s = sum((f * p.to(precision)).sum() for f, p in zip(firsts, probes))
            seconds = torch.autograd.grad(s, wrt, allow_unused=True)
            self._per_input(name, 'first', grad, firsts, wrt)
            self._per_input(name, 'probe', grad, probes, wrt)
            self._per_input(name, 'second', grad, seconds, wrt)

        self.cases.append({'name': name, 'op': op, 'args': args, 'inputs': len(inputs), 'grad': grad, 'second': second})

    def _per_input(self, name, kind, grad, values, wrt):
        k = 0
        for i, g in enumerate(grad):
            if g:
                v = values[k]
                self.tensors[f'{name}/{kind}{i}'] = np32(v if v is not None else torch.zeros_like(wrt[k]))
                k += 1

    def write(self, file_name):
        save(os.path.join(OUT, file_name), self.tensors, {'cases': json.dumps(self.cases, separators=(',', ':'))})


def randn(*shape, scale=1.0):
    return torch.randn(shape) * scale


def uniform(low, high, *shape):
    return torch.rand(shape) * (high - low) + low


def away_from_zero(*shape):
    return uniform(0.5, 1.5, *shape) * torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0)


def with_values(t, values):
    """Puts exact special values (kinks, clamp bounds) into the first elements."""
    flat = t.flatten().clone()
    flat[:len(values)] = torch.tensor(values)
    return flat.reshape(t.shape)


def elementwise_cases(c):
    c.add('add_bcast', 'add', [randn(2, 3, 5, 3), randn(1, 3, 1, 1)])
    c.add('add_0d', 'add', [randn(4, 3), randn()])
    c.add('sub_bcast', 'sub', [randn(3, 1, 5), randn(4, 1)])
    c.add('mul_bcast', 'mul', [randn(2, 3, 5, 3), randn(3, 1, 1)])
    c.add('mul_same', 'mul', [randn(5, 7), randn(5, 7)])
    c.add('div_bcast', 'div', [randn(2, 3, 4, 5), away_from_zero(1, 3, 1, 5)])
    c.add('add_scalar', 'add_scalar', [randn(3, 5)], {'value': 0.75})
    c.add('mul_scalar', 'mul_scalar', [randn(3, 5)], {'value': -1.5})
    c.add('neg', 'neg', [randn(3, 5)])
    c.add('exp', 'exp', [randn(2, 3, 5, 3)])
    c.add('log', 'log', [uniform(0.2, 2.0, 2, 3, 5, 3)])
    c.add('sqrt', 'sqrt', [uniform(0.2, 2.0, 3, 5, 7)])
    c.add('pow3', 'pow', [randn(3, 5, 7)], {'p': 3.0})
    c.add('pow2', 'pow', [randn(3, 5, 7)], {'p': 2.0})
    c.add('pow_neg_half', 'pow', [uniform(0.2, 2.0, 3, 5, 7)], {'p': -0.5})
    c.add('abs', 'abs', [with_values(randn(3, 5, 7), [0.0, -0.0])])
    c.add('clamp', 'clamp', [with_values(randn(3, 5, 7), [-0.5, 0.75])], {'min': -0.5, 'max': 0.75})
    c.add('tanh', 'tanh', [randn(2, 3, 5, 3, scale=2.0)])
    c.add('sigmoid', 'sigmoid', [randn(2, 3, 5, 3, scale=2.0)])
    c.add('relu', 'relu', [with_values(randn(2, 3, 5, 3), [0.0])])
    c.add('leaky_relu', 'leaky_relu', [with_values(randn(2, 3, 5, 3), [0.0])], {'slope': 0.2})


def reduction_and_shape_cases(c):
    c.add('sum_all', 'sum', [randn(3, 4, 5)])
    c.add('sum_dims', 'sum', [randn(2, 3, 4, 5)], {'dims': [1, 3], 'keep': False})
    c.add('sum_keep', 'sum', [randn(2, 3, 4, 5)], {'dims': [0, 2], 'keep': True})
    c.add('sum_last', 'sum', [randn(3, 7)], {'dims': [-1], 'keep': False})
    c.add('mean_all', 'mean', [randn(3, 4, 5)])
    c.add('mean_dims', 'mean', [randn(2, 3, 4, 5)], {'dims': [2, 3], 'keep': False})
    c.add('var_unbiased', 'var', [randn(3, 5, 4)], {'dims': [1], 'unbiased': True, 'keep': False})
    c.add('var_biased_keep', 'var', [randn(3, 5, 4)], {'dims': [0, 2], 'unbiased': False, 'keep': True})
    c.add('max_dim', 'max', [randn(3, 5, 4)], {'dim': 1, 'keep': False})
    c.add('max_keep', 'max', [randn(3, 5, 4)], {'dim': -1, 'keep': True})
    c.add('reshape', 'reshape', [randn(2, 3, 4, 5)], {'shape': [6, -1]})
    c.add('view', 'view', [randn(2, 3, 4, 5)], {'shape': [4, 30]})
    c.add('permute', 'permute', [randn(2, 3, 4, 5)], {'order': [2, 0, 3, 1]})
    c.add('transpose', 'transpose', [randn(2, 3, 4, 5)], {'dim0': 1, 'dim1': 3})
    c.add('flatten', 'flatten', [randn(2, 3, 4, 5)], {'start': 1, 'end': -1})
    c.add('flatten_mid', 'flatten', [randn(2, 3, 4, 5)], {'start': 0, 'end': 2})
    c.add('unsqueeze', 'unsqueeze', [randn(3, 5)], {'dim': 1})
    c.add('squeeze', 'squeeze', [randn(3, 1, 5)], {'dim': 1})
    c.add('narrow', 'narrow', [randn(2, 3, 6, 5)], {'dim': 2, 'start': 1, 'length': 3})
    c.add('slice_neg', 'slice', [randn(2, 7, 3)], {'dim': 1, 'start': -5, 'end': -1})
    c.add('cat', 'cat', [randn(2, 3, 4), randn(2, 1, 4), randn(2, 5, 4)], {'dim': 1})
    c.add('cat0', 'cat', [randn(1, 3), randn(4, 3)], {'dim': 0})
    c.add('stack', 'stack', [randn(3, 4), randn(3, 4)], {'dim': 1})
    c.add('expand', 'expand', [randn(3, 1, 5)], {'shape': [2, 3, 4, 5]})
    c.add('sum_to', 'sum_to', [randn(2, 3, 4, 5)], {'shape': [3, 1, 5]})


def linear_and_conv_cases(c):
    c.add('matmul', 'matmul', [randn(3, 7), randn(7, 5)])
    c.add('matmul_vec', 'matmul', [randn(1, 9), randn(9, 1)])
    c.add('linear', 'linear', [randn(3, 7), randn(5, 7, scale=0.5), randn(5)])
    c.add('linear_b1', 'linear', [randn(1, 9), randn(1, 9, scale=0.5), None])
    conv = {'stride': [2, 1], 'padding': [1, 0]}
    c.add('conv', 'conv2d', [randn(2, 3, 7, 5), randn(4, 3, 3, 2, scale=0.3), randn(4)], conv)
    c.add('conv_1x1', 'conv2d', [randn(1, 3, 1, 1), randn(5, 3, 1, 1, scale=0.5), None], {'stride': [1, 1], 'padding': [0, 0]})
    c.add('conv_1x1_pad', 'conv2d', [randn(1, 2, 1, 1), randn(3, 2, 3, 3, scale=0.5), randn(3)], {'stride': [1, 1], 'padding': [1, 1]})
    c.add('conv_s2', 'conv2d', [randn(1, 2, 9, 6), randn(3, 2, 4, 4, scale=0.3), None], {'stride': [2, 2], 'padding': [1, 1]})
    c.add('conv_head', 'conv2d', [randn(3, 4, 4, 4), randn(1, 4, 4, 4, scale=0.2), None], {'stride': [1, 1], 'padding': [0, 0]})
    c.add('convt', 'conv_transpose2d', [randn(2, 4, 3, 5), randn(4, 3, 4, 4, scale=0.3), randn(3)],
          {'stride': [2, 2], 'padding': [1, 1], 'output_padding': [0, 0]})
    c.add('convt_outpad', 'conv_transpose2d', [randn(1, 3, 4, 3), randn(3, 2, 3, 3, scale=0.3), None],
          {'stride': [2, 2], 'padding': [1, 1], 'output_padding': [1, 1]})
    c.add('convt_1x1', 'conv_transpose2d', [randn(2, 5, 1, 1), randn(5, 6, 4, 4, scale=0.3), None],
          {'stride': [1, 1], 'padding': [0, 0], 'output_padding': [0, 0]})
    c.add('convt_rect', 'conv_transpose2d', [randn(1, 2, 3, 2), randn(2, 3, 2, 3, scale=0.5), randn(3)],
          {'stride': [2, 1], 'padding': [0, 1], 'output_padding': [1, 0]})


def norm_and_loss_cases(c):
    def bn(name, shape, affine, training):
        ch = shape[1]
        w, b = (uniform(0.5, 1.5, ch), randn(ch, scale=0.3)) if affine else (None, None)
        inputs = [randn(*shape, scale=1.5) + 0.3, w, b, randn(ch, scale=0.2), uniform(0.5, 2.0, ch)]
        c.add(name, 'batch_norm', inputs, {'training': training, 'momentum': 0.1, 'eps': 1e-5},
              grad=[True, affine, affine, False, False], second=not training)

    bn('bn_train', (3, 5, 4, 3), True, True)
    bn('bn_train_b1', (1, 4, 3, 5), True, True)
    bn('bn_train_plain', (4, 3, 2, 2), False, True)
    bn('bn_eval', (2, 5, 3, 4), True, False)
    c.add('instance_norm', 'instance_norm', [randn(2, 3, 5, 4) + 0.5, uniform(0.5, 1.5, 3), randn(3)], {'eps': 1e-5})
    c.add('instance_norm_plain', 'instance_norm', [randn(1, 4, 3, 3), None, None], {'eps': 1e-5})
    c.add('layer_norm', 'layer_norm', [randn(3, 4, 5) - 0.2, uniform(0.5, 1.5, 4, 5), randn(4, 5)], {'shape': [4, 5], 'eps': 1e-5})
    c.add('layer_norm_plain', 'layer_norm', [randn(2, 3, 5), None, None], {'shape': [5], 'eps': 1e-5})
    c.add('pixel_shuffle2', 'pixel_shuffle', [randn(2, 8, 3, 5)], {'r': 2})
    c.add('pixel_shuffle3', 'pixel_shuffle', [randn(1, 9, 2, 3)], {'r': 3})
    for reduction in ('mean', 'sum', 'none'):
        # Probabilities at exactly 0 and 1 (with targets 0, 1 and soft) exercise the -100 log clamp.
        p = with_values(uniform(0.02, 0.98, 4, 5), [0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
        y = with_values(torch.rand(4, 5), [0.0, 1.0, 1.0, 0.0, 0.5, 0.5])
        c.add(f'bce_{reduction}', 'bce', [p, y], {'reduction': reduction}, grad=[True, False], second=False)
        c.add(f'bce_logits_{reduction}', 'bce_logits', [with_values(randn(4, 5, scale=3.0), [30.0, -30.0, 0.0]), torch.rand(4, 5)],
              {'reduction': reduction})
        c.add(f'mse_{reduction}', 'mse', [randn(3, 4, 5), randn(3, 4, 5)], {'reduction': reduction})
    c.add('bce_target_grad', 'bce', [uniform(0.02, 0.98, 3, 4), torch.rand(3, 4)], {'reduction': 'mean'}, second=False)


def state_dict_arrays(module, prefix):
    return {prefix + k: (v.detach().numpy().copy() if v.dtype != torch.float32 else np32(v)) for k, v in module.state_dict().items()}


def modules_fixture():
    torch.manual_seed(11)
    model = nn.Sequential(
        nn.Conv2d(3, 6, 3, 1, 1), nn.BatchNorm2d(6), nn.LeakyReLU(0.2),
        nn.ConvTranspose2d(6, 8, 3, 2, 1, output_padding=1), nn.InstanceNorm2d(8, affine=True), nn.ReLU(),
        nn.PixelShuffle(2), nn.Conv2d(2, 3, 4, 4, 0), nn.Flatten(), nn.Linear(45, 10), nn.LayerNorm(10), nn.Tanh(),
        nn.Unflatten(1, (2, 5)), nn.Sigmoid())
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d, nn.LayerNorm)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.2)
    t = state_dict_arrays(model, 'm.')
    keys = list(model.state_dict().keys())
    x = torch.randn(2, 3, 3, 5, requires_grad=True)
    out = model(x)
    gout = torch.randn(out.shape)
    out.backward(gout)
    t.update({'x': np32(x), 'out': np32(out), 'gout': np32(gout), 'grad/x': np32(x.grad)})
    t.update({f'grad/{k}': np32(p.grad) for k, p in model.named_parameters()})
    t.update({f'after/{k}': v for k, v in state_dict_arrays(model, '').items() if 'running' in k or 'num_batches' in k})
    model.eval()
    with torch.no_grad():
        t['out_eval'] = np32(model(x))
    save(os.path.join(OUT, 'modules.safetensors'), t, {'keys': json.dumps(keys)})


def penalty_fixture():
    torch.manual_seed(12)
    critic = nn.Sequential(
        nn.Conv2d(2, 4, 3, 2, 1), nn.LeakyReLU(0.2), nn.ConvTranspose2d(4, 3, 4, 2, 1), nn.Tanh(),
        nn.Conv2d(3, 2, 3, 1, 0), nn.Sigmoid(), nn.Flatten(), nn.Linear(48, 1))
    t = state_dict_arrays(critic, 'c.')
    x0 = torch.randn(3, 2, 7, 6)
    t['x'] = np32(x0)
    for name in ('gp', 'r1'):
        critic.zero_grad()
        x = x0.clone().requires_grad_(True)
        out = critic(x)
        gx, = torch.autograd.grad(out.sum(), x, create_graph=True)
        if name == 'gp':
            penalty = ((gx.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
        else:
            penalty = gx.pow(2).sum(dim=[1, 2, 3]).mean()
        loss = F.binary_cross_entropy_with_logits(out, torch.ones_like(out)) + 10 * penalty
        loss.backward()
        t[f'{name}/out'] = np32(out)
        t[f'{name}/gx'] = np32(gx)
        t[f'{name}/penalty'] = np32(penalty)
        t[f'{name}/loss'] = np32(loss)
        t[f'{name}/grad/x'] = np32(x.grad)
        t.update({f'{name}/grad/{k}': np32(p.grad) for k, p in critic.named_parameters()})
    save(os.path.join(OUT, 'penalty.safetensors'), t)


OPTIMIZERS = {
    'adam': lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.5, 0.999)),
    'adam_wd': lambda ps: torch.optim.Adam(ps, lr=1e-2, betas=(0.5, 0.999), weight_decay=0.1),
    'adam_eps': lambda ps: torch.optim.Adam(ps, lr=1e-2, eps=1e-2),
    'sgd': lambda ps: torch.optim.SGD(ps, lr=0.1),
    'sgd_momentum': lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
    'sgd_nesterov': lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    'sgd_dampening': lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.8, dampening=0.3, weight_decay=0.05),
    'rmsprop': lambda ps: torch.optim.RMSprop(ps, lr=1e-2),
    'rmsprop_momentum': lambda ps: torch.optim.RMSprop(ps, lr=1e-2, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5),
}
OPTIM_STEPS = 6
SKIPPED_STEP = 2  # parameter 1 has no gradient at this step (the optimiser must leave it and its state alone)


def optim_fixture():
    torch.manual_seed(13)
    p0, p1 = torch.randn(5, 3), torch.randn(7)
    g0, g1 = torch.randn(OPTIM_STEPS, 5, 3) * 0.1, torch.randn(OPTIM_STEPS, 7)
    t = {'p0': np32(p0), 'p1': np32(p1), 'g0': np32(g0), 'g1': np32(g1)}
    for name, make in OPTIMIZERS.items():
        ps = [p0.clone().requires_grad_(True), p1.clone().requires_grad_(True)]
        opt = make(ps)
        traj0, traj1 = [], []
        for s in range(OPTIM_STEPS):
            ps[0].grad = g0[s].clone()
            ps[1].grad = None if s == SKIPPED_STEP else g1[s].clone()
            opt.step()
            traj0.append(ps[0].detach().clone())
            traj1.append(ps[1].detach().clone())
        t[f'{name}/p0'] = np32(torch.stack(traj0))
        t[f'{name}/p1'] = np32(torch.stack(traj1))
        for i, p in enumerate(ps):
            for key, value in opt.state[p].items():
                if key != 'step' and value is not None:
                    t[f'{name}/state.{i}.{key}'] = np32(value)
    save(os.path.join(OUT, 'optim.safetensors'), t, {'steps': str(OPTIM_STEPS), 'skipped_step': str(SKIPPED_STEP)})


class G(nn.Module):
    """shared/reference/torch_dcgan.py's generator."""

    def __init__(self, nc, latent, hidden):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(latent, 4 * hidden, 4, 1, 0, bias=False), nn.BatchNorm2d(4 * hidden), nn.ReLU(True),
            nn.ConvTranspose2d(4 * hidden, 2 * hidden, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * hidden), nn.ReLU(True),
            nn.ConvTranspose2d(2 * hidden, hidden, 4, 2, 1, bias=False), nn.BatchNorm2d(hidden), nn.ReLU(True),
            nn.ConvTranspose2d(hidden, nc, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.net(z)


class D(nn.Module):
    """shared/reference/torch_dcgan.py's discriminator."""

    def __init__(self, nc, hidden):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(nc, hidden, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, True),
            nn.Conv2d(hidden, 2 * hidden, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * hidden), nn.LeakyReLU(0.2, True),
            nn.Conv2d(2 * hidden, 4 * hidden, 4, 2, 1, bias=False), nn.BatchNorm2d(4 * hidden), nn.LeakyReLU(0.2, True),
            nn.Conv2d(4 * hidden, 1, 4, 1, 0, bias=False), nn.Sigmoid())

    def forward(self, x):
        return self.net(x).view(-1)


def dcgan_init(m):
    n = m.__class__.__name__
    if 'Conv' in n:
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif 'BatchNorm' in n:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


DCGAN = {'latent': 16, 'hidden': 16, 'batch': 8, 'steps': 20, 'pool': 32, 'lr': 2e-4, 'beta1': 0.5, 'beta2': 0.999}


def fashion_pool(count):
    if not os.path.exists(FASHION):
        sys.exit(f'{FASHION} is missing: apt-get install dataset-fashion-mnist')
    with gzip.open(FASHION, 'rb') as f:
        _, n, h, w = struct.unpack('>IIII', f.read(16))
        return np.frombuffer(f.read(count * h * w), dtype=np.uint8).reshape(count, h, w).copy()


def to_batch(images):
    """As the reference: pad 28 -> 32 with zeros, scale to [-1, 1] in float32, add the channel dimension."""
    x = np.pad(images, ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1.0
    return torch.from_numpy(x).unsqueeze(1)


def dcgan_fixture():
    c = DCGAN
    torch.manual_seed(0)
    g, d = G(1, c['latent'], c['hidden']), D(1, c['hidden'])
    g.apply(dcgan_init)
    d.apply(dcgan_init)
    pool = fashion_pool(c['pool'])
    indices = torch.stack([torch.randperm(c['pool'])[:c['batch']] for _ in range(c['steps'])])
    noise = torch.randn(c['steps'], c['batch'], c['latent'], 1, 1)
    init = {**state_dict_arrays(g, 'G.'), **state_dict_arrays(d, 'D.'), 'pool': pool,
            'indices': indices.numpy().astype(np.int64), 'noise': np32(noise)}
    save(os.path.join(OUT, 'dcgan_init.safetensors'), init, {k: str(v) for k, v in c.items()})

    og = torch.optim.Adam(g.parameters(), c['lr'], betas=(c['beta1'], c['beta2']))
    od = torch.optim.Adam(d.parameters(), c['lr'], betas=(c['beta1'], c['beta2']))
    bce = nn.BCELoss()
    ones, zeros = torch.ones(c['batch']), torch.zeros(c['batch'])
    trajectory, step0 = [], {}
    for step in range(c['steps']):
        real = to_batch(pool[indices[step].numpy()])
        d.zero_grad()
        out_r = d(real)
        loss_r = bce(out_r, ones)
        loss_r.backward()
        fake = g(noise[step])
        out_f = d(fake.detach())
        loss_f = bce(out_f, zeros)
        loss_f.backward()
        d_grads = {f'grad/D.{k}': np32(p.grad) for k, p in d.named_parameters()}
        od.step()
        g.zero_grad()
        out_g = d(fake)
        loss_g = bce(out_g, ones)
        loss_g.backward()
        g_grads = {f'grad/G.{k}': np32(p.grad) for k, p in g.named_parameters()}
        og.step()
        trajectory.append([float(v) for v in (loss_r, loss_f, loss_g, out_r.mean(), out_f.mean(), out_g.mean())])
        if step == 0:
            step0 = {'out_real': np32(out_r), 'out_fake': np32(out_f), 'out_gen': np32(out_g), 'fake': np32(fake),
                     'loss_real': np32(loss_r), 'loss_fake': np32(loss_f), 'loss_gen': np32(loss_g), **d_grads, **g_grads}
            after = {**state_dict_arrays(g, 'G.'), **state_dict_arrays(d, 'D.')}
    save(os.path.join(OUT, 'dcgan_step.safetensors'), step0)
    save(os.path.join(OUT, 'dcgan_after.safetensors'), after)
    final = {k: v for k, v in {**state_dict_arrays(g, 'G.'), **state_dict_arrays(d, 'D.')}.items() if 'running' in k}
    save(os.path.join(OUT, 'dcgan_trajectory.safetensors'), {'losses': np.array(trajectory, dtype=np.float32), **final},
         {'columns': 'loss_real,loss_fake,loss_gen,d_real,d_fake,d_gen'})


def odd_shape_fixture():
    """Sizes chosen against the kernels: AVX-512 tiles are 8 x 48, AVX2 6 x 16, depth blocks 256; vectors 4-16 wide."""
    torch.manual_seed(14)
    c = CaseFile()
    f64 = torch.float64
    c.add('conv3x3_odd', 'conv2d', [randn(2, 11, 9, 7), randn(19, 11, 3, 3, scale=0.2), randn(19)],
          {'stride': [1, 1], 'padding': [1, 1]}, precision=f64)
    c.add('conv_dcgan_odd', 'conv2d', [randn(3, 3, 17, 15), randn(13, 3, 4, 4, scale=0.3), None],
          {'stride': [2, 2], 'padding': [1, 1]}, second=False, precision=f64)
    c.add('conv_deep_odd', 'conv2d', [randn(1, 37, 5, 7), randn(9, 37, 3, 3, scale=0.1), randn(9)],
          {'stride': [1, 2], 'padding': [1, 1]}, second=False, precision=f64)
    c.add('conv1x1_odd', 'conv2d', [randn(3, 21, 7, 5), randn(17, 21, 1, 1, scale=0.3), randn(17)],
          {'stride': [1, 1], 'padding': [0, 0]}, second=False, precision=f64)
    c.add('convt_dcgan_odd', 'conv_transpose2d', [randn(1, 13, 5, 7), randn(13, 17, 4, 4, scale=0.2), None],
          {'stride': [2, 2], 'padding': [1, 1], 'output_padding': [0, 0]}, precision=f64)
    c.add('convt_head_odd', 'conv_transpose2d', [randn(5, 19, 1, 1), randn(19, 9, 4, 4, scale=0.2), randn(9)],
          {'stride': [1, 1], 'padding': [0, 0], 'output_padding': [0, 0]}, second=False, precision=f64)
    c.add('convt_outpad_odd', 'conv_transpose2d', [randn(2, 7, 6, 5), randn(7, 5, 3, 3, scale=0.3), randn(5)],
          {'stride': [2, 2], 'padding': [1, 1], 'output_padding': [1, 1]}, second=False, precision=f64)
    c.add('linear_odd', 'linear', [randn(19, 70), randn(21, 70, scale=0.2), randn(21)], second=False, precision=f64)
    c.add('matmul_deep', 'matmul', [randn(19, 261), randn(261, 17, scale=0.1)], second=False, precision=f64)
    bn_inputs = [randn(3, 19, 5, 7, scale=1.5) + 0.3, uniform(0.5, 1.5, 19), randn(19, scale=0.3),
                 randn(19, scale=0.2), uniform(0.5, 2.0, 19)]
    c.add('bn_train_odd', 'batch_norm', bn_inputs, {'training': True, 'momentum': 0.1, 'eps': 1e-5},
          grad=[True, True, True, False, False], second=False)
    x = randn(3, 19, 5, 7)
    c.add('add_channels_odd', 'add', [x, randn(1, 19, 1, 1)], second=False)
    c.add('mul_same_odd', 'mul', [randn(5, 7, 11), randn(5, 7, 11)], second=False)
    c.add('div_odd', 'div', [randn(5, 7, 11), away_from_zero(5, 7, 11)], second=False)
    c.add('exp_odd', 'exp', [randn(5, 7, 11)], second=False)
    c.add('log_odd', 'log', [uniform(0.2, 2.0, 5, 7, 11)], second=False)
    c.add('sqrt_odd', 'sqrt', [uniform(0.2, 2.0, 5, 7, 11)], second=False)
    c.add('tanh_odd', 'tanh', [randn(5, 7, 11, scale=2.0)])
    c.add('sigmoid_odd', 'sigmoid', [randn(5, 7, 11, scale=2.0)])
    c.add('relu_odd', 'relu', [randn(5, 7, 11)], second=False)
    c.add('leaky_relu_odd', 'leaky_relu', [randn(5, 7, 11)], {'slope': 0.2}, second=False)
    c.add('sum_channels_odd', 'sum', [x], {'dims': [0, 2, 3], 'keep': True}, second=False)
    c.add('mean_rows_odd', 'mean', [randn(5, 7, 11)], {'dims': [-1], 'keep': False}, second=False)
    c.add('var_odd', 'var', [randn(5, 7, 11)], {'dims': [0, 2], 'unbiased': True, 'keep': False}, second=False)
    c.add('max_odd', 'max', [randn(5, 7, 11)], {'dim': 1, 'keep': False}, second=False)
    c.write('odd_shapes.safetensors')


class Xoshiro256:
    """SplitMix64-seeded xoshiro256** (Blackman and Vigna), written from the published algorithm."""

    MASK = (1 << 64) - 1

    def __init__(self, seed):
        self.x = seed
        self.s = [self._splitmix() for _ in range(4)]

    def _splitmix(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & self.MASK
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self.MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self.MASK
        return z ^ (z >> 31)

    @staticmethod
    def _rotl(v, k):
        return ((v << k) | (v >> (64 - k))) & Xoshiro256.MASK

    def next(self):
        s = self.s
        result = (self._rotl((s[1] * 5) & self.MASK, 7) * 9) & self.MASK
        t = (s[1] << 17) & self.MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = self._rotl(s[3], 45)
        return result

    def double(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))

    def int_below(self, n):
        return ((self.next() >> 33) * n) >> 31


def f32_bits(value):
    return int(np.array(value, dtype=np.float32).view(np.uint32))


def generator_fixture():
    cases = []
    for seed in (0, 42, 2**64 - 1):
        g = Xoshiro256(seed)
        raw = [str(g.next()) for _ in range(6)]
        low, high = float(np.float32(-2.0)), float(np.float32(3.0))
        uniform_bits = [f32_bits(low + (high - low) * g.double()) for _ in range(9)]
        mean, std = float(np.float32(0.5)), float(np.float32(2.0))
        normal_bits = []
        while len(normal_bits) < 7:  # Box-Muller pairs; the odd last value drops its partner, as the C# fill does
            u1, u2 = 1.0 - g.double(), g.double()
            r = math.sqrt(-2.0 * math.log(u1))
            normal_bits.append(f32_bits(mean + std * r * math.cos(2 * math.pi * u2)))
            if len(normal_bits) < 7:
                normal_bits.append(f32_bits(mean + std * r * math.sin(2 * math.pi * u2)))
        p = list(range(10))
        for i in range(9, 0, -1):
            j = g.int_below(i + 1)
            p[i], p[j] = p[j], p[i]
        cases.append({'seed': str(seed), 'raw': raw, 'uniform_low': -2.0, 'uniform_high': 3.0, 'uniform_bits': uniform_bits,
                      'normal_mean': 0.5, 'normal_std': 2.0, 'normal_bits': normal_bits, 'permutation': p,
                      'state_after': [str(v) for v in g.s]})
    with open(os.path.join(OUT, 'generator.json'), 'w') as f:
        json.dump(cases, f, indent=1)
        f.write('\n')


def op_fixtures():
    torch.manual_seed(10)
    ops = CaseFile()
    elementwise_cases(ops)
    reduction_and_shape_cases(ops)
    ops.write('ops.safetensors')
    nn_ops = CaseFile()
    linear_and_conv_cases(nn_ops)
    norm_and_loss_cases(nn_ops)
    nn_ops.write('nn.safetensors')


# Each writer seeds itself, so any subset can be written alone with --only.
WRITERS = {
    'ops.safetensors': op_fixtures, 'nn.safetensors': op_fixtures, 'modules.safetensors': modules_fixture,
    'penalty.safetensors': penalty_fixture, 'optim.safetensors': optim_fixture, 'odd_shapes.safetensors': odd_shape_fixture,
    'generator.json': generator_fixture, 'dcgan_init.safetensors': dcgan_fixture, 'dcgan_step.safetensors': dcgan_fixture,
    'dcgan_after.safetensors': dcgan_fixture, 'dcgan_trajectory.safetensors': dcgan_fixture,
}


def main():
    parser = argparse.ArgumentParser(description='Writes the tensor engine fixtures.')
    parser.add_argument('--only', nargs='+', choices=sorted(WRITERS), help='write only these files')
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    writers = list(dict.fromkeys(WRITERS[name] for name in (args.only or WRITERS)))
    for write in writers:
        write()
    for name in sorted(os.listdir(OUT)):
        print(f'{name}: {os.path.getsize(os.path.join(OUT, name))} bytes')


if __name__ == '__main__':
    main()
