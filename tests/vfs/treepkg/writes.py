# Fixture: every way of writing into the package's directory fails with
# EROFS in a slither binary (the embedded tree is a read-only file system).
import errno
import os

import treepkg
from treepkg import _cread

d = treepkg.HERE


def tryit(name, f, *a):
    try:
        f(*a)
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
