#!/usr/bin/python3
"""Fixtures for tests/Dcgan.Net.Tests/Data (run with Debian's /usr/bin/python3 from the repository root).

Writes into tests/Dcgan.Net.Tests/Fixtures/Data/:
  fashion_t10k_expected.json  facts about datasets/fashion-mnist read with numpy (counts, histogram, pixels, sums),
                              the first image padded and normalised exactly as shared/reference/torch_dcgan.py does,
                              and the [-1, 1] / [0, 1] tables for every byte value (float32 bit patterns).
  resize_expected.json        torch.nn.functional.interpolate(bilinear, align_corners=False) inputs and outputs.
  fake-mnist/*.gz + fake_mnist.json
                              tiny MNIST-format files (3 train, 2 test images) and their MD5s, served by the
                              downloader tests' local HTTP server.
  cifar-10-batches-bin/*.bin, cifar-10-binary-tiny.tar.gz, cifar_expected.json
                              a tiny CIFAR-10 binary set (2, 1, 1, 1, 1 training records, 2 test records) written with
                              numpy and tarfile, and the values numpy's reshape(3, 32, 32) gives at sample positions.
"""
import gzip, hashlib, io, json, os, struct, tarfile
import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'Dcgan.Net.Tests', 'Fixtures', 'Data')
DATA = os.path.join(ROOT, 'datasets', 'fashion-mnist')


def bits(a):
    return [int(v) for v in np.asarray(a, dtype=np.float32).view(np.uint32).ravel()]


def load_idx(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    magic, = struct.unpack('>I', raw[:4])
    nd = magic & 0xFF
    dims = struct.unpack('>' + 'I' * nd, raw[4:4 + 4 * nd])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def write_json(name, obj):
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')


def fashion():
    x = load_idx(os.path.join(DATA, 't10k-images-idx3-ubyte.gz'))
    y = load_idx(os.path.join(DATA, 't10k-labels-idx1-ubyte.gz'))
    positions = [(0, 0, 0), (0, 14, 14), (0, 20, 5), (1, 10, 10), (1234, 13, 27), (5000, 27, 0), (9999, 14, 14),
                 (9999, 5, 20), (777, 16, 9)]
    # The reference's preparation: np.pad then astype(float32) / 127.5 - 1.0.
    padded = np.pad(x[:1], ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 127.5 - 1.0
    values = np.arange(256, dtype=np.uint8)
    write_json('fashion_t10k_expected.json', {
        'count': int(x.shape[0]), 'rows': int(x.shape[1]), 'cols': int(x.shape[2]),
        'label_histogram': np.bincount(y, minlength=10).tolist(),
        'first_labels': y[:20].tolist(),
        'pixels': [{'image': i, 'y': r, 'x': c, 'value': int(x[i, r, c])} for i, r, c in positions],
        'image_sums': {str(i): int(x[i].sum(dtype=np.int64)) for i in (0, 1, 4321, 9999)},
        'total_sum': int(x.sum(dtype=np.int64)),
        'padded_normalised_image0_bits': bits(padded[0]),
        'minus_one_to_one_bits': bits(values.astype(np.float32) / 127.5 - 1.0),
        'zero_to_one_bits': bits(torch.from_numpy(values.copy()).float().div(255).numpy()),
    })


def resize():
    g = torch.Generator().manual_seed(4)
    x = torch.rand(2, 3, 5, 7, generator=g) * 255
    cases = []
    for size in [(11, 4), (3, 9), (5, 7), (1, 1), (16, 13)]:
        out = F.interpolate(x, size=size, mode='bilinear', align_corners=False)
        cases.append({'height': size[0], 'width': size[1], 'output': out[0].flatten().tolist()})
    write_json('resize_expected.json', {'input_shape': [3, 5, 7], 'input': x[0].flatten().tolist(), 'cases': cases})


def fake_mnist():
    folder = os.path.join(OUT, 'fake-mnist')
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(7)
    files = {}
    for split, n in (('train', 3), ('t10k', 2)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        for kind, header, data in (('images-idx3-ubyte', struct.pack('>IIII', 0x803, n, 28, 28), images),
                                   ('labels-idx1-ubyte', struct.pack('>II', 0x801, n), labels)):
            name = f'{split}-{kind}.gz'
            # mtime=0 keeps the gzip bytes, and so the MD5s, stable across runs.
            blob = gzip.compress(header + data.tobytes(), mtime=0)
            with open(os.path.join(folder, name), 'wb') as f:
                f.write(blob)
            files[name] = hashlib.md5(blob).hexdigest()
        files[f'{split}_labels'] = labels.tolist()
        files[f'{split}_image0_row14'] = images[0, 14].tolist()
    write_json('fake_mnist.json', files)


def cifar():
    folder = os.path.join(OUT, 'cifar-10-batches-bin')
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(10)
    counts = {'data_batch_1.bin': 2, 'data_batch_2.bin': 1, 'data_batch_3.bin': 1, 'data_batch_4.bin': 1,
              'data_batch_5.bin': 1, 'test_batch.bin': 2}
    expected = {}
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name, n in counts.items():
            labels = rng.integers(0, 10, size=n, dtype=np.uint8)
            images = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
            blob = np.concatenate([labels[:, None], images], axis=1).tobytes()
            with open(os.path.join(folder, name), 'wb') as f:
                f.write(blob)
            info = tarfile.TarInfo('cifar-10-batches-bin/' + name)
            info.size = len(blob)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(blob))
            chw = images.reshape(n, 3, 32, 32)
            expected[name] = {
                'labels': labels.tolist(),
                'pixels': [{'record': r, 'c': c, 'y': yy, 'x': xx, 'value': int(chw[r, c, yy, xx])}
                           for r in range(n) for (c, yy, xx) in ((0, 0, 0), (1, 5, 31), (2, 31, 0), (2, 17, 23))],
            }
    with open(os.path.join(OUT, 'cifar-10-binary-tiny.tar.gz'), 'wb') as f:
        # mtime=0 keeps the archive bytes stable across runs.
        f.write(gzip.compress(tar_bytes.getvalue(), mtime=0))
    write_json('cifar_expected.json', expected)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    fashion()
    resize()
    fake_mnist()
    cifar()
