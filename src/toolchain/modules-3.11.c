/* CPython 3.11's tables for a static build (see modules.h). */
#include "toolchain/modules.h"

#include "lib/alloc.h"

/* What a static build needs on the build machine, and where Debian has it. */
static const struct tc_need needs[] = {
	{"cc", "gcc"},
	{"make", "make"},
	{"tar", "tar"},
	{"patch", "patch"},
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
	{"libcrypt.a", "libcrypt-dev"},
};

/* Stdlib C modules left out on purpose, and why.  Everything else that
 * configure finds is built in. */
static const struct tc_excluded excluded[] = {
	{"nis", "its static libtirpc needs GSSAPI (Kerberos), which Debian ships only as shared libraries"},
	{"_tkinter", "Tk needs an X11 display stack; a static one is not attempted"},
	{"_testbuffer", "test-only module"},
	{"_testcapi", "test-only module"},
	{"_testclinic", "test-only module"},
	{"_testimportmultiple", "test-only module, must be a shared library"},
	{"_testinternalcapi", "test-only module"},
	{"_testmultiphase", "test-only module, must be a shared library"},
	{"_xxtestfuzz", "test-only module"},
	{"_ctypes_test", "test-only module, must be a shared library"},
	{"xxlimited", "example module for the limited API, must be a shared library"},
	{"xxlimited_35", "example module for the limited API, must be a shared library"},
};

/* Modules that CPython 3.11's setup.py (not Setup.stdlib) builds; for a
 * static build they are written into Setup.local by hand.  Flags are those
 * setup.py would pick on Debian.  (-D options carry no '=': makesetup takes
 * any line with '=' for a variable definition.)  A module that a newer
 * CPython's Setup.stdlib already defines is not repeated. */
static const struct tc_extra extras[] = {
	{"readline", "readline readline.c -lreadline -ltinfo"},
	{"_curses", "_curses _cursesmodule.c -DHAVE_NCURSESW -I/usr/include/ncursesw -lncursesw -ltinfo"},
	{"_curses_panel", "_curses_panel _curses_panel.c -DHAVE_NCURSESW -I/usr/include/ncursesw "
			  "-lpanelw -lncursesw -ltinfo"},
	{"_dbm", "_dbm _dbmmodule.c -DUSE_GDBM_COMPAT -lgdbm_compat -lgdbm"},
	{"_ctypes", "_ctypes _ctypes/_ctypes.c _ctypes/callbacks.c _ctypes/callproc.c _ctypes/stgdict.c "
		    "_ctypes/cfield.c -DHAVE_FFI_PREP_CIF_VAR -DHAVE_FFI_PREP_CLOSURE_LOC "
		    "-DHAVE_FFI_CLOSURE_ALLOC -lffi -ldl"},
};

const struct tc_modules tc_modules_3_11 = {
	.major = 3,
	.minor = 11,
	.debian_source = "python3.11",
	.needs = needs,
	.nneeds = LEN(needs),
	.excluded = excluded,
	.nexcluded = LEN(excluded),
	.extras = extras,
	.nextras = LEN(extras),
};
