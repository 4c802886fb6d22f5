"""multiprocessing in every form an app uses it; prints only what does not
vary between runs, so that python3 and the slither binary can be compared."""
import concurrent.futures
import multiprocessing as mp
import subprocess
import sys
from multiprocessing import shared_memory


def square(x):
    return x * x


def report(q, method):
    q.put((method, mp.current_process().name.startswith("Process-"), __name__))


def read_shared(name, q):
    shm = shared_memory.SharedMemory(name=name)
    q.put(bytes(shm.buf[:5]))
    shm.close()


def main():
    for method in ("fork", "spawn", "forkserver"):
        ctx = mp.get_context(method)
        with ctx.Pool(2) as pool:
            print(method, "pool", pool.map(square, range(6)))
        q = ctx.Queue()
        p = ctx.Process(target=report, args=(q, method))
        p.start()
        print(method, "process", q.get())
        p.join()
        print(method, "exit code", p.exitcode)
    for method in ("spawn", "forkserver"):
        with concurrent.futures.ProcessPoolExecutor(2, mp_context=mp.get_context(method)) as ex:
            print(method, "executor", list(ex.map(square, range(6))))
    shm = shared_memory.SharedMemory(create=True, size=16)
    shm.buf[:5] = b"hello"
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=read_shared, args=(shm.name, q))
    p.start()
    print("shared memory", q.get())
    p.join()
    shm.close()
    shm.unlink()
    r = subprocess.run([sys.executable, "-c", "print(1 + 1)"], capture_output=True, text=True)
    print("python -c", r.returncode, r.stdout.strip())
    print("frozen-style", mp.freeze_support() is None)


if __name__ == "__main__":
    main()
