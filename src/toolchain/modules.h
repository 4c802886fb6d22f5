/* What a static build of one CPython version takes: the libraries and
 * programs it needs on the build machine, the stdlib C modules it leaves
 * out, and those it adds to Modules/Setup.local.  One table per minor
 * version, each in its own file (modules-3.11.c); a new version is a new
 * file, a line in modules.c's list and one in the Makefile. */
#ifndef SL_TOOLCHAIN_MODULES_H
#define SL_TOOLCHAIN_MODULES_H

#include <stddef.h>

/* A static library (found with cc -print-file-name) or a program a
 * static build needs on the build machine, and the Debian package with it. */
struct tc_need {
	const char *file, *package;
};

/* A stdlib C module left out on purpose, and why (the recipe says so). */
struct tc_excluded {
	const char *name, *why;
};

/* A module the version's generated Setup.stdlib lacks: its Setup.local line. */
struct tc_extra {
	const char *name, *line;
};

/* One CPython version's tables. */
struct tc_modules {
	int major, minor;
	const char *debian_source;	/* its Debian source package: "python3.11" */
	const char *debian_suite;	/* the Debian release serving it ("trixie"); NULL:
					   the machine's own */
	/* setuptools, when CPython's ensurepip no longer bundles it (3.12+):
	 * this Debian source package of debian_suite, installed from its
	 * upstream tarball; NULL: ensurepip brings it */
	const char *setuptools_source;
	/* configure options of the static interpreter's build, each with its
	 * reason beside it in the table; NULL-terminated, or NULL */
	const char *const *configure_args;
	const struct tc_need *needs;
	size_t nneeds;
	const struct tc_excluded *excluded;	/* everything else configure finds is built in */
	size_t nexcluded;
	const struct tc_extra *extras;
	size_t nextras;
};

/* The tables, one per version (modules-X.Y.c). */
extern const struct tc_modules tc_modules_3_11;
extern const struct tc_modules tc_modules_3_13;

/* The tables a source of CPython major.minor is built with: its own, or
 * those of the newest older version slither knows (a newer source is built
 * as that one, with a warning); NULL if slither knows none that old. */
const struct tc_modules *modules_find(int major, int minor);

/* The tables of exactly "X.Y" (`toolchain build --python X.Y`), or NULL. */
const struct tc_modules *modules_get(const char *xy);

/* The tables of the version built when none is asked for: the machine's
 * python3's version if slither supports it, else the newest it supports;
 * also what `toolchain deps` checks. */
const struct tc_modules *modules_default(void);

/* The versions slither supports, "3.11, 3.13", for messages (static). */
const char *modules_supported(void);

struct tc_target;

/* Die naming the files this machine lacks for a static build for the
 * target `t` and the `apt-get install` that brings them. */
void modules_check_needs(const struct tc_modules *m, const struct tc_target *t);

/* Write `build`/Modules/Setup.local from the configured Setup.stdlib and
 * the tables; dies on failure. */
void modules_write_setup_local(const struct tc_modules *m, const char *build);

/* Die (showing the tail of `log`) if configure marked a module that is not
 * excluded missing in `build`/Makefile. */
void modules_check_configured(const struct tc_modules *m, const char *build, const char *log);

#endif
