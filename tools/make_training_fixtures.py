#!/usr/bin/python3
"""Reference numbers for the GAN trainer tests (tests/Dcgan.Net.Tests/Training), from PyTorch 1.13.

Run with Debian's python (python3-torch 1.13.1; Fashion-MNIST from dataset-fashion-mnist):
    /usr/bin/python3 tools/make_training_fixtures.py
Writes:
  Fixtures/Training/gan_steps.safetensors
      The reference DCGAN of shared/reference/torch_dcgan.py at latent 8, hidden 4 (batch 8, 1x32x32 Fashion-MNIST
      images padded and scaled as the reference), initial state "G.*"/"D.*", per-step "real" [S, 8, 1, 32, 32] and
      "noise" [S, 8, 8, 1, 1]. For each case in metadata "cases" (JSON: name, loss, options), S steps of the
      trainer's algorithm from that initial state: CASE/curves [S, 5] (D loss, G loss, D(x), D(G(z)) before and
      after the D update, the scores as mean sigmoid of the logits) and the state after the last step
      "CASE/G.*", "CASE/D.*". Losses are computed from the logits (the discriminator without its Sigmoid).
  Fixtures/Training/gradient_penalty.safetensors
      The WGAN-GP penalty 10 * mean((||grad D(x_hat)||_2 - 1)^2) on x_hat = eps x + (1 - eps) x_fake for a given eps,
      through the reference discriminator in training mode (batch norm) and Dcgan.Net's layout without norm ("plain"):
      CASE/penalty and the penalty's gradients CASE/grad/NAME with respect to the discriminator's parameters.
  Fixtures/Tensors/bn_second.safetensors
      Op cases (the format of tools/make_engine_fixtures.py) for training-mode batch norm with second derivatives.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_engine_fixtures as engine  # noqa: E402
from safetensors_min import save  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'Dcgan.Net.Tests', 'Fixtures', 'Training')
LATENT, HIDDEN, BATCH, STEPS = 8, 4, 8, 3

# name, loss, options (the C# test maps each to GanTrainerOptions).
CASES = [
    ('nonsaturating', 'nonsaturating', {}),
    ('minimax', 'minimax', {}),
    ('lsgan', 'lsgan', {}),
    ('hinge', 'hinge', {}),
    ('wgan', 'wgan', {}),
    ('smoothing', 'nonsaturating', {'label_smoothing': 0.1}),
    ('halved', 'nonsaturating', {'halve': True}),
    ('r1', 'nonsaturating', {'r1_gamma': 1.0, 'r1_interval': 1}),
    ('r1_lazy', 'nonsaturating', {'r1_gamma': 1.0, 'r1_interval': 2}),
    ('adam_split', 'nonsaturating', {'g_lr': 1e-3, 'g_betas': [0.6, 0.99], 'd_lr': 5e-4, 'd_betas': [0.4, 0.95]}),
]


def logits_of(d):
    """The reference discriminator without its final Sigmoid (same parameters and state-dict keys)."""
    return lambda x: d.net[:-1](x).view(-1)


def d_real_term(loss, real, smoothing):
    if loss in ('nonsaturating', 'minimax'):
        return F.binary_cross_entropy_with_logits(real, torch.full_like(real, 1 - smoothing))
    if loss == 'lsgan':
        return 0.5 * ((real - (1 - smoothing)) ** 2).mean()
    if loss == 'hinge':
        return F.relu(1 - real).mean()
    return -real.mean()


def d_fake_term(loss, fake):
    if loss in ('nonsaturating', 'minimax'):
        return F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    if loss == 'lsgan':
        return 0.5 * (fake ** 2).mean()
    if loss == 'hinge':
        return F.relu(1 + fake).mean()
    return fake.mean()


def g_term(loss, fake):
    if loss == 'nonsaturating':
        return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
    if loss == 'minimax':
        return -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    if loss == 'lsgan':
        return 0.5 * ((fake - 1) ** 2).mean()
    return -fake.mean()


def run_case(init_g, init_d, real, noise, loss, o):
    g, d = engine.G(1, LATENT, HIDDEN), engine.D(1, HIDDEN)
    g.load_state_dict(init_g)
    d.load_state_dict(init_d)
    score = logits_of(d)
    og = torch.optim.Adam(g.parameters(), o.get('g_lr', 2e-4), betas=tuple(o.get('g_betas', (0.5, 0.999))))
    od = torch.optim.Adam(d.parameters(), o.get('d_lr', 2e-4), betas=tuple(o.get('d_betas', (0.5, 0.999))))
    scale = 0.5 if o.get('halve') else 1.0
    gamma, interval = o.get('r1_gamma', 0.0), o.get('r1_interval', 1)
    curves = []
    for step in range(1, STEPS + 1):
        fake = g(noise[step - 1])
        d.zero_grad()
        x = real[step - 1].clone()
        r1_now = gamma > 0 and step % interval == 0
        x.requires_grad_(r1_now)
        real_logits = score(x)
        real_loss = scale * d_real_term(loss, real_logits, o.get('label_smoothing', 0.0))
        if r1_now:
            gx, = torch.autograd.grad(real_logits.sum(), x, create_graph=True)
            real_loss = real_loss + (gamma * interval / 2) * gx.pow(2).flatten(1).sum(1).mean()
        real_loss.backward()
        fake_logits = score(fake.detach())
        fake_loss = scale * d_fake_term(loss, fake_logits)
        fake_loss.backward()
        od.step()
        g.zero_grad()
        gen_logits = score(fake)
        gen_loss = g_term(loss, gen_logits)
        gen_loss.backward()
        og.step()
        curves.append([float(real_loss + fake_loss), float(gen_loss), float(torch.sigmoid(real_logits).mean()),
                       float(torch.sigmoid(fake_logits).mean()), float(torch.sigmoid(gen_logits).mean())])
    return np.array(curves, dtype=np.float32), g, d


def gan_steps_fixture():
    torch.manual_seed(21)
    g, d = engine.G(1, LATENT, HIDDEN), engine.D(1, HIDDEN)
    g.apply(engine.dcgan_init)
    d.apply(engine.dcgan_init)
    pool = engine.fashion_pool(64)
    real = torch.stack([engine.to_batch(pool[torch.randperm(64)[:BATCH].numpy()]) for _ in range(STEPS)])
    noise = torch.randn(STEPS, BATCH, LATENT, 1, 1)
    t = {**engine.state_dict_arrays(g, 'G.'), **engine.state_dict_arrays(d, 'D.'),
         'real': engine.np32(real), 'noise': engine.np32(noise)}
    init_g, init_d = g.state_dict(), d.state_dict()
    for name, loss, options in CASES:
        curves, g_after, d_after = run_case(init_g, init_d, real, noise, loss, options)
        t[f'{name}/curves'] = curves
        t.update(engine.state_dict_arrays(g_after, f'{name}/G.'))
        t.update(engine.state_dict_arrays(d_after, f'{name}/D.'))
    cases = [{'name': n, 'loss': l, 'options': o} for n, l, o in CASES]
    meta = {'cases': json.dumps(cases, separators=(',', ':')), 'latent': str(LATENT), 'hidden': str(HIDDEN),
            'batch': str(BATCH), 'steps': str(STEPS)}
    save(os.path.join(OUT, 'gan_steps.safetensors'), t, meta)


class PlainD(nn.Module):
    """Dcgan.Net's discriminator with NormalizationKind.None: the middle convolutions then carry a bias."""

    def __init__(self, h):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, h, 4, 2, 1, bias=False), nn.LeakyReLU(0.2),
            nn.Conv2d(h, 2 * h, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(2 * h, 4 * h, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(4 * h, 1, 4, 1, 0, bias=False), nn.Sigmoid())


def plain_discriminator():
    return PlainD(HIDDEN)


def gradient_penalty_fixture():
    torch.manual_seed(22)
    t = {}
    for name, norm in (('batchnorm', True), ('plain', False)):
        d = engine.D(1, HIDDEN) if norm else plain_discriminator()
        d.apply(engine.dcgan_init)
        score = logits_of(d)
        real = torch.rand(4, 1, 32, 32) * 2 - 1
        fake = torch.tanh(torch.randn(4, 1, 32, 32))
        eps = torch.rand(4, 1, 1, 1)
        mixed = (eps * real + (1 - eps) * fake).requires_grad_(True)
        gx, = torch.autograd.grad(score(mixed).sum(), mixed, create_graph=True)
        penalty = 10 * ((gx.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
        penalty.backward()
        t.update(engine.state_dict_arrays(d, f'{name}/D.'))
        t.update({f'{name}/real': engine.np32(real), f'{name}/fake': engine.np32(fake), f'{name}/eps': engine.np32(eps),
                  f'{name}/penalty': engine.np32(penalty)})
        t.update({f'{name}/grad/{k}': engine.np32(p.grad) for k, p in d.named_parameters()})
    save(os.path.join(OUT, 'gradient_penalty.safetensors'), t)


def bn_second_fixture():
    torch.manual_seed(23)
    c = engine.CaseFile()
    for name, shape, affine in (('bn_train_second', (3, 4, 3, 2), True), ('bn_train_second_plain', (4, 3, 2, 2), False),
                                ('bn_train_second_2d', (5, 3), True)):
        ch = shape[1]
        w, b = (engine.uniform(0.5, 1.5, ch), engine.randn(ch, scale=0.3)) if affine else (None, None)
        inputs = [engine.randn(*shape, scale=1.5) + 0.3, w, b, engine.randn(ch, scale=0.2), engine.uniform(0.5, 2.0, ch)]
        c.add(name, 'batch_norm', inputs, {'training': True, 'momentum': 0.1, 'eps': 1e-5},
              grad=[True, affine, affine, False, False], second=True)
    c.write('bn_second.safetensors')


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    gan_steps_fixture()
    gradient_penalty_fixture()
    bn_second_fixture()
    for folder in (OUT, engine.OUT):
        for name in ('gan_steps.safetensors', 'gradient_penalty.safetensors', 'bn_second.safetensors'):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                print(f'{path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    main()
