"""The test app's script: one behaviour per first argument, compared by
tests/runtime/run-tests.sh against python3.11 running this same file."""
import sys

case = sys.argv[1] if len(sys.argv) > 1 else "argv"

if case == "argv":
    print(sys.argv[1:])
elif case == "exit3":
    print("before exit")
    sys.exit(3)
elif case == "exitmsg":
    print("to stdout")
    sys.exit("fatal: a message for the user")
elif case == "exitobj":
    raise SystemExit([1, 2])
elif case == "exitnone":
    sys.exit(None)
elif case == "raise":
    import bad  # raises while being imported
elif case == "raise_here":
    def divide(a, b):
        return a / b
    print("partial output", flush=False)
    divide(1, 0)
elif case == "chained":
    try:
        import bad
    except ValueError as e:
        raise RuntimeError("while importing bad") from e
elif case == "kbi":
    print("about to be interrupted")
    raise KeyboardInterrupt
elif case == "pkg":
    import pkg
    from pkg import sub
    print(pkg.VALUE, pkg.helper.NAME, pkg.__name__, pkg.__package__, sub.__package__)
    print(pkg.sub.twice(21))
elif case == "stdlib":
    import json, decimal, asyncio, email.message, http.client
    import xml.etree.ElementTree as ET, argparse, logging, unittest, ssl
    msg = email.message.EmailMessage()
    msg["Subject"] = "hi"
    print(json.dumps({"d": str(decimal.Decimal("1.1") + decimal.Decimal("2.2"))}),
          ET.fromstring("<a><b>x</b></a>").find("b").text, msg["Subject"],
          asyncio.run(asyncio.sleep(0, result="async ok")),
          argparse.ArgumentParser(prog="p").prog, logging.getLevelName(logging.INFO),
          unittest.TestCase.__name__, http.client.OK, ssl.PROTOCOL_TLS_CLIENT.name)
elif case == "builtins":
    print(repr(exit), repr(quit), type(copyright).__name__, type(credits).__name__,
          type(license).__name__, repr(help)[:20])
elif case == "quit":
    print("bye")
    quit(4)
elif case == "traceback_module":
    import traceback
    try:
        import bad
    except ValueError:
        traceback.print_exc()
    print("still running")
elif case == "inspect":
    import inspect
    from pkg import sub
    print(inspect.getsource(sub.twice), end="")
    print(inspect.getsourcefile(sub.twice) == sub.__file__)
elif case == "atexit":
    import atexit
    atexit.register(print, "atexit ran")
    sys.stdout.write("no newline at the end")
elif case == "stdin":
    data = sys.stdin.read()
    print(len(data), data.upper(), end="")
elif case == "encoding":
    print(sys.getfilesystemencoding(), sys.stdout.encoding, "h\u00e9llo \u2603")
elif case == "stderr":
    print("out 1")
    print("err 1", file=sys.stderr)
    print("out 2")
    raise ValueError("after mixed output")
elif case == "recursion":
    def f(n):
        return f(n + 1)
    f(0)
elif case == "syntaxerror":
    compile("x = (1,\n", "<string>", "exec")
elif case == "warn":
    import warnings
    warnings.warn("careful")
    print("after warning")
elif case == "ssl":
    import ssl, hashlib
    print(hashlib.sha256(b"").hexdigest()[:8], ssl.OPENSSL_VERSION.split()[0])
elif case == "time":
    import time
    t = time.localtime(86400 * 365)
    print(time.tzname, t.tm_zone, t.tm_hour, time.strftime("%Y-%m-%d %H:%M", t))
elif case == "ext":
    import pkg._single, pkg._multi
    print(pkg._single.__name__, pkg._single.hello(), pkg._single.inits,
          pkg._single.__file__, pkg._single.__spec__.origin == pkg._single.__file__)
    print(pkg._multi.__name__, pkg._multi.execs, pkg._multi.__file__)
    del sys.modules["pkg._single"], sys.modules["pkg._multi"]
    import pkg._single, pkg._multi
    print("again", pkg._single.inits, pkg._multi.execs)
    try:
        import pkg._missing
    except ImportError as e:
        print("ImportError:", e)
