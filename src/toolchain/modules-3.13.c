/* CPython 3.13's tables for a static build (see modules.h).  3.13 has no
 * setup.py: every stdlib C module is in the Modules/Setup.stdlib configure
 * generates, and MODULE_BUILDTYPE=static makes them all built in.  Checked
 * against 3.13.5's configure on Debian 12 (bookworm, amd64): it enables
 * every module of Setup.stdlib.in but _tkinter (no Tk), _dbm (below) and
 * _scproxy (macOS); PEP 594 removed nis, spwd, _crypt, audioop and
 * ossaudiodev, which 3.11 still had. */
#include "toolchain/modules.h"

#include "lib/alloc.h"

/* What a static build needs on the build machine, and where Debian has it. */
static const struct tc_need needs[] = {
	{"cc", "gcc"},
	{"make", "make"},
	{"tar", "tar"},
	{"xz", "xz-utils"},	/* Debian serves 3.13 as .orig.tar.xz */
	{"pkg-config", "pkg-config"},
	{"libc.a", "libc6-dev"},
	{"libssl.a", "libssl-dev"},
	{"libcrypto.a", "libssl-dev"},
	{"libffi.a", "libffi-dev"},
	{"libsqlite3.a", "libsqlite3-dev"},
	{"liblzma.a", "liblzma-dev"},
	{"libbz2.a", "libbz2-dev"},
	{"libz.a", "zlib1g-dev"},
	{"libreadline.a", "libreadline-dev"},
	{"libncursesw.a", "libncurses-dev"},
	{"libpanelw.a", "libncurses-dev"},
	{"libtinfo.a", "libncurses-dev"},
	{"libgdbm.a", "libgdbm-dev"},
	{"libgdbm_compat.a", "libgdbm-compat-dev"},
	{"libuuid.a", "uuid-dev"},
};

/* Stdlib C modules left out on purpose, and why.  Everything else that
 * configure finds is built in. */
static const struct tc_excluded excluded[] = {
	{"_tkinter", "Tk needs an X11 display stack; a static one is not attempted"},
	{"_testbuffer", "test-only module"},
	{"_testcapi", "test-only module"},
	{"_testclinic", "test-only module"},
	{"_testclinic_limited", "test-only module"},
	{"_testlimitedcapi", "test-only module"},
	{"_testinternalcapi", "test-only module"},
	{"_xxtestfuzz", "test-only module"},
	{"_testimportmultiple", "test-only module, must be a shared library"},
	{"_testmultiphase", "test-only module, must be a shared library"},
	{"_testsinglephase", "test-only module, must be a shared library"},
	{"_testexternalinspection", "test-only module, must be a shared library"},
	{"_ctypes_test", "test-only module, must be a shared library"},
	{"xxlimited", "example module for the limited API, must be a shared library"},
	{"xxlimited_35", "example module for the limited API, must be a shared library"},
};

/* configure looks for dbm_open in -lgdbm_compat alone, which a static link
 * cannot resolve without -lgdbm, and so marks _dbm missing; it is built
 * on gdbm's ndbm compatibility layer, as Debian's 3.11 is. */
static const struct tc_extra extras[] = {
	{"_dbm", "_dbm _dbmmodule.c -DUSE_GDBM_COMPAT -lgdbm_compat -lgdbm"},
};

/* configure options of the static interpreter (not the module builder's) */
static const char *const configure_args[] = {
	/* mimalloc, compiled in by default though pymalloc stays the default
	 * allocator, starts by a constructor in every process and reads
	 * /proc/sys/vm/overcommit_memory with a raw open syscall that no
	 * wrapper sees: a path look-up at every start.  Without it,
	 * PYTHONMALLOC=mimalloc is refused; pymalloc is what runs either way. */
	"--without-mimalloc",
	/* the bundled libmpdec, as 3.11 builds it; said outright, since 3.13's
	 * configure warns when it falls back to it */
	"--without-system-libmpdec",
	NULL,
};

const struct tc_modules tc_modules_3_13 = {
	.major = 3,
	.minor = 13,
	.debian_source = "python3.13",
	.debian_suite = "trixie",
	/* ensurepip bundles only pip since 3.12 */
	.setuptools_source = "setuptools",
	.configure_args = configure_args,
	.needs = needs,
	.nneeds = LEN(needs),
	.excluded = excluded,
	.nexcluded = LEN(excluded),
	.extras = extras,
	.nextras = LEN(extras),
};
