# A tiny real use of each standard-library C module people miss in static
# builds, printed so that the toolchain's interpreter (t0100: 3.11, t0150:
# 3.13) can be compared with stock python3.11.
import ssl, ctypes, sqlite3, decimal, lzma, bz2, zlib, readline, curses, dbm.gnu, dbm.ndbm
import uuid, zoneinfo, hashlib, json, _asyncio, os, tempfile, pwd
ctx = ssl.create_default_context(); assert ctx.verify_mode == ssl.CERT_REQUIRED
print("ctypes", ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x * 2)(21))
print("sqlite3", sqlite3.connect(":memory:").execute("select 6*7").fetchone()[0])
print("decimal", decimal.Decimal(1) / decimal.Decimal(7))
print("lzma", lzma.decompress(lzma.compress(b"abc" * 100)) == b"abc" * 100)
print("bz2", bz2.decompress(bz2.compress(b"abc" * 100)) == b"abc" * 100)
print("zlib", zlib.crc32(b"slither"))
print("readline", hasattr(readline, "parse_and_bind"))
curses.setupterm("xterm", os.open(os.devnull, os.O_WRONLY)); print("curses", curses.tigetstr("clear"))
with tempfile.TemporaryDirectory() as d:
    for mod in (dbm.gnu, dbm.ndbm):
        with mod.open(os.path.join(d, mod.__name__), "c") as db:
            db[b"k"] = b"v"
            print(mod.__name__, db[b"k"])
print("uuid", uuid.uuid5(uuid.NAMESPACE_DNS, "example.org"))
print("zoneinfo", zoneinfo.ZoneInfo("UTC").key)
print("hashlib", hashlib.sha256(b"slither").hexdigest()[:16])
try: pwd.getpwnam("slither-no-such-user")
except KeyError: print("pwd", "KeyError")
print("json", json.dumps({"a": [1, 2]}))
import asyncio
async def f(): return 42
print("asyncio", asyncio.run(f()))
