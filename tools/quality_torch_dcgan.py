"""Train the PyTorch reference DCGAN (shared/reference/torch_dcgan.py) for a quality comparison with Dcgan.Net.

Usage (Debian's python3 with python3-torch and python3-torchvision):
    /usr/bin/python3 tools/quality_torch_dcgan.py REFERENCE.py DATA_DIR STEPS LATENT HIDDEN OUT_DIR [--log-every 50]

It reuses the reference's G, D, init and IDX loader and its exact training loop (batch 64, Adam 2e-4,
betas (0.5, 0.999), BCE, 2 threads unless --threads), and additionally records what Dcgan.Net's sample logs: the losses,
D(x) and D(G(z)) before and after the discriminator update, every LOG_EVERY steps (means over the
window) into OUT_DIR/curves.csv; at the end it saves an 8x8 grid of samples from fixed noise
(OUT_DIR/samples.png, torchvision's save_image with normalize over [-1, 1]) and the generator's state
dict (OUT_DIR/generator.pt, and OUT_DIR/generator.safetensors written with tools/safetensors_min.py because Debian
has no safetensors package), which Dcgan.Net loads by the same key names (net.0.weight, ...). With --checkpoint-every N it saves
its whole state to OUT_DIR/state.pt every N steps and resumes from there when run again, so long runs
(latent/hidden 100 takes over an hour here) can span several sittings."""
import argparse, csv, importlib.util, os, time
import numpy as np, torch, torch.nn as nn
from torchvision.utils import save_image

import safetensors_min


def load_reference(path):
    spec = importlib.util.spec_from_file_location('torch_dcgan', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('reference'); ap.add_argument('data'); ap.add_argument('steps', type=int)
    ap.add_argument('latent', type=int); ap.add_argument('hidden', type=int); ap.add_argument('out')
    ap.add_argument('--log-every', type=int, default=50); ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--checkpoint-every', type=int, default=0); ap.add_argument('--threads', type=int, default=2)
    a = ap.parse_args()
    ref = load_reference(a.reference)
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(a.threads); torch.manual_seed(0)
    x = ref.load_idx(f'{a.data}/train-images-idx3-ubyte.gz')
    x = torch.from_numpy(np.pad(x, ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1.0).unsqueeze(1)
    g, d = ref.G(1, a.latent, a.hidden), ref.D(1, a.hidden); g.apply(ref.init); d.apply(ref.init)
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCELoss()
    fixed = torch.randn(64, a.latent, 1, 1, generator=torch.Generator().manual_seed(1234))
    bs = a.batch
    perm = torch.randperm(len(x)); p = 0
    window = np.zeros(5); rows = []; t0 = time.perf_counter(); first = 1
    state_path = os.path.join(a.out, 'state.pt')
    if os.path.exists(state_path):
        s = torch.load(state_path)
        g.load_state_dict(s['g']); d.load_state_dict(s['d']); og.load_state_dict(s['og']); od.load_state_dict(s['od'])
        torch.set_rng_state(s['rng']); perm, p, rows, first = s['perm'], s['p'], s['rows'], s['step'] + 1
        print(f'resumed at step {first}', flush=True)
    for step in range(first, a.steps + 1):
        if p + bs > len(x): perm = torch.randperm(len(x)); p = 0
        real = x[perm[p:p + bs]]; p += bs
        ones, zeros = torch.ones(bs), torch.zeros(bs)
        d.zero_grad()
        out_r = d(real); lr_ = bce(out_r, ones); lr_.backward()
        z = torch.randn(bs, a.latent, 1, 1); fake = g(z)
        out_f = d(fake.detach()); lf = bce(out_f, zeros); lf.backward(); od.step()
        g.zero_grad(); out_g = d(fake); lg = bce(out_g, ones); lg.backward(); og.step()
        window += [float(lr_ + lf), float(lg), float(out_r.mean()), float(out_f.mean()), float(out_g.mean())]
        if step % a.log_every == 0:
            rows.append([step, *(window / a.log_every)]); window[:] = 0
            if step % (10 * a.log_every) == 0:
                print(f'step {step} D {rows[-1][1]:.3f} G {rows[-1][2]:.3f} D(x) {rows[-1][3]:.3f} '
                      f'D(G(z)) {rows[-1][4]:.3f}/{rows[-1][5]:.3f} {time.perf_counter() - t0:.0f} s', flush=True)
        if a.checkpoint_every and step % a.checkpoint_every == 0:
            torch.save({'g': g.state_dict(), 'd': d.state_dict(), 'og': og.state_dict(), 'od': od.state_dict(),
                        'rng': torch.get_rng_state(), 'perm': perm, 'p': p, 'rows': rows, 'step': step}, state_path + '.tmp')
            os.replace(state_path + '.tmp', state_path)
    with open(os.path.join(a.out, 'curves.csv'), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['step', 'loss_d', 'loss_g', 'd_x', 'd_g_z_before', 'd_g_z_after'])
        w.writerows(rows)
    g.eval()
    with torch.no_grad():
        save_image(g(fixed), os.path.join(a.out, 'samples.png'), nrow=8, padding=2, normalize=True, value_range=(-1, 1))
    torch.save(g.state_dict(), os.path.join(a.out, 'generator.pt'))
    safetensors_min.save(os.path.join(a.out, 'generator.safetensors'),
                         {k: v.numpy() for k, v in g.state_dict().items()})
    print(f'seconds {time.perf_counter() - t0:.1f} steps {a.steps - first + 1}')


if __name__ == '__main__':
    main()
