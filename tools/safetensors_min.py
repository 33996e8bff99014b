"""A minimal safetensors writer and reader (numpy only), following shared/specs/file-formats.md section 2,
for machines without the `safetensors` Python package (Debian has none).

    import safetensors_min, torch
    g.load_state_dict({k: torch.from_numpy(v) for k, v in safetensors_min.load('generator.safetensors').items()})
    safetensors_min.save('generator.safetensors', {k: v.numpy() for k, v in g.state_dict().items()})

Layout: 8-byte little-endian header length N, N bytes of compact JSON padded with spaces to a multiple
of 8, then the tensors' little-endian bytes back to back in the order the header lists them.
"""
import json
import struct

import numpy as np

_NUMPY = {'F64': '<f8', 'I64': '<i8', 'F32': '<f4', 'I32': '<i4', 'U8': 'u1', 'F16': '<f2', 'I16': '<i2', 'I8': 'i1',
          'BOOL': '?'}

# dtype string, and the rank used for the reference writer's "largest alignment first" ordering.
_DTYPES = {
    np.dtype('float64'): ('F64', 3),
    np.dtype('int64'): ('I64', 3),
    np.dtype('float32'): ('F32', 2),
    np.dtype('int32'): ('I32', 2),
    np.dtype('uint8'): ('U8', 0),
}


def save(path, tensors, metadata=None):
    """Writes {name: numpy array} (float32, float64, int64, int32 or uint8) to `path`."""
    entries = []
    for name, value in tensors.items():
        # np.ascontiguousarray would turn a 0-d array into shape [1].
        array = np.array(value, order='C', copy=True)
        if array.dtype not in _DTYPES:
            raise ValueError(f'{name}: unsupported dtype {array.dtype}')
        code, rank = _DTYPES[array.dtype]
        entries.append((-rank, name, code, array))
    entries.sort(key=lambda e: (e[0], e[1]))

    header = {}
    if metadata:
        header['__metadata__'] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for _, name, code, array in entries:
        blob = array.astype(array.dtype.newbyteorder('<'), copy=False).tobytes()
        header[name] = {'dtype': code, 'shape': list(array.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)

    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load(path):
    """Reads a safetensors file into {name: numpy array} (writable copies), in the file's order."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f'{path}: shorter than the 8-byte header length')
    n = struct.unpack('<Q', data[:8])[0]
    if 8 + n > len(data):
        raise ValueError(f'{path}: header length {n} runs past the end of the file ({len(data)} bytes)')
    header = json.loads(data[8:8 + n].decode('utf-8'))
    body = memoryview(data)[8 + n:]
    result = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        if entry['dtype'] not in _NUMPY:
            raise ValueError(f'{path}: tensor {name} has unsupported dtype {entry["dtype"]}')
        start, end = entry['data_offsets']
        array = np.frombuffer(body[start:end], dtype=_NUMPY[entry['dtype']])
        result[name] = array.reshape(entry['shape']).copy()
    return result


def load_metadata(path):
    """Reads the string-to-string __metadata__ map of a safetensors file ({} when it has none)."""
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        return json.loads(f.read(n).decode('utf-8')).get('__metadata__', {})
