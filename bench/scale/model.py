"""bench/scale's report: the counts, the makespans, the queueing model
fitted to them and its extrapolation to 1K-100K ranks (markdown on
stdout; with --plot FILE, the PNG).

    python3 model.py RUNS.TSV [--plot FILE] [--counts]

RUNS.TSV: one line per start of N processes (bench/scale/run's one()):
kind, server, app, N, then "first_ms end_ms wall_ms" and, under the model
file system, the server's counts as name=value.

The model.  One metadata server is a single queue of service time S per
operation; a client's request also spends a round trip L outside it (the
network, the client's stack: in parallel for all clients); between two
requests a rank computes for Z = T1/k, where T1 is its start-up alone on
local disk and k its requests.  N ranks started together are a closed
queueing network, solved exactly by mean-value analysis (MVA): with n
clients, R(n) = S (1 + Q(n-1)), X(n) = n / (R(n) + L + Z), Q(n) = X(n) R(n);
a rank's makespan is T1 + k (R(N) + L).  Alone (N = 1) that is T1 + k (S + L):
latency-bound; crowded it tends to N k S: the server's queue, the term that
grows with the job.  On this machine (2 cores) the measured local
makespan T_local(N) takes T1's place (the CPU is shared), and what FUSE
itself costs per request (kernel, daemon, wake-ups) is one fitted
constant F, paid in turn by one process and shared by two cores beyond
two processes.  Extrapolated, each rank has its own core (T1 stays) and
makes the measured requests (each process on its own copy of the tree:
one rank per node, cold); with P ranks per node, the look-ups, stats,
link reads and listings a node's client cache answers are made once per
node, while opens and closes reach the server for every rank, as on
Lustre; a node reads the files' data once, at an aggregate bandwidth.
"""
import math
import statistics
import sys

# The published figures (docs/benchmarks.md cites them): a Lustre MDS
# answers one client thread ~2K stat/s (a 0.5 ms round trip) and serves
# 400-500K stat/s at full load (2-2.5 us of serialised service each).
LUSTRE = {"S": 2.2e-6, "L": 0.5e-3, "name": "Lustre MDS, 450K ops/s (S 2.2 us, L 0.5 ms)"}
SLOW = {"S": 50e-6, "L": 0.5e-3, "name": "busy MDS, 20K ops/s (S 50 us, L 0.5 ms)"}
SERVERS = {"lustre": LUSTRE, "slow": SLOW}
# the kinds a client's cache (a node's, P > 1) answers; the others
# (open, release, opendir, releasedir) reach the server every time
NODE_KINDS = ("lookup", "getattr", "readlink", "readdir", "access", "statfs", "xattr")
RANK_KINDS = ("open", "release", "opendir", "releasedir")
# the data: a node reads a file's pages once (its page cache); the
# file system's aggregate bandwidth (an assumption, a mid-size Lustre)
B_AGG = 100e9
P_NODE = 64
KINDS = ("stock", "slither", "mpi")
LABEL = {"stock": "stock python3.11", "slither": "slither", "mpi": "slither --mpi"}
# the servers as the report names them
SNAME = {"local": "local", "lustre": "lustre", "slow": "busy"}


def read_runs(path):
    runs = {}
    for line in open(path):
        kind, server, app, n, rest = line.rstrip("\n").split("\t")
        words = rest.split()
        first, end, wall = map(float, words[:3])
        counts = dict((k, float(v)) for k, v in (w.split("=") for w in words[3:]))
        runs.setdefault((kind, server, app, int(n)), []).append((first, end, wall, counts))
    return runs


def mva(N, S, D):
    """The response time at the queue with N clients: R(N)."""
    Q = 0.0
    R = S
    for n in range(1, N + 1):
        R = S * (1 + Q)
        Q = n / (R + D) * R
    return R


def mva_curve(ns, S, D):
    """R(n) for each n of NS (sorted), in one pass."""
    out = {}
    Q = 0.0
    want = set(ns)
    for n in range(1, max(ns) + 1):
        R = S * (1 + Q)
        Q = n / (R + D) * R
        if n in want:
            out[n] = R
    return out


