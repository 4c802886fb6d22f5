# Fixture: every way of writing into the package's directory fails with
# EROFS in a slither binary (the embedded tree is a read-only file system).
import errno
import os
import shutil

import treepkg
from treepkg import _cread

d = treepkg.HERE


def tryit(name, f, *a, **kw):
    try:
        f(*a, **kw)
        print(name, "succeeded")
    except OSError as e:
        print(name, errno.errorcode[e.errno])


tryit("open w", open, os.path.join(d, "new.txt"), "w")
tryit("open a existing", open, os.path.join(d, "data", "table.json"), "a")
tryit("mkdir", os.mkdir, os.path.join(d, "newdir"))
tryit("unlink", os.unlink, os.path.join(d, "data", "table.json"))
tryit("rmdir", os.rmdir, os.path.join(d, "data", "sub"))
tryit("rename", os.rename, os.path.join(d, "data", "table.json"), os.path.join(d, "t.json"))
tryit("C fopen w", _cread.fopen_write, os.path.join(d, "c.txt"))
tryit("chdir", os.chdir, os.path.join(d, "data"))
tryit("chdir file", os.chdir, os.path.join(d, "data", "table.json"))
fd = os.open(os.path.join(d, "data"), os.O_RDONLY)
tryit("fchdir", os.fchdir, fd)
tryit("unlink dir_fd", os.unlink, "table.json", dir_fd=fd)
tryit("unlink dir_fd missing", os.unlink, "missing.json", dir_fd=fd)
tryit("rmdir dir_fd", os.rmdir, "sub", dir_fd=fd)
tryit("mkdir dir_fd", os.mkdir, "new", dir_fd=fd)
tryit("mkdir dir_fd existing", os.mkdir, "sub", dir_fd=fd)
tryit("rename dir_fd", os.rename, "table.json", "t.json", src_dir_fd=fd, dst_dir_fd=fd)
tryit("open w dir_fd", os.open, "new.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
os.close(fd)
errors = set()
shutil.rmtree(os.path.join(d, "data"), onerror=lambda f, p, e: errors.add(errno.errorcode[e[1].errno]))
print("rmtree", sorted(errors))
