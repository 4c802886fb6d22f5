/* The targets slither builds toolchains for (target.h): one row each. */
#include "toolchain/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/file.h"
#include "lib/progress.h"
#include "toolchain/debsrc.h"
#include "lib/msg.h"
#include "lib/proc.h"

const struct tc_target tc_target_native = {
	.triple = NULL,
	.tools = "",
	.cc_package = "gcc",
};

/* Cross targets.  Debian's cross compiler finds the target's multiarch
 * headers and libraries (/usr/include/TRIPLE, /usr/lib/TRIPLE) itself; its
 * -dev packages come with `dpkg --add-architecture ARCH`. */
/* MPICH 4.0.2 of Debian 12 with hwloc and UCX, whose static libraries
 * (libmpich.a, libhwloc.a, libucp.a...) and .pc files an --mpi link reads */
static const char *const mpich_debs[] = {"libmpich-dev", "libhwloc-dev", "libucx-dev", NULL};

static const struct tc_target cross[] = {
	{
		.triple = "aarch64-linux-gnu",
		.tools = "aarch64-linux-gnu-",
		.cc_package = "gcc-aarch64-linux-gnu",
		.deb_arch = "arm64",
		.libdir = "/usr/lib/aarch64-linux-gnu",
		.runner = "qemu-aarch64-static",
		.runner_package = "qemu-user-static",
		.config_site = "src/toolchain/config.site-aarch64-linux-gnu",
		.platform = "linux-aarch64",
		.sysconfigdata = "_sysconfigdata__linux_aarch64-linux-gnu",
		.elf_machine = "ARM aarch64",
		.mpi_packages = mpich_debs,
	},
};

const char *target_build_triple(void)
{
	static char triple[128];

	if (!*triple) {
		char *argv[] = {"gcc", "-dumpmachine", NULL};
		struct buf out = {0};

		if (run_capture(argv, NULL, NULL, "/dev/null", &out) != 0 || !out.data)
			die("cannot ask gcc for the build machine's triple (gcc -dumpmachine)");
		snprintf(triple, sizeof(triple), "%.*s", (int)strcspn(out.data, "\n"), out.data);
		buf_release(&out);
	}
	return triple;
}

const char *target_supported(void)
{
	static char text[256];
	size_t i, n = 0;

	if (!*text)
		for (i = 0; i < LEN(cross) && n < sizeof(text); i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", i ? ", " : "",
					      cross[i].triple);
	return text;
}

const struct tc_target *target_get(const char *triple)
{
	size_t i;

	if (!triple)
		return &tc_target_native;
	for (i = 0; i < LEN(cross); i++)
		if (!strcmp(cross[i].triple, triple))
			return &cross[i];
	if (!strcmp(triple, target_build_triple()))
		return &tc_target_native;
	die("--host %s: slither does not cross-compile for it; it builds for this machine (%s) and "
	    "for %s",
	    triple, target_build_triple(), target_supported());
}

char *target_tool(const struct tc_target *t, const char *name)
{
	return xasprintf("%s%s", t->tools, name);
}

char *target_sysroot(const struct tc_target *t, const char *name, const char *const *pkgs)
{
	char *cache = cache_dir(), *dir = xasprintf("%s/sysroots", cache);
	char *root = xasprintf("%s/%s-%s", dir, t->triple, name);
	char *stamp = xasprintf("%s/.finished", root), *tmp;
	struct buf list = {0};

	if (path_exists(stamp))
		goto out;
	tmp = xasprintf("%s.tmp.%ld", root, (long)getpid());
	rm_rf(tmp);
	if (mkdir_p(tmp) < 0)
		die("cannot create %s:", tmp);
	/* each package fetched and unpacked by debsrc.c (cache/deb/machine/
	 * PKG:ARCH/root), then all of them linked into one tree (cp -l:
	 * hard links, the same file system) */
	for (; *pkgs; pkgs++) {
		char *pkg = xasprintf("%s:%s", *pkgs, t->deb_arch);
		char *why = xasprintf("the machine's apt needs the %s architecture for it: dpkg "
				      "--add-architecture %s && apt-get update", t->deb_arch, t->deb_arch);
		char *from = debsrc_fetch_binary(pkg, NULL, why), *dot = xasprintf("%s/.", from);
		char *argv[] = {"cp", "-al", dot, tmp, NULL};

		if (run(argv, NULL, NULL, NULL) != 0)
			die("cannot link %s into %s", from, tmp);
		buf_printf(&list, "%s\n", pkg);
		free(pkg);
		free(why);
		free(from);
		free(dot);
	}
	/* the stamp lists the packages */
	if (write_file_atomic(xasprintf("%s/.finished", tmp), list.data, list.len) < 0 ||
	    rm_rf(root) < 0 || rename(tmp, root) < 0)
		die("cannot make the sysroot %s:", root);
	free(tmp);
	buf_release(&list);
out:
	free(cache);
	free(dir);
	free(stamp);
	return root;
}
