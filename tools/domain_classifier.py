"""The PyTorch twin of Dcgan.Net.Fid.Domain.DomainClassifierNetwork (same layers, same state-dict keys), shared by
tools/make_domain_fixtures.py and tools/check_domain_classifier.py. Input [N, 1, 32, 32] pixels in [0, 1]."""
import torch.nn as nn


def block(i, o, s):
    return [nn.Conv2d(i, o, 3, s, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU()]


class DomainClassifierNetwork(nn.Module):
    def __init__(self, w=16, f=128, k=10):
        super().__init__()
        self.features = nn.Sequential(*block(1, w, 1), *block(w, 2 * w, 2), *block(2 * w, 4 * w, 2), *block(4 * w, 8 * w, 2))
        self.embed = nn.Sequential(nn.Linear(8 * w, f), nn.ReLU())
        self.head = nn.Linear(f, k)

    def penultimate(self, x):
        return self.embed(self.features(x).mean((2, 3)))

    def forward(self, x):
        return self.head(self.penultimate(x))
