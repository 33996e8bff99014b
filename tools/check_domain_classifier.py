#!/usr/bin/python3
"""Loads Dcgan.Net's shipped Fashion-MNIST domain classifier into its PyTorch twin and reports the t10k accuracy,
showing that the weights move to PyTorch with no renaming (and giving a PyTorch number to compare with the
accuracy Dcgan.Net reports).

Run with Debian's python (python3-torch 1.13.1):
    /usr/bin/python3 tools/check_domain_classifier.py [WEIGHTS] [DATA_DIR]
WEIGHTS defaults to src/Dcgan.Net.Fid/Domain/Weights/fashion-mnist-classifier.safetensors, DATA_DIR to the
committed datasets/fashion-mnist (t10k split, padded 28 -> 32, pixels / 255 as the classifier expects)."""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from domain_classifier import DomainClassifierNetwork  # noqa: E402
from safetensors_min import load, load_metadata  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    (magic,) = struct.unpack('>I', data[:4])
    if magic == 2051:
        n, h, w = struct.unpack('>III', data[4:16])
        return np.frombuffer(data[16:], np.uint8).reshape(n, h, w)
    return np.frombuffer(data[8:], np.uint8)


def main():
    weights = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'src', 'Dcgan.Net.Fid', 'Domain', 'Weights', 'fashion-mnist-classifier.safetensors')
    data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, 'datasets', 'fashion-mnist')
    tensors, metadata = load(weights), load_metadata(weights)
    w, f, k = tensors['features.0.weight'].shape[0], tensors['embed.0.weight'].shape[0], tensors['head.weight'].shape[0]
    net = DomainClassifierNetwork(w, f, k)
    net.load_state_dict({name: torch.from_numpy(value) for name, value in tensors.items()}, strict=True)
    net.eval()
    x = torch.from_numpy(np.pad(idx(f'{data}/t10k-images-idx3-ubyte.gz'), ((0, 0), (2, 2), (2, 2))).astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(idx(f'{data}/t10k-labels-idx1-ubyte.gz').astype(np.int64))
    with torch.no_grad():
        predicted = torch.cat([net(x[i:i + 500]).argmax(1) for i in range(0, len(x), 500)])
    print(f'classes {json.loads(metadata.get("class_names", "[]"))}')
    print(f'width {w} features {f} classes {k}: t10k accuracy {(predicted == y).float().mean().item():.4f} in PyTorch {torch.__version__}')


if __name__ == '__main__':
    main()
