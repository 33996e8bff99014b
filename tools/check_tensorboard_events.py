#!/usr/bin/python3
"""Check TensorBoard event files written by Dcgan.Net, independently of the C# code.

Usage:
    /usr/bin/python3 tools/check_tensorboard_events.py LOGDIR_OR_EVENT_FILE
    /usr/bin/python3 tools/check_tensorboard_events.py --write-sample-png OUT.png

When TensorBoard is importable, its own EventAccumulator loads every run and the script prints the
tags, steps and values it found.  Debian 12 has no TensorBoard package (no python3-tensorboard), so
otherwise the script decodes the files itself with the standard library only: TFRecord framing with
both masked CRC-32C checks, the protobuf wire format, and the Event / Summary / Image / Tensor /
SessionLog messages (field numbers from TensorBoard's event.proto, summary.proto, tensor.proto).
Embedded PNG images are checked too (signature, chunk CRCs, IHDR size against the Summary.Image size).
When Google's protobuf runtime is importable (Debian: python3-protobuf), every payload is also parsed by it
with the same message layout declared as descriptors, compared field by field with the pure-Python
decode, and re-serialized, which must give the identical bytes; a summary of that goes to stderr.

The pure-Python report is line oriented, `kind key=value ...`; strings are JSON-quoted and every
float is printed both as Python's repr and as its IEEE bits, so a C# test can compare it exactly
(tests/Dcgan.Net.Tests/Logging/GoldenEventFilesTests.cs reads the committed output).
Exit status 1 when a CRC or the protobuf structure is wrong.
"""

import hashlib
import json
import os
import struct
import sys
import zlib

FILE_INFIX = "tfevents"


# ---- CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, and the TFRecord mask -------------------

