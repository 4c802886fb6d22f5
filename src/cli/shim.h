/* slither pip's compiler and link shim (shim.c) and the environment
 * through which `slither pip` (cmd_pip.c) sets it up: the contract between
 * the two, which run in different processes (pip's build runs the shim).
 *
 * The build environment names the shim as the compiler: CC, CXX, LDSHARED
 * and LDCXXSHARED point at symbolic links to ./slither called slither-cc
 * and slither-c++ in a scratch directory.  Run under those names
 * (cmd_cc_shim), slither is the real compiler, except for a link with
 * -shared, which becomes `slither ext-link` (cmd_ext_link): the extension's
 * objects and the static libraries its -l flags name, partially linked
 * into one object (src/ext/ext.h).  A single program name per role
 * matters: distutils replaces the first word of LDSHARED by CXX's to link
 * C++, so "slither ext-link" would not do.  With pip --mpi, the same
 * program is also the MPI compiler wrappers (slither-mpicc, and mpicc on
 * PATH): the shim plus MPICH's flags. */
#ifndef SL_CLI_SHIM_H
#define SL_CLI_SHIM_H

#define SHIM_CC "slither-cc"
#define SHIM_CXX "slither-c++"
/* the environment the shim reads, set by cmd_pip */
#define ENV_REAL_CC "SLITHER_SHIM_CC"
#define ENV_REAL_CXX "SLITHER_SHIM_CXX"
#define ENV_TOOLS "SLITHER_SHIM_TOOLS"	/* the target's binutils prefix ("" native) */
#define ENV_ERRORS "SLITHER_SHIM_ERRORS"
#define ENV_VERBOSE "SLITHER_SHIM_VERBOSE"	/* slither -v pip: show each ld -r */
#define ENV_INPUTS "SLITHER_SHIM_INPUTS"	/* where the shim lists the archives it links */
/* the module builder's Python.h directory and the toolchain's: the shim
 * compiles against the toolchain's headers, whose static interpreter the
 * objects are linked into */
#define ENV_INC_BUILDER "SLITHER_SHIM_BUILDER_INCLUDE"	/* ':'-separated */
#define ENV_INC_TOOLCHAIN "SLITHER_SHIM_TOOLCHAIN_INCLUDE"
/* pip --mpi: the MPI compiler wrappers (mpicc), their MPI compile flags and
 * the directory of the shims, which is first on PATH */
#define SHIM_MPICC "slither-mpicc"
#define SHIM_MPICXX "slither-mpicxx"
#define ENV_MPI_CFLAGS "SLITHER_SHIM_MPI_CFLAGS"
#define ENV_MPI_BIN "SLITHER_SHIM_MPI"
/* a cross toolchain's: what a configure check's test program links with
 * instead of MPI_LINK_FLAG (there is no MPICH of the target's to link it
 * dynamically with: its static libraries, see cmd_pip.c) */
#define ENV_MPI_TEST_LIBS "SLITHER_SHIM_MPI_TEST_LIBS"
/* what an MPI wrapper adds to a link: ext.c keeps it for the final link of
 * an --mpi build, which links MPI once */
#define MPI_LINK_FLAG "-lmpich"

#endif
