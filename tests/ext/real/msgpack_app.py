"""msgpack through its C extension: packs and unpacks many types, prints the
encoded bytes and the decoded values (tests/t0530-msgpack.sh compares the
output with Debian's python3-msgpack on python3.11)."""
import datetime
import hashlib
import sys

import msgpack

# the C extension, not msgpack.fallback (which msgpack silently uses when
# msgpack._cmsgpack is missing)
print("packer:", msgpack.Packer.__module__, type(msgpack.Packer).__name__)
print("unpacker:", msgpack.Unpacker.__module__, type(msgpack.Unpacker).__name__)
print("C extension loaded:", "msgpack._cmsgpack" in sys.modules,
      "fallback loaded:", "msgpack.fallback" in sys.modules)
print("version:", msgpack.version)

values = [
    None, True, False,
    0, 1, -1, 127, 128, -32, -33, 255, 256, 65535, 65536, 2**31 - 1, -2**31,
    2**32, 2**63 - 1, -2**63, 2**64 - 1,
    0.0, -0.0, 1.5, -2.25, 3.141592653589793, 1e300, float("inf"), float("-inf"),
    "", "a", "x" * 31, "y" * 32, "z" * 300, "héllo wörld ✓ 🐍", "\x00nul",
    b"", b"\x00\xff", bytes(range(256)), bytearray(b"mutable"), b"b" * 70000,
    [], [1, [2, [3, [4]]]], list(range(20)), (1, "two", 3.0),
    {}, {"a": 1, "b": [1, 2], "c": {"d": None}}, {i: str(i) for i in range(20)},
    {b"k": b"v", 1: 2, 2.5: True},
    msgpack.ExtType(5, b"ext data"), msgpack.ExtType(127, b"\x00" * 12),
    msgpack.Timestamp(0, 0), msgpack.Timestamp(1700000000, 123456789),
    msgpack.Timestamp(2**34, 1), msgpack.Timestamp(-1, 999999999),
]
for v in values:
    packed = msgpack.packb(v)
    back = msgpack.unpackb(packed, strict_map_key=False)
    same = back == (list(v) if type(v) is tuple else v)
    print(f"{type(v).__name__:9} {len(packed):6} {hashlib.sha256(packed).hexdigest()[:16]}"
          f" {'ok' if same else 'MISMATCH'} {repr(back)[:60]}")

# options of the packer and unpacker
print("single float:", msgpack.packb(1.5, use_single_float=True).hex(),
      msgpack.unpackb(msgpack.packb(0.1, use_single_float=True)))
print("tuple kept:", msgpack.unpackb(msgpack.packb((1, (2, 3))), use_list=False))
print("raw:", msgpack.unpackb(msgpack.packb("héllo"), raw=True))
print("bin type off:", msgpack.packb(b"ab", use_bin_type=False).hex())
print("strict types:", msgpack.packb([True, 1, (2,)], strict_types=False).hex())
dt = datetime.datetime(2024, 2, 29, 12, 30, 45, 123456, tzinfo=datetime.timezone.utc)
print("datetime:", msgpack.packb(dt, datetime=True).hex(),
      msgpack.unpackb(msgpack.packb(dt, datetime=True), timestamp=3))
print("timestamp as float:", msgpack.unpackb(msgpack.packb(msgpack.Timestamp(1, 500000000)),
                                             timestamp=1))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def default(o):
    if isinstance(o, Point):
        return msgpack.ExtType(42, msgpack.packb([o.x, o.y]))
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"cannot serialize {o!r}")


def ext_hook(code, data):
    if code == 42:
        return ("Point", *msgpack.unpackb(data))
    return msgpack.ExtType(code, data)


blob = msgpack.packb({"p": Point(3, -4), "s": {3, 1, 2}}, default=default)
print("default hook:", blob.hex(), msgpack.unpackb(blob, ext_hook=ext_hook))
print("object_hook:", msgpack.unpackb(msgpack.packb({"a": 1}), object_hook=lambda d: sorted(d.items())))
print("object_pairs_hook:", msgpack.unpackb(msgpack.packb({"a": 1, "b": 2}),
                                            object_pairs_hook=lambda p: p))
print("list_hook:", msgpack.unpackb(msgpack.packb([1, 2, 3]), list_hook=lambda l: sum(l)))

# streaming: a Packer, and an Unpacker fed in small pieces
packer = msgpack.Packer(autoreset=False)
for v in values[:30]:
    packer.pack(v)
packer.pack_array_header(2)
packer.pack(1)
packer.pack(2)
packer.pack_map_pairs([("k", "v"), ("n", 1)])
stream = packer.bytes()
print("stream:", len(stream), hashlib.sha256(stream).hexdigest()[:16])
unpacker = msgpack.Unpacker(strict_map_key=False)
got = []
for i in range(0, len(stream), 7):
    unpacker.feed(stream[i:i + 7])
    got.extend(unpacker)
print("streamed back:", len(got), got[-3:])
u = msgpack.Unpacker()
u.feed(msgpack.packb([1, 2, 3]) + msgpack.packb("tail"))
print("read_array_header:", u.read_array_header(), u.unpack(), u.skip(), u.skip(), u.unpack())

# errors
for label, call in [
    ("extra data", lambda: msgpack.unpackb(b"\x01\x02")),
    ("truncated", lambda: msgpack.unpackb(b"\x92\x01")),
    ("unserializable", lambda: msgpack.packb(object())),
    ("int too big", lambda: msgpack.packb(2**64)),
    ("bad map key", lambda: msgpack.unpackb(msgpack.packb({1: 2}))),
    ("limit", lambda: msgpack.unpackb(msgpack.packb([0] * 10), max_array_len=5)),
    ("reserved byte", lambda: msgpack.unpackb(b"\xc1")),
]:
    try:
        call()
        print(label, "-> no error")
    except Exception as e:
        print(label, "->", type(e).__name__, str(e)[:60])
