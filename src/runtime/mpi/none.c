/* The processes of an MPI job, for a binary built without --mpi: there is
 * never more than this one, and every "collective" read is a local one. */
#include "runtime/runtime.h"

int sl_mpi_start(int *argc, char ***argv)
{
	return 0;
}

void sl_mpi_finish(void)
{
}

int sl_mpi_rank(void)
{
	return 0;
}

int sl_mpi_size(void)
{
	return 1;
}

const char *sl_mpi_library(void)
{
	return NULL;
}

int sl_mpi_bcast(void *buf, size_t len, int root)
{
	return 0;
}

int sl_mpi_min(int v)
{
	return v;
}

int sl_mpi_hides_file(const char *path)
{
	return 0;
}
