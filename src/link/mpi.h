/* What an --mpi build adds to the link: the MPI library's headers and its
 * static libraries, with theirs.  CLI side only; dies with a message naming
 * the missing piece and the fix. */
#ifndef SL_LINK_MPI_H
#define SL_LINK_MPI_H

struct mpi_recipe {
	char *cflags;		/* "-I/usr/include/x86_64-linux-gnu/mpich" */
	char *libs;		/* link flags, static libraries only */
	int udev_stub;		/* link runtime/mpi/udev.c, not libudev (see there) */
};

struct tc_target;

/* Find MPICH through pkg-config (or SLITHER_MPI_CFLAGS and SLITHER_MPI_LIBS)
 * and check that every library it needs has a static archive; `cc` is the
 * compiler whose search path is checked, `t` the target (a cross one's
 * MPICH is its Debian packages unpacked into a sysroot).  Dies on failure. */
void mpi_recipe_find(struct mpi_recipe *r, const char *cc, const struct tc_target *t);
void mpi_recipe_release(struct mpi_recipe *r);

#endif
