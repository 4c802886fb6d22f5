"""bench/py313/run's report (markdown, to stdout) from the measurements in
its directory: report.py DIR N CG SIDES PROFILED (BENCH_KEEP=1 keeps DIR, so
that the report can be made again)."""
import os, re, statistics, sys

w, n, cg, sides, PROFILED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split()
facts = dict(l.rstrip("\n").partition(" ")[::2] for l in open(os.path.join(w, "facts")))
names = {
    "s313": "slither 3.13 static (deep-frozen)",
    "s313nf": "slither 3.13 static `--no-freeze`",
    "s313u": "slither 3.13 static, no speed patch",
    "d313": "stock 3.13 dynamic (the module builder)",
    "s311": "slither 3.11 static (deep-frozen)",
    "s311nf": "slither 3.11 static `--no-freeze`",
    "stock": "stock python3.11 (Debian)",
}
ver = {s: open(f"{w}/version.{s}").read().strip() for s in sides}
count = {s: open(f"{w}/count.{s}").read().strip() for s in sides}
cmds = {"pass": "`-c pass`", "heavy": "`-P -c 'import <heavy set>'`",
        "allstd": "the whole stdlib (`-P allstd.py`)"}
print(f"Load {facts['load']} (1, 5, 15 min) at the end, {facts['cores']} cores; "
      f"{n} rounds, callgrind {cg} run(s) each.")
print(f"3.11 toolchain {facts['tc11']}; 3.13 toolchain {facts['tc13']}; "
      + (f"3.13 toolchain without the speed patch {facts['tc13u']}; " if "s313u" in sides else "")
      + f"the module builder configured with {facts['d313config']}.")
print()
wall, ir = {}, {}
for c in cmds:
    for s in sides:
        runs = [[float(x) * 1000 for x in l.split()] for l in open(f"{w}/wall.{c}.{s}.t")]
        real = [r[0] for r in runs]
        q = statistics.quantiles(real, n=4)
        wall[c, s] = (statistics.median(real), q[0], q[2],
                      statistics.median(r[1] for r in runs), statistics.median(r[2] for r in runs))
        v = [int(x) for x in open(f"{w}/ir.{c}.{s}").read().split()]
        ir[c, s] = statistics.median(v)
print("| interpreter | version | " + " | ".join(f"{cmds[c]}: ms (q1-q3) | M instr" for c in cmds) + " |")
print("| --- | --- |" + " ---: | ---: |" * len(cmds))
for s in sides:
    cells = []
    for c in cmds:
        m, q1, q3, _, _ = wall[c, s]
        cells += [f"{m:.1f} ({q1:.1f}-{q3:.1f})", f"{ir[c, s] / 1e6:.1f}"]
    print(f"| {names[s]} | {ver[s]} | " + " | ".join(cells) + " |")
print()
print("Ratios (the other's median or instructions over the first's; above 1: the first is faster):")
print()
print("| pair | " + " | ".join(f"{cmds[c]}: wall | instr" for c in cmds) + " |")
print("| --- |" + " ---: | ---: |" * len(cmds))
for a, b in (("s313", "s313nf"), ("s313", "s313u"), ("s313", "d313"), ("s313", "s311"),
             ("s313nf", "s311nf"), ("s311", "s311nf"), ("s311", "stock"), ("d313", "stock"),
             ("s313", "stock")):
    if b not in sides:
        continue
    cells = []
    for c in cmds:
        cells += [f"{wall[c, b][0] / wall[c, a][0]:.2f}x", f"{ir[c, b] / ir[c, a]:.2f}x"]
    print(f"| {a} against {b} | " + " | ".join(cells) + " |")
print()
print("user+sys ms (medians): " + "; ".join(
    f"{s} " + ", ".join(f"{c} {wall[c, s][3]:.0f}+{wall[c, s][4]:.0f}" for c in cmds) for s in sides))
print()
print("Modules the whole-stdlib script imported: " + ", ".join(f"{s} {count[s]}" for s in sides) + ".")
print("Path calls of the heavy set: " + ", ".join(
    f"{s} {open(f'{w}/calls.{s}').read().strip()}" for s in sides) + ".")
print("Binaries: " + ", ".join(f"{s} {int(facts['size.' + s]) / 1e6:.0f} MB" for s in sides if "size." + s in facts) + " (not stripped).")
print()

# where the heavy set's instructions go: inclusive, by function
groups = [
    ("the interpreter's core (`pyinit_core`)", "pyinit_core"),
    ("its main part, `site` included (`init_interp_main`)", "init_interp_main"),
    ("unmarshalling byte-code (`read_object`)", "read_object"),
    ("... CPython's own frozen start-up modules (`_imp_get_frozen_object`)", "_imp_get_frozen_object"),
    ("creating classes (`type_new`)", "type_new"),
    ("... the slot fix-up (`update_one_slot`)", "update_one_slot"),
    ("... the type lookups (`find_name_in_mro`)", "find_name_in_mro"),
    ("C modules' init and exec (`PyModule_ExecDef`)", "PyModule_ExecDef"),
    ("interning strings (`PyUnicode_InternInPlace`)", "PyUnicode_InternInPlace"),
    ("the cyclic collector (`gc_collect_main`)", "gc_collect_main"),
    ("finalization (`Py_FinalizeEx`)", "Py_FinalizeEx"),
]
def annotate(s):
    inc = {}
    for line in open(f"{w}/annotate.{s}"):
        m = re.match(r"\s*([\d,]+) \(.*?\)\s+(\S+)", line)
        if not m or "'" in m.group(2):	# a recursive call's line
            continue
        # "file:function", less GCC's suffixes (.constprop.0, .isra.0)
        name = m.group(2).rsplit(":", 1)[-1].split(".")[0]
        inc[name] = max(inc.get(name, 0), int(m.group(1).replace(",", "")))
    return inc
inc = {s: annotate(s) for s in PROFILED}
print("Where the heavy set's instructions go (M, inclusive; callgrind_annotate):")
print()
print("| | " + " | ".join(names[s] for s in inc) + " |")
print("| --- |" + " ---: |" * len(inc))
print("| all | " + " | ".join(f"{ir['heavy', s] / 1e6:.1f}" for s in inc) + " |")
for label, fn in groups:
    print(f"| {label} | " + " | ".join(f"{inc[s][fn] / 1e6:.1f}" if fn in inc[s] else "-" for s in inc) + " |")
print()
print("(-: the function is not in the profile: not called, or inlined into its caller.)")
