/* The machine a toolchain builds for: the build machine itself (native), or
 * another one slither cross-compiles for (`toolchain build --host TRIPLE`).
 * Everything that differs between targets is one row of target.c's table;
 * the rest of slither asks this struct, never the triple. */
#ifndef SL_TOOLCHAIN_TARGET_H
#define SL_TOOLCHAIN_TARGET_H

struct tc_target {
	const char *triple;	/* GNU triple, "aarch64-linux-gnu"; NULL: native */
	const char *tools;	/* the binutils/gcc prefix, "aarch64-linux-gnu-"; "" native */
	const char *cc_package;	/* the Debian package of tools+"gcc": "gcc-aarch64-linux-gnu" */
	const char *deb_arch;	/* Debian architecture of its -dev packages ("arm64"):
				   a library's package is named "PKG:arm64"; NULL native */
	const char *libdir;	/* where its static libraries are: /usr/lib/aarch64-linux-gnu */
	const char *runner;	/* runs its programs here: "qemu-aarch64-static"; NULL native */
	const char *runner_package;	/* the Debian package of runner */
	const char *config_site;	/* configure's run-time answers, an embedded file */
	const char *platform;	/* sysconfig's platform, _PYTHON_HOST_PLATFORM: "linux-aarch64" */
	const char *sysconfigdata;	/* its sysconfig module, _PYTHON_SYSCONFIGDATA_NAME */
	const char *elf_machine;	/* what file(1) says of its executables: "ARM aarch64" */
	/* --mpi: the target's Debian packages with MPICH's static libraries
	 * and those it needs, unpacked into a sysroot of the cache
	 * (target_sysroot()), since they cannot be installed beside the
	 * build machine's (libmpich-dev:arm64 depends on the target's own
	 * g++ and gfortran); NULL-terminated, or NULL */
	const char *const *mpi_packages;
};

/* The native target (triple NULL). */
extern const struct tc_target tc_target_native;

/* The target of `triple` (NULL or the build machine's own: native); dies
 * naming the triples slither cross-compiles for. */
const struct tc_target *target_get(const char *triple);

/* Is it a cross target? */
static inline int target_cross(const struct tc_target *t)
{
	return t->triple != 0;
}

/* The target's tool NAME ("gcc", "objcopy", "ld"): tools+NAME, newly
 * allocated. */
char *target_tool(const struct tc_target *t, const char *name);

/* The build machine's GNU triple (gcc -dumpmachine), static. */
const char *target_build_triple(void);

/* The sysroot NAME of target `t`: its Debian packages `pkgs` (of t's
 * architecture), fetched once with `apt-get download` from the machine's
 * Debian archives and unpacked with `dpkg-deb -x` into
 * <cache>/sysroots/TRIPLE-NAME (a rename makes it appear whole); nothing
 * is installed.  Returns its path, newly allocated; dies naming the
 * packages and the log. */
char *target_sysroot(const struct tc_target *t, const char *name, const char *const *pkgs);

/* The names slither cross-compiles for, "aarch64-linux-gnu", for messages. */
const char *target_supported(void);

#endif
