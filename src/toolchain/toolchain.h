/* Static CPython toolchains: build one from source into a prefix, find the
 * default one, and read the link recipe a finished toolchain carries. */
#ifndef SL_TOOLCHAIN_H
#define SL_TOOLCHAIN_H

/* Options of a toolchain build; all are part of the cache key. */
struct tc_options {
	const char *python_src;	/* tarball or directory, NULL: apt-get source */
	const char *prefix;	/* NULL: the per-user cache */
	int jobs;		/* make -j; 0: number of CPUs */
	int optimize;		/* PGO + LTO, as --enable-optimizations --with-lto */
};

/* What a finished toolchain says about itself (lib/slither/toolchain.txt). */
struct toolchain {
	char *prefix;		/* absolute */
	char *version;		/* "3.11.2" */
	char *xy;		/* "3.11" */
	char *python;		/* prefix/bin/python3.11 */
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

/* Build (or find already built) a toolchain; dies with a clear message on
 * failure.  Returns the prefix, newly allocated. */
char *toolchain_build(const struct tc_options *o);

/* Load the toolchain at `prefix`; dies naming `prefix` if it is not a
 * finished slither toolchain. */
void toolchain_load(struct toolchain *t, const char *prefix);

/* The default toolchain's prefix (newly allocated), or NULL if none was
 * built yet with these options. */
char *toolchain_default(int optimize);

/* Print the Debian packages a toolchain build needs and this machine lacks,
 * space-separated on one line (empty if none). */
void toolchain_print_deps(void);

/* The directory holding cached toolchains, newly allocated. */
char *toolchain_dir(void);

/* Is `prefix` a finished toolchain (its stamp exists)? */
int toolchain_finished(const char *prefix);

/* The toolchain a build or install uses, loaded into `t`: `given`
 * (--toolchain), or the default one, built first if there is none; marked
 * used.  Dies naming the problem. */
void toolchain_use(struct toolchain *t, const char *given);

/* Record that a build uses the toolchain at `prefix` (lib/slither/used;
 * nothing if the prefix is read-only). */
void toolchain_mark_used(const char *prefix);

/* Remove the cached toolchains no build has used for `days` days, except
 * the defaults; each removal is reported.  Returns how many went. */
int toolchain_prune(int days);

#endif
