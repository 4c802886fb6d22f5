/* The `slither` command: global options and the table of subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "lib/alloc.h"
#include "lib/msg.h"

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{"toolchain", cmd_toolchain, "build, locate and list static CPython toolchains"},
	{"build", cmd_build, "turn a Python app into one static executable"},
	{"inspect", cmd_inspect, "list what a slither executable or archive holds"},
	{"pip", cmd_pip, "build and install packages, their C extensions ready to link statically"},
	{"source", cmd_source, "fetch a Debian source package's upstream tarball; print its path"},
	{"ext-link", cmd_ext_link, NULL},	/* slither pip's link shim: not for users */
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: slither [-v] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < LEN(cmds); i++)
		if (cmds[i].help)
			fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\n'slither COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* slither pip's compiler shim, run under its own name (see cmd_pip.c) */
	if (argc > 0 && is_cc_shim(argv[0]))
		return cmd_cc_shim(argc, argv);
	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose")) {
			verbose = 1;
		} else if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[1], "--version")) {
			printf("slither %s\n", SLITHER_VERSION);
			return 0;
		} else {
			fprintf(stderr, "slither: unknown option '%s'\n", argv[1]);
			usage(stderr);
			return 2;
		}
		argc--, argv++;
	}
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < LEN(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "slither: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