elif case == "data":
    import pkgutil, pkg
    print(pkgutil.get_data("pkg", "data.txt"))
    print(pkg.__spec__.loader.get_data(pkg.__path__[0] + "/data.txt"))
    print(pkgutil.get_data("pkg.inner", "res/deep.txt"),
          pkgutil.get_data("pkg.inner", "res/deep2.txt"))
    import pathlib
    print(pkg.__spec__.loader.get_data(pathlib.Path(pkg.__path__[0], "data.txt")))
    try:
        pkgutil.get_data("pkg", "nothere.txt")
    except FileNotFoundError as e:
        print("FileNotFoundError:", e.filename)
elif case == "ns":
    import nspkg.part
    print(nspkg.part.WHERE, nspkg.__file__ if hasattr(nspkg, "__file__") else "no __file__",
          list(nspkg.__path__))
    try:
        import nspkg.extra
        print(nspkg.extra.WHERE)
    except ImportError as e:
        print("ImportError:", e)
    try:
        import plugin_mod
        print(plugin_mod.WHERE)
    except ImportError as e:
        print("ImportError:", e)
elif case == "attrs":
    import os
    print(sys.argv[0])
    print(sys.path)
    print(sys.executable == sys._base_executable, sys.executable)
    print(sys.prefix, sys.exec_prefix, sys.base_prefix, sys._stdlib_dir)
    print(os.__file__, __loader__)
    print(sys.flags.no_site, sys.flags.utf8_mode, sys.flags.dont_write_bytecode)
    print(sys.meta_path)
    print(sys.path_hooks[0], sys.excepthook is sys.__excepthook__)
    import pkg
    print(pkg.__file__, pkg.__path__, pkg.__cached__, pkg.__spec__.has_location)
elif case == "attrs_path":
    print(sys.path)
elif case == "reload":
    import importlib, pkg.sub
    old = pkg.sub.twice
    importlib.reload(pkg.sub)
    print(pkg.sub.twice is not old, pkg.sub.twice(5))
elif case == "iter":
    import pkgutil, pkg
    print(sorted(m.name for m in pkgutil.iter_modules(pkg.__path__, "pkg.")))
    print(sorted(m.name for m in pkgutil.iter_modules()
                 if m.name in ("pkg", "json", "bad", "nspkg", "cli")))
elif case == "codecs":
    print("\u20ac".encode("cp1252"), "x".encode("utf-16-le"), b"\xe9".decode("latin-1"))