def _crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = CRC32C_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked_crc32c(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283
assert crc32c(bytes(32)) == 0x8A9136AA


class CheckError(Exception):
    pass


# ---- protobuf wire format --------------------------------------------------------------------------

def read_varint(buf, pos):
    result = 0
    for i in range(10):
        if pos >= len(buf):
            raise CheckError("varint runs past the end at byte %d" % pos)
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << (7 * i)
        if b < 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos
    raise CheckError("varint longer than 10 bytes at byte %d" % pos)


def fields(buf):
    """Yield (field_number, wire_type, value); value is int (varint), bytes (LEN, I32, I64)."""
    pos = 0
    while pos < len(buf):
        key, pos = read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise CheckError("field number 0 at byte %d" % pos)
        if wire == 0:
            value, pos = read_varint(buf, pos)
        elif wire == 1 or wire == 5:
            size = 8 if wire == 1 else 4
            if pos + size > len(buf):
                raise CheckError("fixed field runs past the end at byte %d" % pos)
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 2:
            length, pos = read_varint(buf, pos)
            if pos + length > len(buf):
                raise CheckError("length %d runs past the end at byte %d" % (length, pos))
            value, pos = buf[pos:pos + length], pos + length
        else:
            raise CheckError("unsupported wire type %d at byte %d" % (wire, pos))
        yield number, wire, value


def as_int64(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def as_int32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


def f64(raw):
    return struct.unpack("<d", raw)[0]


def f32(raw):
    return struct.unpack("<f", raw)[0]


# ---- messages ---------------------------------------------------------------------------------------

def parse_metadata(buf):
    plugin = ""
    for n, w, v in fields(buf):
        if n == 1 and w == 2:
            for pn, pw, pv in fields(v):
                if pn == 1 and pw == 2:
                    plugin = pv.decode("utf-8")
    return plugin


def parse_tensor(buf):
    t = {"dtype": 0, "shape": [], "content": b"", "floats": [], "strings": []}
    for n, w, v in fields(buf):
        if n == 1 and w == 0:
            t["dtype"] = as_int32(v)
        elif n == 2 and w == 2:
            for dn, dw, dv in fields(v):
                if dn == 2 and dw == 2:
                    size = 0
                    for sn, sw, sv in fields(dv):
                        if sn == 1 and sw == 0:
                            size = as_int64(sv)
                    t["shape"].append(size)
        elif n == 4 and w == 2:
            t["content"] = v
        elif n == 5 and w == 2:
            if len(v) % 4:
                raise CheckError("packed float_val of %d bytes" % len(v))
            t["floats"] += [f32(v[i:i + 4]) for i in range(0, len(v), 4)]
        elif n == 5 and w == 5:
            t["floats"].append(f32(v))
        elif n == 8 and w == 2:
            t["strings"].append(v)
    return t


def parse_image(buf):
    img = {"height": 0, "width": 0, "colorspace": 0, "encoded": b""}
    names = {1: "height", 2: "width", 3: "colorspace"}
    for n, w, v in fields(buf):
        if n in names and w == 0:
            img[names[n]] = as_int32(v)
        elif n == 4 and w == 2:
            img["encoded"] = v
    return img


def parse_value(buf):
    val = {"tag": "", "kind": "other", "plugin": ""}
    for n, w, v in fields(buf):
        if n == 1 and w == 2:
            val["tag"] = v.decode("utf-8")
        elif n == 2 and w == 5:
            val["kind"], val["simple_value"] = "scalar", v
        elif n == 4 and w == 2:
            val["kind"], val["image"] = "image", parse_image(v)
        elif n == 8 and w == 2:
            val["kind"], val["tensor"] = "tensor", parse_tensor(v)
        elif n == 9 and w == 2:
            val["plugin"] = parse_metadata(v)
    return val


def parse_event(buf):
    ev = {"wall_time": b"\0" * 8, "step": 0, "what": "none", "values": []}
    for n, w, v in fields(buf):
        if n == 1 and w == 1:
            ev["wall_time"] = v
        elif n == 2 and w == 0:
            ev["step"] = as_int64(v)
        elif n == 3 and w == 2:
            ev["what"], ev["file_version"] = "file_version", v.decode("utf-8")
        elif n == 5 and w == 2:
            ev["what"] = "summary"
            ev["values"] += [parse_value(sv) for sn, sw, sv in fields(v) if sn == 1 and sw == 2]
        elif n == 7 and w == 2:
            ev["what"], ev["status"] = "session_log", 0
            for ln, lw, lv in fields(v):
                if ln == 1 and lw == 0:
                    ev["status"] = as_int32(lv)
        elif n in (4, 6, 8, 9):
            ev["what"] = "other"
    return ev


# ---- optional cross-check with Google's protobuf runtime ----------------------------------------------

def build_event_class():
    """The Event message and what it nests, declared as descriptors (nested types flattened: same wire format)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    F = descriptor_pb2.FieldDescriptorProto
    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    fdp = descriptor_pb2.FileDescriptorProto(name="dcgan_net_check_event.proto", package="check", syntax="proto3")
    layout = {
        "Event": [("wall_time", 1, F.TYPE_DOUBLE, opt, None), ("step", 2, F.TYPE_INT64, opt, None),
                  ("file_version", 3, F.TYPE_STRING, opt, None), ("graph_def", 4, F.TYPE_BYTES, opt, None),
                  ("summary", 5, F.TYPE_MESSAGE, opt, "Summary"), ("session_log", 7, F.TYPE_MESSAGE, opt, "SessionLog")],
        "SessionLog": [("status", 1, F.TYPE_INT32, opt, None), ("checkpoint_path", 2, F.TYPE_STRING, opt, None),
                       ("msg", 3, F.TYPE_STRING, opt, None)],
        "Summary": [("value", 1, F.TYPE_MESSAGE, rep, "Value")],
        "Value": [("tag", 1, F.TYPE_STRING, opt, None), ("simple_value", 2, F.TYPE_FLOAT, opt, None),
                  ("image", 4, F.TYPE_MESSAGE, opt, "Image"), ("tensor", 8, F.TYPE_MESSAGE, opt, "Tensor"),
                  ("metadata", 9, F.TYPE_MESSAGE, opt, "Metadata")],
        "Image": [("height", 1, F.TYPE_INT32, opt, None), ("width", 2, F.TYPE_INT32, opt, None),
                  ("colorspace", 3, F.TYPE_INT32, opt, None), ("encoded_image_string", 4, F.TYPE_BYTES, opt, None)],
        "Metadata": [("plugin_data", 1, F.TYPE_MESSAGE, opt, "PluginData"), ("display_name", 2, F.TYPE_STRING, opt, None),
                     ("summary_description", 3, F.TYPE_STRING, opt, None)],
        "PluginData": [("plugin_name", 1, F.TYPE_STRING, opt, None), ("content", 2, F.TYPE_BYTES, opt, None)],
        "Tensor": [("dtype", 1, F.TYPE_INT32, opt, None), ("tensor_shape", 2, F.TYPE_MESSAGE, opt, "Shape"),
                   ("tensor_content", 4, F.TYPE_BYTES, opt, None), ("float_val", 5, F.TYPE_FLOAT, rep, None),
                   ("string_val", 8, F.TYPE_BYTES, rep, None)],
        "Shape": [("dim", 2, F.TYPE_MESSAGE, rep, "Dim")],
        "Dim": [("size", 1, F.TYPE_INT64, opt, None), ("name", 2, F.TYPE_STRING, opt, None)],
    }
    for name, members in layout.items():
        m = fdp.message_type.add(name=name)
        for fname, number, ftype, label, type_name in members:
            f = m.field.add(name=fname, number=number, type=ftype, label=label)
            if type_name:
                f.type_name = ".check." + type_name
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdp)
    descriptor = pool.FindMessageTypeByName("check.Event")
    get_class = getattr(message_factory, "GetMessageClass", None)
    return get_class(descriptor) if get_class else message_factory.MessageFactory(pool).GetPrototype(descriptor)


def cross_check(event_class, payload, ev, where):
    msg = event_class()
    msg.ParseFromString(payload)
    problems = []
    if struct.pack("<d", msg.wall_time) != ev["wall_time"] or msg.step != ev["step"]:
        problems.append("wall_time/step")
    if ev["what"] == "file_version" and msg.file_version != ev["file_version"]:
        problems.append("file_version")
    if ev["what"] == "session_log" and msg.session_log.status != ev["status"]:
        problems.append("session_log")
    if ev["what"] == "summary":
        if len(msg.summary.value) != len(ev["values"]):
            problems.append("number of values")
        for pv, val in zip(msg.summary.value, ev["values"]):
            if pv.tag != val["tag"] or pv.metadata.plugin_data.plugin_name != val["plugin"]:
                problems.append("tag/plugin of %r" % val["tag"])
            if val["kind"] == "scalar" and struct.pack("<f", pv.simple_value) != val["simple_value"]:
                problems.append("simple_value of %r" % val["tag"])
            if val["kind"] == "image":
                img = val["image"]
                if (pv.image.height, pv.image.width, pv.image.colorspace, pv.image.encoded_image_string) != (
                        img["height"], img["width"], img["colorspace"], img["encoded"]):
                    problems.append("image of %r" % val["tag"])
            if val["kind"] == "tensor":
                t = val["tensor"]
                if (pv.tensor.dtype, [d.size for d in pv.tensor.tensor_shape.dim], list(pv.tensor.string_val)) != (
                        t["dtype"], t["shape"], t["strings"]):
                    problems.append("tensor of %r" % val["tag"])
    if msg.SerializeToString() != payload:
        problems.append("re-serialized bytes differ")
    if problems:
        raise CheckError("google.protobuf disagrees in %s: %s" % (where, ", ".join(problems)))


# ---- PNG --------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def check_png(data):
    if data[:8] != PNG_SIGNATURE:
        raise CheckError("embedded image is not a PNG")
    pos, ihdr = 8, None
    while pos + 12 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctype + body) != crc:
            raise CheckError("PNG chunk %r has a bad CRC" % ctype)
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBB", body[:10])
        pos += 12 + length
        if ctype == b"IEND":
            break
    if ihdr is None:
        raise CheckError("PNG without IHDR")
    return ihdr[0], ihdr[1], PNG_CHANNELS.get(ihdr[3], 0)


# ---- report -----------------------------------------------------------------------------------------

def q(s):
    return json.dumps(s, ensure_ascii=True)


def float_fields(name, raw):
    value = f64(raw) if len(raw) == 8 else f32(raw)
    bits = struct.unpack("<Q" if len(raw) == 8 else "<I", raw)[0]
    width = 16 if len(raw) == 8 else 8
    return "%s=%r %s_bits=0x%0*x" % (name, value, name, width, bits)


def describe_value(head, val):
    tag = "tag=%s" % q(val["tag"])
    if val["kind"] == "scalar":
        return "scalar %s %s %s" % (head, tag, float_fields("value", val["simple_value"]))
    if val["kind"] == "image":
        img = val["image"]
        pw, ph, pc = check_png(img["encoded"])
        return "image %s %s width=%d height=%d colorspace=%d bytes=%d sha256=%s png_width=%d png_height=%d png_channels=%d" % (
            head, tag, img["width"], img["height"], img["colorspace"], len(img["encoded"]),
            hashlib.sha256(img["encoded"]).hexdigest(), pw, ph, pc)
    if val["kind"] == "tensor" and val["tensor"]["dtype"] == 7:
        t = val["tensor"]
        text = "\n".join(s.decode("utf-8") for s in t["strings"])
        return "text %s %s plugin=%s dtype=7 shape=%s text=%s" % (
            head, tag, q(val["plugin"]), q(t["shape"]), q(text))
    return "other %s %s plugin=%s" % (head, tag, q(val["plugin"]))


def check_file(path, out, event_class):
    with open(path, "rb") as f:
        data = f.read()
    pos = index = 0
    truncated = False
    while pos < len(data):
        if pos + 12 > len(data):
            truncated = True
            break
        header = data[pos:pos + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if masked_crc32c(header) != length_crc:
            raise CheckError("bad length CRC in record %d at offset %d" % (index, pos))
        if pos + 12 + length + 4 > len(data):
            truncated = True
            break
        payload = data[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if masked_crc32c(payload) != data_crc:
            raise CheckError("bad data CRC in record %d at offset %d" % (index, pos))
        out.append("record index=%d offset=%d length=%d length_crc=ok data_crc=ok" % (index, pos, length))
        ev = parse_event(payload)
        if event_class is not None:
            cross_check(event_class, payload, ev, "record %d at offset %d of %s" % (index, pos, path))
        head = "%s step=%d" % (float_fields("wall_time", ev["wall_time"]), ev["step"])
        if ev["what"] == "file_version":
            out.append("file_version %s version=%s" % (head, q(ev["file_version"])))
        elif ev["what"] == "session_log":
            out.append("session_log %s status=%d" % (head, ev["status"]))
        elif ev["what"] == "summary":
            out.extend(describe_value(head, v) for v in ev["values"])
        else:
            out.append("other %s" % head)
        pos += 16 + length
        index += 1
    out.append("end records=%d truncated=%s" % (index, "yes" if truncated else "no"))


def find_runs(root):
    if os.path.isfile(root):
        return [(".", os.path.dirname(root) or ".", [os.path.basename(root)])]
    runs = []
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        events = sorted(f for f in files if FILE_INFIX in f)
        if events:
            runs.append((os.path.relpath(directory, root).replace(os.sep, "/"), directory, events))
    return sorted(runs)


def report_pure_python(root):
    try:
        from google import protobuf
        event_class = build_event_class()
    except ImportError:
        protobuf = event_class = None
    out = ["reader pure-python"]
    for name, directory, files in find_runs(root):
        for f in files:
            out.append("run name=%s file=%s" % (q(name), q(f)))
            check_file(os.path.join(directory, f), out, event_class)
    checked = sum(1 for line in out if line.startswith("record "))
    if protobuf is None:
        print("google.protobuf not importable: no runtime cross-check", file=sys.stderr)
    else:
        print("google.protobuf %s: %d payloads parsed, fields agree, re-serialized byte-identical"
              % (protobuf.__version__, checked), file=sys.stderr)
    return out


def report_tensorboard(root, event_accumulator):
    guidance = {event_accumulator.SCALARS: 0, event_accumulator.IMAGES: 0, event_accumulator.TENSORS: 0}
    out = ["reader tensorboard-event-accumulator"]
    for name, directory, _ in find_runs(root):
        acc = event_accumulator.EventAccumulator(directory, size_guidance=guidance)
        acc.Reload()
        tags = acc.Tags()
        out.append("run name=%s" % q(name))
        for tag in tags.get("scalars", []):
            for e in acc.Scalars(tag):
                out.append("scalar step=%d tag=%s value=%r wall_time=%r" % (e.step, q(tag), e.value, e.wall_time))
        for tag in tags.get("images", []):
            for e in acc.Images(tag):
                out.append("image step=%d tag=%s width=%d height=%d bytes=%d" % (
                    e.step, q(tag), e.width, e.height, len(e.encoded_image_string)))
        for tag in tags.get("tensors", []):
            for e in acc.Tensors(tag):
                strings = [s.decode("utf-8") for s in e.tensor_proto.string_val]
                out.append("tensor step=%d tag=%s dtype=%d strings=%s" % (e.step, q(tag), e.tensor_proto.dtype, q(strings)))
    return out


def write_sample_png(path, width=8, height=4):
    """An 8-bit RGB gradient, non-interlaced, filter 0 on every row: a small real PNG for the fixtures."""
    rows = b"".join(
        b"\0" + b"".join(bytes((x * 255 // (width - 1), y * 255 // (height - 1), 128)) for x in range(width))
        for y in range(height))

    def chunk(ctype, body):
        return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))

    png = (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def main(argv):
    if len(argv) == 3 and argv[1] == "--write-sample-png":
        write_sample_png(argv[2])
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from tensorboard.backend.event_processing import event_accumulator
    except ImportError:
        event_accumulator = None
    try:
        lines = report_tensorboard(argv[1], event_accumulator) if event_accumulator else report_pure_python(argv[1])
    except CheckError as e:
        print("error %s" % e)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
