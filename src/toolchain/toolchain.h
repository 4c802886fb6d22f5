/* Static CPython toolchains: build one from source into a prefix, find the
 * default one, and read the link recipe a finished toolchain carries. */
#ifndef SL_TOOLCHAIN_H
#define SL_TOOLCHAIN_H

/* Options of a toolchain build; all are part of the cache key. */
struct tc_options {
	const char *python_src;	/* tarball or directory, NULL: apt-get source */
	const char *python;	/* "3.13": the version to build; NULL: the source's, else
				   the default version (toolchain_default_version()) */
	const char *prefix;	/* NULL: the per-user cache */
	int jobs;		/* make -j; 0: number of CPUs */
	int optimize;		/* PGO + LTO, as --enable-optimizations --with-lto */
	const char *host;	/* the GNU triple to cross-compile for (target.h); NULL:
				   this machine */
};

/* What a finished toolchain says about itself (lib/slither/toolchain.txt). */
struct toolchain {
	char *prefix;		/* absolute */
	char *version;		/* "3.11.2" */
	char *xy;		/* "3.11" */
	const struct tc_target *target;	/* what it builds for (target.h) */
	char *host;		/* a cross toolchain's triple, else NULL */
	/* the interpreter slither runs on this machine to scan, compile
	 * byte-code and freeze: prefix/bin/python3.11; a cross toolchain's is
	 * its build toolchain's (the native one of the same version), run
	 * with `python_env` so that it sees this toolchain's stdlib,
	 * site-packages and sysconfig */
	char *python;
	char **python_env;	/* "NAME=VALUE"..., NULL-terminated; NULL native */
	char *target_python;	/* prefix/bin/python3.11, run with target->runner (if any) */
	char *build_toolchain;	/* a cross toolchain's build toolchain (its prefix), else NULL */
	char *builder;		/* prefix/builder/bin/python3.11, a dynamic python for builds
				   (NULL in toolchains of recipe 3 and earlier) */
	char *builder_include;	/* its Python.h directory, mapped to cflags' by the shim */
	char *cc;		/* the compiler it was built with */
	char *cflags;		/* -I... for code that includes Python.h */
	char *libs;		/* libpython and every library a static link needs, in order */
	char *ldflags;		/* "-static" and friends */
	char *key;		/* the cache key it was built under */
	int optimize;		/* built with PGO and LTO: its libpython holds LTO code */
};

struct tc_target;

/* Build (or find already built) a toolchain; dies with a clear message on
 * failure.  Returns the prefix, newly allocated. */
char *toolchain_build(const struct tc_options *o);

/* Load the toolchain at `prefix`; dies naming `prefix` if it is not a
 * finished slither toolchain. */
void toolchain_load(struct toolchain *t, const char *prefix);

/* The default toolchain's prefix for CPython `xy` ("3.13"; NULL: the
 * default version) for `host` (a cross target's triple; NULL: this
 * machine), newly allocated, or NULL if none was built yet with these
 * options. */
char *toolchain_default(const char *xy, int optimize, const char *host);

/* The version built when none is asked for, "3.11" (static): the machine's
 * python3's if slither supports it, else the newest slither supports. */
const char *toolchain_default_version(void);

/* The directory holding the Cython (its package Cython/ and cython.py)
 * that generates C for extensions of toolchain `t`'s CPython: the cython3
 * package of the Debian release that serves this version (modules-X.Y.c's
 * debian_suite).  Debian's installed one when this version is the
 * machine's python3's (whose version its compiled modules are built for),
 * else that package fetched and unpacked once into slither's cache
 * (debsrc.h), whose compiled modules load where they match the version and
 * whose Python source serves everywhere else.  Newly allocated; dies
 * naming what failed. */
char *toolchain_cython(const struct toolchain *t);

/* Dies unless slither can build CPython `xy`, naming those it can. */
void toolchain_check_version(const char *xy);

/* Print the Debian packages a toolchain build of any version slither
 * builds for `host` (NULL: this machine) needs and this machine lacks,
 * space-separated on one line (empty if none). */
void toolchain_print_deps(const char *host);

/* The directory toolchains are found in and built into, newly allocated:
 * the store when SLITHER_TOOLCHAINS names one, else the user's cache's. */
char *toolchain_dir(void);

/* The user's cache's toolchain directory (<cache>/toolchains). */
char *toolchain_cache_dir(void);

/* The site's toolchain store (SLITHER_TOOLCHAINS, absolute), or NULL.
 * Read-only to users: nothing but `toolchain build` run by its owner
 * writes there; its toolchains are never marked used nor pruned. */
char *toolchain_store(void);

/* Is `prefix` inside the store? */
int toolchain_in_store(const char *prefix);

/* With a store: the error saying it has no default toolchain (for these
 * options) and how the staff fill it, newly allocated; NULL without one. */
char *toolchain_store_missing(int optimize);

/* Dies, saying who builds there and what else to do, if the store
 * `store` exists and this user cannot write to it. */
void toolchain_check_store_writable(const char *store);

/* Is `prefix` a finished toolchain (its stamp exists)? */
int toolchain_finished(const char *prefix);

/* The toolchain a build or install uses, loaded into `t`: `given`
 * (--toolchain: a directory, or with a store the name of a toolchain in
 * it), or the default one: the store's (none is an error naming the store
 * and how it is filled), else the cache's, built first if there is none;
 * marked used (but in a store).  Dies naming the problem. */
void toolchain_use(struct toolchain *t, const char *given);

/* The environment to run t->python with: `base` ("NAME=VALUE" sets, "NAME"
 * unsets; NULL-terminated, or NULL) followed by t->python_env, newly
 * allocated (argv_free()). */
char **toolchain_python_env(const struct toolchain *t, char *const *base);

/* Record that a build uses the toolchain at `prefix` (lib/slither/used;
 * nothing if the prefix is read-only). */
void toolchain_mark_used(const char *prefix);

/* Remove the toolchains of the user's cache no build has used for `days`
 * days, except its defaults; each removal is reported.  Returns how many
 * went.  A store is never pruned. */
int toolchain_prune(int days);

#endif