elif case == "leakcheck":
    # every importer entry point, many times: the number of allocated
    # blocks must not grow (a missing Py_DECREF would leak one per call)
    import gc, io, importlib, pkg, pkg.sub
    loader = pkg.__spec__.loader
    hook = sys.path_hooks[0]

    def work():
        loader.find_spec("pkg.sub"), loader.find_spec("nope"), loader.find_spec("nspkg")
        loader.get_code("pkg.sub"), loader.get_source("pkg.sub"), loader.get_source("__main__")
        loader.is_package("pkg"), loader.get_filename("pkg")
        loader.get_data(pkg.__path__[0] + "/data.txt")
        for bad in (lambda: loader.get_data("/slither/app/none"), lambda: loader.get_code("nope"),
                    lambda: hook("/elsewhere")):
            try:
                bad()
            except (OSError, ImportError):
                pass
        f = hook("/slither/app/pkg/")
        f.find_spec("pkg.sub"), f.find_spec("pkg"), f.iter_modules("pkg."), repr(f)
        hook("/slither/app").find_spec("nspkg")
        files = loader.get_resource_reader("pkg").files()
        (files / "data.txt").read_text(), (files / "inner").joinpath("res", "deep.txt").read_bytes()
        list(files.iterdir()), (files / "inner").is_dir(), repr(files), str(files), files.name
        with (files / "data.txt").open("r", encoding="utf-8") as f:
            f.read()
        try:
            (files / "nope").open("rb")
        except OSError:
            pass
        importlib.reload(pkg.sub)
        for name in ("pkg._single", "pkg._multi"):
            sys.modules.pop(name, None)
            importlib.import_module(name)
        err, sys.stderr = sys.stderr, io.StringIO()
        try:
            import bad
        except ValueError:
            sys.excepthook(*sys.exc_info())
        finally:
            sys.stderr = err
            sys.modules.pop("bad", None)

    # Bounded caches (the type attribute cache, linecache, re's) grow at
    # first; a leaked reference per call grows every batch by >= 200.
    growth = []
    for batch in range(8):
        gc.collect()
        before = sys.getallocatedblocks()
        for i in range(200):
            work()
        gc.collect()
        growth.append(sys.getallocatedblocks() - before)
    # ... and references to long-lived objects, which a missing Py_DECREF
    # keeps alive without allocating anything
    objs = [loader, hook, pkg, pkg.sub, pkg.__name__, pkg.sub.__name__, None, True, False]
    before = [sys.getrefcount(o) for o in objs]
    for i in range(200):
        work()
    gc.collect()
    refs = [sys.getrefcount(o) - b for o, b in zip(objs, before)]
    if min(growth[-3:]) >= 100:
        print(f"leak: blocks added per batch {growth}")
    elif max(map(abs, refs)) >= 100:
        print(f"leak: references added {refs}")
    else:
        print("no leak")
elif case == "child":
    import subprocess
    subprocess.run(["sh", "-c", 'date -d @0 "+%Z %H:%M"'], check=True)
elif case == "sleep":
    import time
    print("ready", flush=True)
    time.sleep(30)
elif case == "unraisable":
    import weakref

    class Callback:
        def __repr__(self):
            return "<the callback>"

        def __call__(self, ref):
            raise ValueError("in a weakref callback")

    class Thing:
        pass
    thing = Thing()
    ref = weakref.ref(thing, Callback())
    del thing
    print("after the unraisable exception")
elif case == "unraisable_at_exit":
    # raised while the interpreter shuts down, when the traceback module
    # may be gone: the report is whole all the same
    class Thing:
        def __del__(self):
            raise ValueError("in __del__ at exit")
    at_exit = Thing()
    print("before the exit")
elif case == "exit120":
    class Unflushable:
        def write(self, s):
            return len(s)

        def flush(self):
            raise OSError("cannot flush")
    sys.stdout = Unflushable()
elif case == "resources":
    import importlib.resources as res
    files = res.files("pkg")
    print(files.joinpath("data.txt").read_text().strip(), (files / "data.txt").is_file())
    print((files / "inner" / "res" / "deep3.txt").read_bytes())
    print(sorted(p.name for p in files.iterdir()))
    print(sorted(p.name for p in (files / "inner/res").iterdir()))
    print((files / "inner").is_dir(), (files / "data.txt").is_dir(), (files / "no").is_file())
    with (files / "data.txt").open("rb") as f:
        print(f.read())
    with res.as_file(files / "data.txt") as p:
        print(p.read_text().strip())
    print(res.files("pkg.inner").joinpath("res/deep.txt").read_text(encoding="ascii").strip())
    import warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    print(res.read_text("pkg", "data.txt").strip(), res.is_resource("pkg", "data.txt"),
          sorted(res.contents("pkg")))
    try:
        (files / "missing.txt").read_text()
    except FileNotFoundError as e:
        print("FileNotFoundError")
elif case == "main_attrs":
    print(__name__, __spec__, __cached__, __package__, __doc__.split()[0])
else:
    print("unknown case", case)
    sys.exit(99)
