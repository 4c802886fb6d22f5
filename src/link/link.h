/* The final link: the runtime (compiled from the sources ./slither
 * carries, against the toolchain's headers), the archive as data, the
 * table of static extensions and the toolchain's libraries become one
 * static executable. */
#ifndef SL_LINK_H
#define SL_LINK_H

#include <stddef.h>

#include "link/frozen.h"
#include "link/mpi.h"
#include "toolchain/toolchain.h"

/* A statically linked C extension: its full dotted name, and the object
 * holding it with its init function renamed (see ext/ext.h). */
struct link_ext {
	const char *name;	/* "pkg.sub._mod" */
	const char *object;	/* path of the relocatable object */
	const char *init;	/* its init symbol in that object */
	const char *libs;	/* link flags it needs ("-lstdc++ -lm"), "" or NULL if none */
};

struct link_job {
	const struct toolchain *tc;
	const char *workdir;	/* scratch directory, removed by the caller */
	const char *archive;	/* the archive file to embed */
	const char *output;	/* the executable to write */
	const struct link_ext *exts;
	size_t n_exts;
	const struct frozen_mod *code;	/* deep-frozen where .symbol is set */
	size_t n_code;
	const struct mpi_recipe *mpi;	/* --mpi: MPI linked in; NULL: none */
	int strip;		/* --strip: no debugging information (ld -s) */
	const char *linker;	/* "mold", "lld" or "bfd": from link_linker() */
};

/* The linker a build uses: `forced` (--linker; else $SLITHER_LINKER if
 * set) when given, else the first installed of the default order (see
 * link.c).  Dies naming the fix when a forced one is unknown or missing. */
const char *link_linker(const char *forced);

/* A cross toolchain's link with `linker` ("mold", "lld": they link for any
 * target, but a cross gcc's -fuse-ld=NAME looks for TRIPLE-ld.NAME): its
 * program shown to the compiler as `workdir`/ld/ld.NAME; returns the
 * "-B`workdir`/ld/" flag, newly allocated, or NULL when none is needed
 * (native, or ld.bfd, which binutils-TRIPLE has). */
char *link_cross_linker(const struct toolchain *tc, const char *linker, const char *workdir);

/* Compile the runtime and link the executable; the output appears by a
 * rename only when complete.  Dies with the tail of the log on failure. */
void link_executable(const struct link_job *j);

#endif
