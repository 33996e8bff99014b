#!/usr/bin/python3
"""Reference numbers for the domain-classifier tests, from PyTorch 1.13.

Run with Debian's python (python3-torch 1.13.1):
    /usr/bin/python3 tools/make_domain_fixtures.py
Writes:
  tests/Dcgan.Net.Tests/Fixtures/Tensors/softmax.safetensors
      log_softmax / softmax / cross_entropy cases: NAME/in, NAME/target (int64, cross-entropy only), NAME/out,
      NAME/gout (random upstream gradient) and NAME/grad (gradient of the input); metadata "cases" lists
      {name, op, dim, reduction}.
  tests/Dcgan.Net.Tests/Fixtures/Domain/classifier_torch.safetensors
      tools/domain_classifier.py with w=4, f=8, k=10 (torch.manual_seed(0) initialisation, then random batch-norm
      weights and running statistics so evaluation mode is exercised): state/KEY (the state dict); evaluation-mode
      penultimate features and logits for 32x32 inputs (eval32/...), for 28x28 inputs padded by 2 (eval28/...) and
      for 40x40 inputs resized bilinearly to 28 (F.interpolate, align_corners=False) and padded (eval40/...);
      one training-mode forward/backward with cross-entropy (train/x, train/target, train/loss, grad/PARAM, and
      after/KEY for the updated running statistics); metadata "keys" lists torch's state-dict order.
  tests/Dcgan.Net.Tests/Fixtures/Domain/chisquare.json
      class histograms with their expected shares and scipy.stats.chisquare's statistic and p-value.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from domain_classifier import DomainClassifierNetwork  # noqa: E402
from safetensors_min import save  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'tests', 'Dcgan.Net.Tests', 'Fixtures')


def np32(t):
    return t.detach().to(torch.float32).contiguous().numpy().copy()


def softmax_fixture():
    torch.manual_seed(21)
    tensors, cases = {}, []

    def add(name, op, x, dim=None, target=None, reduction=None):
        x = x.clone().requires_grad_(True)
        if op == 'log_softmax':
            out = F.log_softmax(x, dim)
        elif op == 'softmax':
            out = F.softmax(x, dim)
        else:
            out = F.cross_entropy(x, target, reduction=reduction)
        gout = torch.randn(out.shape)
        out.backward(gout)
        tensors.update({f'{name}/in': np32(x), f'{name}/out': np32(out), f'{name}/gout': np32(gout), f'{name}/grad': np32(x.grad)})
        if target is not None:
            tensors[f'{name}/target'] = target.numpy().astype(np.int64)
        cases.append({'name': name, 'op': op, 'dim': dim, 'reduction': reduction})

    wide = torch.randn(4, 6) * 3
    wide[0, 0], wide[1, 2], wide[2, :] = 60.0, -60.0, 5.0  # overflow without the max shift; a constant row
    add('log_softmax_2d', 'log_softmax', wide, dim=1)
    add('log_softmax_3d', 'log_softmax', torch.randn(3, 4, 5), dim=1)
    add('softmax_3d_last', 'softmax', torch.randn(3, 4, 5) * 2, dim=-1)
    logits = torch.randn(7, 5) * 4
    logits[3, 1] = 80.0
    target = torch.tensor([0, 1, 4, 1, 2, 3, 4])
    for reduction in ('mean', 'sum', 'none'):
        add(f'cross_entropy_{reduction}', 'cross_entropy', logits, target=target, reduction=reduction)
    save(os.path.join(FIXTURES, 'Tensors', 'softmax.safetensors'), tensors, {'cases': json.dumps(cases)})


def classifier_fixture():
    torch.manual_seed(0)
    net = DomainClassifierNetwork(4, 8, 10)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.normal_(0.0, 0.2)
                m.running_mean.normal_(0.0, 0.3)
                m.running_var.uniform_(0.5, 2.0)
                m.num_batches_tracked.fill_(7)
    t = {f'state/{k}': (np32(v) if v.dtype == torch.float32 else v.numpy().copy()) for k, v in net.state_dict().items()}

    net.eval()
    with torch.no_grad():
        for name, x, prepared in [
                ('eval32', torch.rand(5, 1, 32, 32), None),
                ('eval28', torch.rand(3, 1, 28, 28), lambda x: F.pad(x, (2, 2, 2, 2))),
                ('eval40', torch.rand(3, 1, 40, 40),
                 lambda x: F.pad(F.interpolate(x, size=(28, 28), mode='bilinear', align_corners=False), (2, 2, 2, 2)))]:
            inp = x if prepared is None else prepared(x)
            t[f'{name}/x'] = np32(x)
            t[f'{name}/features'] = np32(net.penultimate(inp))
            t[f'{name}/logits'] = np32(net(inp))

    net.train()
    x = torch.rand(8, 1, 32, 32)
    target = torch.tensor([3, 1, 4, 1, 5, 9, 2, 6])
    loss = F.cross_entropy(net(x), target)
    loss.backward()
    t.update({'train/x': np32(x), 'train/target': target.numpy().astype(np.int64), 'train/loss': np32(loss)})
    t.update({f'grad/{k}': np32(p.grad) for k, p in net.named_parameters()})
    t.update({f'after/{k}': (np32(v) if v.dtype == torch.float32 else v.numpy().copy())
              for k, v in net.state_dict().items() if 'running' in k or 'num_batches' in k})
    os.makedirs(os.path.join(FIXTURES, 'Domain'), exist_ok=True)
    save(os.path.join(FIXTURES, 'Domain', 'classifier_torch.safetensors'), t, {'keys': json.dumps(list(net.state_dict().keys()))})


def chisquare_fixture():
    cases = []
    for name, counts, shares in [
            ('uniform_close', [98, 105, 91, 102, 110, 95, 88, 107, 101, 103], None),
            ('uniform_far', [300, 20, 80, 100, 90, 110, 60, 120, 70, 50], None),
            ('one_class', [0, 0, 0, 1000, 0, 0, 0, 0, 0, 0], None),
            ('weighted', [52, 9, 31, 8], [0.5, 0.1, 0.3, 0.1]),
            ('weighted_tail', [10, 10, 10, 70], [0.4, 0.3, 0.2, 0.1])]:
        n = sum(counts)
        p = [1 / len(counts)] * len(counts) if shares is None else shares
        result = stats.chisquare(counts, [n * q for q in p])
        cases.append({'name': name, 'counts': counts, 'shares': shares,
                      'statistic': float(result.statistic), 'p_value': float(result.pvalue)})
    with open(os.path.join(FIXTURES, 'Domain', 'chisquare.json'), 'w') as f:
        json.dump({'scipy': __import__('scipy').__version__, 'cases': cases}, f, indent=1)


if __name__ == '__main__':
    softmax_fixture()
    classifier_fixture()
    chisquare_fixture()
