"""Fixtures for the safetensors and PyTorch-checkpoint readers/writers (Dcgan.Net.Tensors.Serialization).

Run with Debian's python: /usr/bin/python3 tools/make_serialization_fixtures.py
(torch 1.13.1; the safetensors package is not packaged by Debian, so safetensors files are written by the
few lines of `write_safetensors` below, which follow shared/specs/file-formats.md section 2.4 and are checked
against the spec's verified 60-byte header vector before anything is written).

Outputs (tests/Dcgan.Net.Tests/Fixtures/Serialization/):
  all_dtypes.safetensors          every supported dtype, odd shapes (scalar, 0-length dim, [3,1,5]), metadata
  all_dtypes.expected.json        the same tensors as hex bytes, in file order (read by tests without the reader)
  state_dict_zip.pt               conv+bn+linear state dict plus extras, torch.save zip format (torch >= 1.6)
  state_dict_legacy.pt            the same, _use_new_zipfile_serialization=False (the pre-1.6 format)
  state_dict_proto4.pt            the module's state dict with pickle_protocol=4 (FRAME/MEMOIZE/STACK_GLOBAL)
  state_dict.expected.json        name -> dtype, shape, contiguous little-endian bytes (hex), in state-dict order
  checkpoint_zip.pt / checkpoint_legacy.pt
                                  a training checkpoint: epoch, lr, strings, lists, tuples, None, a 2**40 int,
                                  the model state dict and an Adam optimizer state dict (int keys)
  checkpoint.expected.json        what the tests assert about the checkpoints
  module_pickled.pt               torch.save(nn.Linear) - a whole module, which the reader must refuse
  written_by_dotnet.check.json    written only when written_by_dotnet.pt exists (the C# writer's output, copied
                                  from the test run's output folder): records torch.load's verdict on that file

The legacy files name storages by memory address, so re-running changes their bytes (not their content);
the committed copies are the ones the tests were written against.

Legacy (pre-1.6, non-zip) layout, as found by inspecting torch 1.13.1's output here with pickletools
(source of the writer: torch/serialization.py `_legacy_save`; reader `_legacy_load`):
  1. pickle: the magic number 0x1950a86a20f9469cfc6c (PROTO 2, LONG1 with 10 bytes, STOP)
  2. pickle: protocol version 1001 (BININT2)
  3. pickle: sys info dict {'protocol_version': 1001, 'little_endian': True, 'type_sizes': {...}}
  4. pickle: the object; storages are persistent ids
     ('storage', <torch.XStorage global>, <key: decimal string>, <location>, <numel>, <view_metadata: None>)
  5. pickle: the list of storage keys (sorted as strings)
  6. for each key in that list: int64 little-endian ELEMENT count, then count * element_size raw bytes
     (little-endian); e.g. a LongStorage of 1 element is 01 00.. then 8 bytes.
"""
import collections
import hashlib
import io
import json
import os
import struct
import sys
import zipfile

import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "Dcgan.Net.Tests", "Fixtures", "Serialization")

ST_NAMES = {
    torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}
# Descending-alignment order of the reference writer (spec 2.2/2.4), restricted to the dtypes above.
ALIGN_RANK = {"BOOL": 0, "U8": 1, "I8": 2, "I16": 3, "F16": 4, "BF16": 5, "I32": 6, "F32": 7, "F64": 8, "I64": 9}


