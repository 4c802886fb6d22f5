/* The targets slither builds toolchains for (target.h): one row each. */
#include "toolchain/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/buf.h"
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