def fit_line(xs, ys):
    """Least squares y = a + b x."""
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def fit2(rows):
    """Least squares y = F1 x1 + F2 x2 over ROWS ((x1, x2), y, measured),
    each weighted by 1/measured^2 (relative errors); F >= 0."""
    def solve(cols):
        a = [[sum(r[0][i] * r[0][j] / r[2] ** 2 for r in rows) for j in cols] for i in cols]
        b = [sum(r[0][i] * r[1] / r[2] ** 2 for r in rows) for i in cols]
        if len(cols) == 1:
            return [b[0] / a[0][0] if a[0][0] else 0.0]
        det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        if not det:
            return [0.0, 0.0]
        return [(b[0] * a[1][1] - b[1] * a[0][1]) / det, (a[0][0] * b[1] - a[1][0] * b[0]) / det]
    if not rows:
        return (0.0, 0.0)
    f = solve([0, 1])
    if f[0] < 0 or f[1] < 0:
        one = [max(solve([0])[0], 0.0), 0.0]
        two = [0.0, max(solve([1])[0], 0.0)]
        cost = lambda g: sum(((g[0] * r[0][0] + g[1] * r[0][1] - r[1]) / r[2]) ** 2 for r in rows)
        f = min(one, two, key=cost)
    return (f[0], f[1])


def ms(x):
    if x >= 3600e3:
        return "%.1f h" % (x / 3600e3)
    if x >= 100e3:
        return "%.1f min" % (x / 60e3)
    if x >= 10e3:
        return "%.0f s" % (x / 1e3)
    if x >= 1e3:
        return "%.2f s" % (x / 1e3)
    return "%.0f ms" % x


