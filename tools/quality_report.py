"""Side-by-side D(x) / D(G(z)) trajectories of Dcgan.Net and the PyTorch reference, as a Markdown table.

Usage: python3 tools/quality_report.py OURS_RUN_DIR TORCH_OUT_DIR [--window 500] [--columns d_x,d_g_z_before,d_g_z_after]
OURS_RUN_DIR is a TrainDcgan run directory (its scalars.csv logs single-step values every --log-every steps; use
--log-every 1 so that each cell is the exact window mean, as it is for the PyTorch side);
TORCH_OUT_DIR is the output of tools/quality_torch_dcgan.py (curves.csv holds means over --log-every steps).
Both are averaged over windows of WINDOW steps, so each cell is an estimate of that window's mean. When a run
directory was written more than once for the same step (a run restarted from scratch), the last value wins."""
import argparse, csv, os
from collections import defaultdict

OURS = {'loss_d': 'loss/discriminator', 'loss_g': 'loss/generator', 'd_x': 'score/D(x)',
        'd_g_z_before': 'score/D(G(z))_before_D_update', 'd_g_z_after': 'score/D(G(z))_after_D_update'}


def ours(run_dir):
    values = {}
    with open(os.path.join(run_dir, 'scalars.csv')) as f:
        for row in csv.DictReader(f):
            values[(int(row['step']), row['tag'])] = float(row['value'])
    return {col: {s: v for (s, t), v in values.items() if t == tag} for col, tag in OURS.items()}


def torch_side(out_dir):
    cols = defaultdict(dict)
    with open(os.path.join(out_dir, 'curves.csv')) as f:
        for row in csv.DictReader(f):
            for col in OURS:
                cols[col][int(row['step'])] = float(row[col])
    return cols


def window_means(series, window):
    sums = defaultdict(lambda: [0.0, 0])
    for step, v in series.items():
        w = (step - 1) // window
        sums[w][0] += v; sums[w][1] += 1
    return {(w + 1) * window: s / n for w, (s, n) in sums.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('ours'); ap.add_argument('torch'); ap.add_argument('--window', type=int, default=500)
    ap.add_argument('--columns', default='d_x,d_g_z_before,d_g_z_after',
                    help='comma-separated subset of ' + ','.join(OURS))
    a = ap.parse_args()
    cols = a.columns.split(',')
    unknown = [c for c in cols if c not in OURS]
    if unknown:
        ap.error(f'unknown columns {unknown}; choose from {list(OURS)}')
    o, t = ours(a.ours), torch_side(a.torch)
    om = {c: window_means(o[c], a.window) for c in cols}
    tm = {c: window_means(t[c], a.window) for c in cols}
    print('| steps up to | ' + ' | '.join(f'{c} ours | {c} torch' for c in cols) + ' |')
    print('|---' * (1 + 2 * len(cols)) + '|')
    for step in sorted(set(om[cols[0]]) & set(tm[cols[0]])):
        cells = [f"{om[c].get(step, float('nan')):.3f} | {tm[c].get(step, float('nan')):.3f}" for c in cols]
        print(f'| {step} | ' + ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