def raw_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def safetensors_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype string, shape list, bytes)."""
    ordered = sorted(tensors, key=lambda e: (-ALIGN_RANK[e[1]], e[0]))
    header = collections.OrderedDict()
    if metadata is not None:
        header["__metadata__"] = dict(sorted(metadata.items()))
    offset = 0
    for name, dtype, shape, data in ordered:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(e[3] for e in ordered), ordered


def check_spec_vector():
    # Spec 2.3 verified vector: one I32 [2,2] tensor gives a 60-byte header before padding.
    data, _ = safetensors_bytes([("test", "I32", [2, 2], bytes(16))])
    unpadded = b'{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}'
    assert len(unpadded) == 60
    assert data[8:8 + 60] == unpadded and struct.unpack("<Q", data[:8])[0] == 64, data[:80]


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def write_json(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def entry(name, t):
    return {"name": name, "dtype": ST_NAMES[t.dtype], "shape": list(t.shape), "hex": raw_bytes(t).hex()}


def all_dtype_tensors(g):
    return collections.OrderedDict([
        ("f32.odd", torch.randn(3, 1, 5, generator=g)),
        ("f32.empty", torch.zeros(2, 0)),
        ("f64.scalar", torch.tensor(-1.0 / 3.0, dtype=torch.float64)),
        ("f16.values", torch.tensor([0.0, -0.0, 1.5, 65504.0, 6.1e-5, -2.25, float("inf")], dtype=torch.float16)),
        ("bf16.values", torch.randn(7, generator=g).to(torch.bfloat16)),
        ("i64.matrix", torch.tensor([[-2**40, -1, 0], [1, 2**62, 7]], dtype=torch.int64)),
        ("i32.vector", torch.tensor([-2**31, -5, 0, 9, 2**31 - 1], dtype=torch.int32)),
        ("i16.vector", torch.tensor([-32768, 12, 32767], dtype=torch.int16)),
        ("i8.vector", torch.tensor([-128, -1, 0, 127], dtype=torch.int8)),
        ("u8.cube", torch.tensor([[[200]]], dtype=torch.uint8)),
        ("bool.flags", torch.tensor([True, False, False, True, True, False])),
    ])


def make_safetensors(g):
    tensors = all_dtype_tensors(g)
    data, ordered = safetensors_bytes(
        [(n, ST_NAMES[t.dtype], list(t.shape), raw_bytes(t)) for n, t in tensors.items()],
        metadata={"format": "pt", "source": "make_serialization_fixtures.py"})
    write("all_dtypes.safetensors", data)
    write_json("all_dtypes.expected.json", {
        "header_length": struct.unpack("<Q", data[:8])[0],
        "metadata": {"format": "pt", "source": "make_serialization_fixtures.py"},
        "tensors": [entry(n, tensors[n]) for n, _, _, _ in ordered],
    })


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc(torch.relu(self.bn(self.conv(x))).flatten(1))


def make_model(g):
    torch.manual_seed(1234)
    model = Small()
    model(torch.randn(2, 3, 4, 4, generator=g))  # one training-mode pass: running stats and num_batches_tracked move
    return model


def make_state_dict(model, g):
    sd = model.state_dict()
    base = torch.arange(12, dtype=torch.float64)
    sd["extra.transposed"] = sd["fc.weight"].t()          # non-contiguous view sharing fc.weight's storage
    sd["extra.shared_a"] = base[2:8].view(2, 3)           # two views of one storage, offsets 2 and 5
    sd["extra.shared_b"] = base[5:]
    sd["extra.strided"] = torch.arange(24, dtype=torch.int32).view(4, 6)[1:, ::2]
    for name, t in all_dtype_tensors(g).items():
        sd["dtypes." + name] = t
    return sd


def make_checkpoints(model, sd, g):
    buf = io.BytesIO()
    torch.save(sd, buf)
    write("state_dict_zip.pt", buf.getvalue())
    buf = io.BytesIO()
    torch.save(sd, buf, _use_new_zipfile_serialization=False)
    write("state_dict_legacy.pt", buf.getvalue())
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf, pickle_protocol=4)
    write("state_dict_proto4.pt", buf.getvalue())
    write_json("state_dict.expected.json", {"tensors": [entry(n, t) for n, t in sd.items()],
                                             "module_keys": list(model.state_dict().keys())})

    opt = torch.optim.Adam(model.parameters(), lr=2e-4, betas=(0.5, 0.999))
    model(torch.randn(2, 3, 4, 4, generator=g)).sum().backward()
    opt.step()
    checkpoint = {
        "epoch": 3, "lr": 0.0002, "name": "dcgan \u00e9t\u00e9", "flags": [True, False, None],
        "betas": (0.5, 0.999), "big": 2**40, "neg": -7, "huge": -(2**70),
        "model": model.state_dict(), "optimizer": opt.state_dict(),
    }
    buf = io.BytesIO()
    torch.save(checkpoint, buf)
    write("checkpoint_zip.pt", buf.getvalue())
    buf = io.BytesIO()
    torch.save(checkpoint, buf, _use_new_zipfile_serialization=False)
    write("checkpoint_legacy.pt", buf.getvalue())
    state = opt.state_dict()
    write_json("checkpoint.expected.json", {
        "epoch": 3, "lr": 0.0002, "name": "dcgan \u00e9t\u00e9", "big": 2**40, "neg": -7, "huge": str(-(2**70)),
        "model": [entry(n, t) for n, t in model.state_dict().items()],
        "optimizer_state_keys": list(state["state"].keys()),
        "optimizer_param_groups_params": state["param_groups"][0]["params"],
        "optimizer_state0_exp_avg": entry("exp_avg", state["state"][0]["exp_avg"]),
        "optimizer_state0_step": float(state["state"][0]["step"]),
    })

    buf = io.BytesIO()
    torch.save(nn.Linear(2, 2), buf)
    write("module_pickled.pt", buf.getvalue())


def check_dotnet_file(model):
    """Loads the C# writer's output with torch and records the verdict for the C# tests.

    The C# test writes the tensors of state_dict.expected.json, so the reference is torch's own load of
    state_dict_zip.pt (the in-memory state dict has moved on: the optimizer step updated the parameters).
    """
    sd = torch.load(os.path.join(OUT, "state_dict_zip.pt"))
    path = os.path.join(OUT, "written_by_dotnet.pt")
    if not os.path.exists(path):
        print("written_by_dotnet.pt not present; skipping the torch.load check")
        return
    with open(path, "rb") as f:
        raw = f.read()
    loaded = torch.load(io.BytesIO(raw))
    same = list(loaded.keys()) == list(sd.keys()) and all(
        loaded[k].dtype == sd[k].dtype and loaded[k].shape == sd[k].shape and torch.equal(loaded[k], sd[k])
        for k in sd)
    archive = zipfile.ZipFile(io.BytesIO(raw))
    aligned = all(
        (i.header_offset + 30 + sum(struct.unpack("<HH", raw[i.header_offset + 26:i.header_offset + 30]))) % 64 == 0
        for i in archive.infolist())
    fresh = Small()
    result = fresh.load_state_dict({k: loaded[k] for k in model.state_dict()}, strict=True)
    write_json("written_by_dotnet.check.json", {
        "torch_version": torch.__version__,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "loaded_keys": list(loaded.keys()),
        "all_values_equal": bool(same),
        "load_state_dict_strict_ok": not result.missing_keys and not result.unexpected_keys,
        "records_64_byte_aligned": aligned,
        "zip_test_ok": archive.testzip() is None,
    })
    print("written_by_dotnet.pt: values equal =", same)


def main():
    check_spec_vector()
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20240611)
    make_safetensors(g)
    model = make_model(g)
    sd = make_state_dict(model, g)
    make_checkpoints(model, sd, g)
    check_dotnet_file(model)
    print("fixtures written to", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