def main():
    runs = read_runs(sys.argv[1])
    plot = sys.argv[sys.argv.index("--plot") + 1] if "--plot" in sys.argv else None
    apps = sorted({k[2] for k in runs}, key=lambda a: a != "heavy")
    servers = [s for s in ("local", "lustre", "slow") if any(k[1] == s for k in runs)]
    ns = sorted({k[3] for k in runs})
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)) for k, v in runs.items()}
    counts = {k: v[0][3] for k, v in runs.items()}
    # the counts a run is expected to repeat exactly
    det = ("lookup", "getattr", "readlink", "open", "release", "opendir", "readdir", "releasedir",
           "access", "statfs")
    unstable = sorted({"%s %s %s N=%d" % k for k, v in runs.items()
                       if len({tuple(r[3].get(c) for c in det) for r in v}) > 1})

    if "--counts" in sys.argv:
        for k in sorted(counts, key=lambda k: (k[2], k[1], KINDS.index(k[0]), k[3])):
            c = counts[k]
            if c:
                print("counts %s %s %s %d %s" % (k[0], k[1], k[2], k[3], " ".join(
                    "%s=%d" % (n, c[n]) for n in ("metadata",) + det)))
    # metadata operations per rank: ops(N) = once + per_rank N
    per = {}
    for app in apps:
        for kind in KINDS:
            pts = [(n, counts[(kind, s, app, n)]) for s in ("lustre", "slow") for n in ns
                   if (kind, s, app, n) in counts and counts[(kind, s, app, n)]]
            if len(pts) < 2:
                continue
            xs = [p[0] for p in pts]
            f = {}
            for name in ("metadata",) + NODE_KINDS + RANK_KINDS + ("read_bytes",):
                f[name] = fit_line(xs, [p[1].get(name, 0) for p in pts])
            f["requests"] = fit_line(xs, [sum(v for n, v in p[1].items()
                                               if n in NODE_KINDS + RANK_KINDS + ("read",)
                                               or n.startswith("cached_")) for p in pts])
            # what one process reads alone: a node's cold read (processes
            # on this one machine share the pages of what is mapped)
            f["cold_bytes"] = min(pts, key=lambda p: p[0])[1].get("read_bytes", 0)
            per[(kind, app)] = f
            if "--counts" in sys.argv:
                a, b = f["metadata"]
                print("per-rank %s %s metadata %.2f once %.1f lookup %.2f open %.2f read_mb %.2f" % (
                    kind, app, b, a, f["lookup"][1], f["open"][1], f["read_bytes"][1] / 1e6))
    if "--counts" in sys.argv:
        print("unstable %s" % (", ".join(unstable) if unstable else "none"))
        return

    out = []
    w = out.append
    w("Metadata operations the server handled, per rank (the slope of a")
    w("least-squares line through the counts of N = %s; \"once\" is its" % ", ".join(map(str, ns)))
    w("intercept: what a job does once), and the data one process reads alone:")
    w("")
    w("| app | case | per rank | once per job | look-ups | opens + closes | listings | data MB |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for app in apps:
        for kind in KINDS:
            f = per.get((kind, app))
            if not f:
                continue
            w("| %s | %s | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f |" % (
                app, LABEL[kind], f["metadata"][1], max(f["metadata"][0], 0.0), f["lookup"][1] + f["getattr"][1],
                f["open"][1] + f["release"][1], f["opendir"][1] + f["readdir"][1] + f["releasedir"][1],
                f["cold_bytes"] / 1e6))
    w("")
    if unstable:
        w("Counts that differed between runs: %s." % ", ".join(unstable))
    else:
        w("Every repeated run served the same look-ups, stats, link reads, opens, closes and listings.")
    w("")

    # this machine: measured makespans and the model
    fits = {}
    for app in apps:
        w("Makespans for the %s app, ms (median of %d runs): first = the last process at the app's "
          "first line, end = the last process done:" % (app, max(len(v) for v in runs.values())))
        w("")
        head = "| N |"
        rule = "| ---: |"
        for kind in KINDS:
            for s in servers:
                head += " %s %s |" % (LABEL[kind], s if s == "local" else SNAME[s] + " first / end")
                rule += " ---: |"
        w(head)
        w(rule)
        for n in ns:
            row = "| %d |" % n
            for kind in KINDS:
                for s in servers:
                    m = med.get((kind, s, app, n))
                    if not m:
                        row += " |"
                    elif s == "local":
                        row += " %.0f |" % m[1]
                    else:
                        row += " %.0f / %.0f |" % m
            w(row)
        w("")
        # what FUSE costs here: per request and per byte read, fitted over
        # both servers and all cases (least squares on relative errors)
        rows, pred = [], {}
        for kind in KINDS:
            f = per.get((kind, app))
            if not f:
                continue
            k = max(f["metadata"][1], 1.0)
            for s in ("lustre", "slow"):
                if s not in servers:
                    continue
                S, L = SERVERS[s]["S"], SERVERS[s]["L"]
                for n in ns:
                    if (kind, s, app, n) not in med or (kind, "local", app, n) not in med:
                        continue
                    tl = med[(kind, "local", app, n)][1] / 1e3
                    R = mva(n, S, L + tl / k)
                    base = tl + k * (R + L)
                    c = counts[(kind, s, app, n)]
                    req = sum(v for name, v in c.items()
                              if name in NODE_KINDS + RANK_KINDS + ("read",) or name.startswith("cached_"))
                    # one process's requests wait in turn; beyond two
                    # processes the two cores share them
                    share = max(1.0, n / 2) / n
                    x = (req * share, c.get("read_bytes", 0) / 1e6 * share)
                    pred[(kind, s, n)] = (base, x)
                    rows.append((x, med[(kind, s, app, n)][1] / 1e3 - base, med[(kind, s, app, n)][1] / 1e3))
        F = fit2(rows)
        fits[app] = (F, pred)
        err = [abs(pred[key][0] + F[0] * pred[key][1][0] + F[1] * pred[key][1][1]
                   - med[(key[0], key[1], app, key[2])][1] / 1e3)
               / (med[(key[0], key[1], app, key[2])][1] / 1e3) for key in pred]
        w("Model on this machine: T_local(N) + k (R(N) + L) + (F1 r + F2 d) max(1, N/2), r a "
          "process's requests to the file system (served, cached or reads) and d the MB it reads; "
          "F1 and F2, what FUSE costs here per request and per MB (kernel, daemon, wake-ups, page "
          "faults; two cores), fitted: %.0f us and %.1f ms; the model's median error over the %d "
          "points: %.0f%%, largest %.0f%%." % (
              F[0] * 1e6, F[1] * 1e3, len(err), 100 * statistics.median(err) if err else 0,
              100 * max(err) if err else 0))
        w("")

    # the extrapolation
    big = [1000, 10000, 100000]
    w("Extrapolated (each rank its own core: T1 = the measured makespan of one process on local "
      "disk; the measured requests per rank; P ranks per node share a page cache, and with P = %d "
      "the look-ups a node's client cache answers are made once per node; data at %.0f GB/s "
      "aggregate, once per node):" % (P_NODE, B_AGG / 1e9))
    w("")
    w("| app | server | case | T1 | 1K ranks | 10K ranks | 100K ranks |")
    w("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    curves = {}
    for app in apps:
        for sname, srv in (("lustre", LUSTRE), ("slow", SLOW)):
            for kind, p in (("stock", 1), ("stock", P_NODE), ("slither", P_NODE), ("mpi", P_NODE)):
                f = per.get((kind, app))
                if not f or (kind, "local", app, 1) not in med:
                    continue
                t1 = med[(kind, "local", app, 1)][1] / 1e3
                k_rank = sum(f[n][1] for n in RANK_KINDS)
                k_node = sum(f[n][1] for n in NODE_KINDS)
                k = k_rank + k_node / p
                once = max(f["metadata"][0], 0.0)
                data = f["cold_bytes"]
                grid = sorted(set([int(round(10 ** (e / 8))) for e in range(0, 41)] + big))
                Rs = mva_curve(grid, srv["S"], srv["L"] + t1 / max(k, 1e-9))
                t = {n: t1 + k * (Rs[n] + srv["L"]) + once * (srv["S"] + srv["L"])
                     + math.ceil(n / p) * data / B_AGG for n in grid}
                curves[(app, sname, kind, p)] = t
                label = LABEL[kind] + (", P=1" if kind == "stock" and p == 1 else ", P=%d" % p)
                w("| %s | %s | %s | %s | %s |" % (app, "Lustre" if sname == "lustre" else "busy (20K/s)",
                                                  label, ms(t1 * 1e3),
                                                  " | ".join(ms(t[n] * 1e3) for n in big)))
    w("")
    print("\n".join(out))
    if plot:
        draw(plot, apps, servers, ns, med, fits, curves)


def draw(path, apps, servers, ns, med, fits, curves):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    app = apps[0]
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 5.5))
    colors = {"stock": "tab:red", "slither": "tab:blue", "mpi": "tab:green"}
    F, pred = fits[app]
    for kind in KINDS:
        for s, marker, ls in (("local", "s", ":"), ("lustre", "o", "-"), ("slow", "^", "--")):
            pts = [(n, med[(kind, s, app, n)][1] / 1e3) for n in ns if (kind, s, app, n) in med]
            if not pts:
                continue
            a.plot([p[0] for p in pts], [p[1] for p in pts], marker=marker, linestyle="none",
                   color=colors[kind], label="%s, %s" % (LABEL[kind], SNAME[s]))
            m = [(n, pred[(kind, s, n)][0] + F[0] * pred[(kind, s, n)][1][0] + F[1] * pred[(kind, s, n)][1][1])
                 for n in ns if (kind, s, n) in pred]
            if m:
                a.plot([p[0] for p in m], [p[1] for p in m], linestyle=ls, color=colors[kind], alpha=0.6)
            elif s == "local":
                a.plot([p[0] for p in pts], [p[1] for p in pts], linestyle=ls, color=colors[kind], alpha=0.4)
    a.set(xscale="log", yscale="log", xlabel="processes started at once (2 cores)",
          ylabel="makespan to the end, s",
          title="measured (points) and model (lines), %s app" % app, xticks=ns, xticklabels=ns)
    a.legend(fontsize=7, ncol=1)
    for (capp, sname, kind, p), t in sorted(curves.items()):
        if capp != app:
            continue
        xs = sorted(t)
        lab = "%s%s, %s" % (LABEL[kind], ", P=%d" % p if kind == "stock" else "",
                            "Lustre" if sname == "lustre" else "busy MDS")
        b.plot(xs, [t[x] for x in xs], color=colors[kind], linestyle="-" if sname == "lustre" else "--",
               alpha=0.5 if p == 1 else 1.0, label=lab)
    # published anchors
    b.plot([16384], [10 * 3600], marker="*", markersize=12, color="black", linestyle="none",
           label="Spindle: 16K processes, >10 h to main")
    b.plot([100], [3600], marker="D", color="gray", linestyle="none",
           label="Feng & Hand: hours at ~100 ranks")
    b.plot([127440], [240], marker="P", markersize=10, color="purple", linestyle="none",
           label="python-mpi-bcast: 127K ranks, ~4 min (as issue 17 quotes it)")
    b.set(xscale="log", yscale="log", xlabel="ranks", ylabel="start-up makespan, s",
          title="model extrapolated, %s app" % app)
    b.axhline(10, color="gray", linewidth=0.5)
    b.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=80, metadata={"Software": None})


main()
