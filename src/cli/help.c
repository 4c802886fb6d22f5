/* The one description of slither's command line, and what prints it: each
 * --help, the manual page, the bash completion (see help.h). */
#include "cli/help.h"

#include <string.h>

#include "cli/cmds.h"
#include "lib/alloc.h"
#include "lib/buf.h"

static const struct help_opt global_opts[] = {
	{"-v, --verbose", "say more: each optional import not found, each module left\nout, and why"},
	{"-h, --help", "print this help; 'slither COMMAND --help' describes a command"},
	{"--version", "print slither's version"},
	{"--toolchains DIR", "the site's toolchain store (as SLITHER_TOOLCHAINS=DIR)"},
	{"--man", "print this manual page (troff), as 'make' installs it"},
	{"--bash-completion", "print a bash completion script for slither"},
	{NULL, NULL},
};

static const struct help_opt environment[] = {
	{"SLITHER_TOOLCHAINS", "a site-wide toolchain store, read-only to users: 'build' and\n"
			       "'pip' use its default toolchain (or --toolchain NAME of one\n"
			       "in it) and never build one; 'toolchain build' run by the\n"
			       "store's owner builds into it; nothing a user runs writes\n"
			       "there"},
	{"SLITHER_CACHE", "slither's per-user cache (default $XDG_CACHE_HOME/slither,\n"
			  "else ~/.cache/slither)"},
	{"XDG_CACHE_HOME", "see SLITHER_CACHE"},
	{"SLITHER_LINKER", "the final link's linker: mold, lld or bfd (as --linker)"},
	{"SLITHER_MPI_CFLAGS, SLITHER_MPI_LIBS", "the flags of a static MPI other than Debian's MPICH, for\n"
						 "--mpi"},
	{"TMPDIR", "where scratch directories are made (default /tmp)"},
	{"SLITHER_PATH", "in a built executable: directories searched for modules\n"
			 "after the archive (plugins chosen at run time)"},
	{"SLITHER_MPI", "in an --mpi executable: 1 or 0 starts MPI or not, whatever\n"
			"the launcher's variables say"},
	{NULL, NULL},
};

static const struct help_opt files[] = {
	{"~/.cache/slither/toolchains", "toolchains built into the user's cache, each version's\n"
					"default's mark (default-3.11, default-3.13), build logs (logs/)"},
	{"~/.cache/slither/frozen, runtime, scan", "what builds keep to be fast: deep-frozen modules, the\n"
						   "runtime's objects, each module's scan; removable at any time"},
	{"~/.cache/slither/pip-builds", "slither pip's cached installs"},
	{"STORE/cpython-VERSION-KEY, STORE/default-X.Y", "a toolchain store's toolchains and its defaults"},
	{NULL, NULL},
};

static const struct help_opt build_opts[] = {
	{"-o FILE", "the static executable to write"},
	{"-m MODULE", "run MODULE as 'python3 -m MODULE' does"},
	{"--interpreter", "a drop-in static python: the whole standard library\nembedded, CPython's command line"},
	{"--toolchain DIR", "the toolchain to build with (default: the default one, built\n"
			    "first if there is none; with a store, its default, or NAME\n"
			    "of a toolchain in it)"},
	{"--path DIR", "where the app's packages and pure-Python dependencies live, as\nPYTHONPATH; repeatable"},
	{"--include NAME", "also embed module NAME, or package NAME.* with all submodules;\nrepeatable"},
	{"--exclude NAME", "leave module NAME (or NAME.*) out; repeatable"},
	{"--exclude-data GLOB", "leave out the data files (files beside the modules of a --path\n"
				"package) whose path matches GLOB, as pkg/data/*.h5; repeatable"},
	{"-O, -OO", "compile as python -O / -OO"},
	{"--no-source", "do not embed source text (smaller; no source lines in tracebacks)"},
	{"--no-freeze", "embed byte-code marshalled only, not also as static code objects\n(a smaller binary that starts slower)"},
	{"--strip", "leave the debugging information out of the executable (about\n"
		    "half its size; gdb then shows no C source lines)"},
	{"--mpi", "link MPICH statically: under an MPI launcher the binary starts\n"
		  "MPI, and rank 0 alone reads the files the job loads from disk"},
	{"--linker NAME", "the linker: bfd, lld or mold (default: the first installed of\n"
			  "mold, lld, bfd; also SLITHER_LINKER=NAME)"},
	{"--timings", "print the time each phase of the build took"},
	{"--keep-work", "keep the scratch directory and print where it is"},
	{"-h, --help", "print this help"},
	{NULL, NULL},
};

static const struct help_opt pip_opts[] = {
	{"--toolchain DIR", "the toolchain whose pip to run (default: the default one,\n"
			    "built first if there is none; with a store, its default, or\n"
			    "NAME of a toolchain in it)"},
	{"--cython", "make Debian's Cython (cython3) of the toolchain's Python\n"
		     "version importable to the build (the installed one for the\n"
		     "machine's python3's version, else the release's, fetched),\n"
		     "for packages that generate their C with it"},
	{"--mpi", "put MPI compiler wrappers first on PATH (mpicc, mpicxx;\n"
		  "also in MPICC, MPICXX) that compile with MPICH's flags and\n"
		  "link through slither, for packages built with mpicc\n"
		  "(mpi4py); link the app with 'slither build --mpi'"},
	{"--no-cache", "do not reuse or store the result of an earlier identical\n"
		       "'install --no-index --target DIR SOURCE' (see README)"},
	{"-h, --help", "print this help"},
	{NULL, NULL},
};

static const struct help_opt tc_build_opts[] = {
	{"--python X.Y", "the CPython version to build, 3.11 or 3.13 (default: the\n"
			 "machine's python3's if slither builds it, else the newest)"},
	{"--python-src TARBALL|DIR", "the CPython source to build (default: Debian's source\npackage, apt-get source python3.X)"},
	{"--prefix DIR", "install the toolchain into DIR (default: the store if one is\n"
			 "set, else the per-user cache, keyed by source and options)"},
	{"-j N", "compile N files at a time (default: the number of CPUs)"},
	{"--optimize", "build with PGO and LTO (--enable-optimizations --with-lto)"},
	{"--host TRIPLE", "cross-compile for TRIPLE (aarch64-linux-gnu), with the native\n"
			  "toolchain of the same version as the build python (built\n"
			  "first if missing); its programs run here under qemu"},
	{NULL, NULL},
};

static const struct help_opt tc_path_opts[] = {
	{"--python X.Y", "the default toolchain of CPython X.Y (default: the default\nversion's)"},
	{"--optimize", "the default toolchain built with --optimize"},
	{"--host TRIPLE", "the default toolchain for TRIPLE (a cross toolchain)"},
	{NULL, NULL},
};

static const struct help_opt tc_deps_opts[] = {
	{"--host TRIPLE", "what a cross toolchain for TRIPLE needs (aarch64-linux-gnu)"},
	{NULL, NULL},
};

static const struct help_opt tc_prune_opts[] = {
	{"--days N", "the number of days (default 30)"},
	{NULL, NULL},
};

static const struct help_opt help_only[] = {
	{"-h, --help", "print this help"},
	{NULL, NULL},
};

const struct help_cmd help_cmds[] = {
	{"toolchain", "SUBCOMMAND ...", "build, locate and list static CPython toolchains",
	 "Static CPython toolchains: CPython built from source, fully static, every\n"
	 "standard-library C module built in, with the link recipe slither build\n"
	 "follows.  A site's staff build them once into a shared store\n"
	 "(SLITHER_TOOLCHAINS), which users' builds then use read-only.",
	 help_only},
	{"toolchain build", "[--python X.Y] [--python-src TARBALL|DIR] [--prefix DIR] [-j N] [--optimize] [--host TRIPLE]",
	 NULL,
	 "Build CPython from source, fully static, every stdlib C module built in;\n"
	 "without --python-src the source comes from Debian's source package\n"
	 "('apt-get source python3.11', or python3.13 from Debian trixie);\n"
	 "without --prefix it goes to the toolchain store when SLITHER_TOOLCHAINS is\n"
	 "set (which must then be writable: its owner fills it), else to the\n"
	 "per-user cache, keyed by source and options, and becomes its version's\n"
	 "default there.  Building the same again does nothing.",
	 tc_build_opts},
	{"toolchain path", "[--python X.Y] [--optimize] [--host TRIPLE]", NULL,
	 "Print the default toolchain's prefix (the store's, when one is set).",
	 tc_path_opts},
	{"toolchain list", "", NULL, "List the toolchains in the store (when one is set) and in the cache.", NULL},
	{"toolchain prune", "[--days N]", NULL,
	 "Remove the toolchains in the per-user cache that no build has used for N\n"
	 "days (30), except the defaults; 'build' does this too.  A store is never\n"
	 "pruned: its owner removes a toolchain from it with rm -r.",
	 tc_prune_opts},
	{"toolchain deps", "[--host TRIPLE]", NULL,
	 "Print the Debian packages a build (of any version) needs that this machine lacks;\n"
	 "with --host, a cross build's (PKG:ARCH for the target's libraries).",
	 tc_deps_opts},
	{"build", "[options] (SCRIPT | -m MODULE | --interpreter) -o OUTPUT",
	 "turn a Python app into one static executable",
	 "An option's value may also follow it after '=': --toolchain=DIR.", build_opts},
	{"inspect", "FILE", "list what a slither executable or archive holds",
	 "FILE is an executable built by slither or a bare archive.  Prints the\n"
	 "archive's header and one line per entry, and checks every entry's\n"
	 "checksum (exit status 1 if one fails).",
	 help_only},
	{"pip", "[--toolchain DIR] [--cython] [--mpi] [--no-cache] PIP-ARGS...",
	 "build and install packages, their C extensions ready to link statically",
	 "Runs the toolchain interpreter's 'python -m pip PIP-ARGS' in a build\n"
	 "environment where each C extension built from source becomes a relocatable\n"
	 "object holding the extension and the static libraries (lib*.a) it links\n"
	 "with, which 'slither build --path DIR' links into the executable:\n"
	 "\n"
	 "    slither pip install --no-index --no-build-isolation --target site ./pkg-src\n"
	 "    slither build --path site app.py -o app\n"
	 "\n"
	 "An extension that links a library with no static archive fails its build;\n"
	 "one installed as a shared library (a prebuilt wheel, or a build backend that\n"
	 "ignores CC and LDSHARED) is an error after the install.",
	 pip_opts},
	{"source", "PKG", "fetch a Debian source package's upstream tarball; print its path",
	 "Fetches the upstream tarball of Debian source package PKG with\n"
	 "'apt-get source --tar-only' (deb-src entries derived from this machine's apt\n"
	 "sources, in slither's own apt state), keeps it in slither's cache and prints\n"
	 "its path:\n"
	 "\n"
	 "    slither pip install --no-build-isolation --target site \"$(slither source markupsafe)\"",
	 help_only},
	{NULL, NULL, NULL, NULL, NULL},
};

static const char global_synopsis[] = "[-v] [--toolchains DIR] COMMAND [ARGS...]";

/* --- --help ------------------------------------------------------------ */

/* The options `o` as a column of flags and a column of text. */
static void put_opts(struct buf *b, const struct help_opt *o, int width)
{
	for (; o && o->flags; o++) {
		const char *t = o->text, *nl;
		if ((int)strlen(o->flags) > width - 1)
			buf_printf(b, "  %s\n  %-*s", o->flags, width, "");
		else
			buf_printf(b, "  %-*s", width, o->flags);
		while ((nl = strchr(t, '\n'))) {
			buf_printf(b, "%.*s\n  %-*s", (int)(nl - t), t, width, "");
			t = nl + 1;
		}
		buf_printf(b, "%s\n", t);
	}
}

static int is_sub(const struct help_cmd *c, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(c->name, name, n) && c->name[n] == ' ';
}

static char *make_text(const char *name)
{
	struct buf b = {0};
	const struct help_cmd *c, *sub;

	buf_puts(&b, "");
	if (!*name) {
		buf_printf(&b, "usage: slither %s\n\ncommands:\n", global_synopsis);
		for (c = help_cmds; c->name; c++)
			if (c->summary)
				buf_printf(&b, "  %-10s %s\n", c->name, c->summary);
		buf_puts(&b, "\noptions:\n");
		put_opts(&b, global_opts, 19);
		buf_puts(&b, "\nenvironment:\n");
		put_opts(&b, environment, 19);
		buf_puts(&b, "\n'slither COMMAND --help' describes a command; 'man slither' all of them.\n");
		return b.data;
	}
	for (c = help_cmds; c->name && strcmp(c->name, name); c++)
		;
	if (!c->name)
		return xasprintf("slither: no help for '%s'\n", name);
	buf_printf(&b, "usage: slither %s %s\n", c->name, c->synopsis);
	for (sub = c + 1; sub->name && is_sub(sub, name); sub++)
		buf_printf(&b, "       slither %s%s%s\n", sub->name, *sub->synopsis ? " " : "",
			   sub->synopsis);
	buf_printf(&b, "\n%s\n", c->text);
	if (c->opts) {
		buf_puts(&b, "\n");
		put_opts(&b, c->opts, 19);
	}
	for (sub = c + 1; sub->name && is_sub(sub, name); sub++) {
		buf_printf(&b, "\n%s%s%s\n%s\n", sub->name, *sub->synopsis ? " " : "", sub->synopsis,
			   sub->text);
		put_opts(&b, sub->opts, 19);
	}
	return b.data;
}

const char *help_text(const char *name)
{
	static struct {
		const char *name;
		char *text;
	} made[16];
	size_t i;

	for (i = 0; i < LEN(made) && made[i].name; i++)
		if (!strcmp(made[i].name, name))
			return made[i].text;
	if (i == LEN(made))
		return make_text(name);
	made[i].name = name;
	made[i].text = make_text(name);
	return made[i].text;
}

/* --- the manual page ---------------------------------------------------- */

/* `s`, `n` bytes of it, escaped for troff: backslashes, dashes (as \-, so
 * that options can be searched and copied), a leading dot or quote. */
static void troff(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == 0 && (s[0] == '.' || s[0] == '\''))
			fputs("\\&", f);
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
}

static void troff_str(FILE *f, const char *s)
{
	troff(f, s, strlen(s));
}

/* A text of paragraphs: lines joined (troff fills them), examples kept. */
static void man_text(FILE *f, const char *t)
{
	int in_example = 0;

	while (*t) {
		size_t n = strcspn(t, "\n");
		if (n == 0) {
			if (in_example)
				fputs(".fi\n.in\n", f);
			in_example = 0;
			fputs(".PP\n", f);
		} else if (!strncmp(t, "    ", 4)) {
			if (!in_example)
				fputs(".nf\n.in +4\n", f);
			in_example = 1;
			troff(f, t + 4, n - 4);
			fputc('\n', f);
		} else {
			troff(f, t, n);
			fputc('\n', f);
		}
		t += n + (t[n] == '\n');
	}
	if (in_example)
		fputs(".fi\n.in\n", f);
}

/* An option list: .TP, the flags in bold (their value's name in italics),
 * the text refilled. */
static void man_opts(FILE *f, const struct help_opt *o)
{
	for (; o && o->flags; o++) {
		const char *p = o->flags;
		fputs(".TP\n", f);
		while (*p) {
			size_t n = strcspn(p, " ,|");
			int is_value = p[0] != '-' && (p == o->flags ? 0 : p[-1] == ' ' || p[-1] == '|');
			if (o->flags[0] != '-' && !strchr("~$", o->flags[0]))
				is_value = 0;	/* a variable's or a file's name */
			fputs(is_value ? "\\fI" : "\\fB", f);
			troff(f, p, n);
			fputs("\\fR", f);
			p += n;
			while (*p == ' ' || *p == ',' || *p == '|')
				fputc(*p++, f);
		}
		fputc('\n', f);
		man_text(f, o->text);
	}
}

/* A command's usage: "slither NAME" in bold, then its synopsis. */
static void man_usage(FILE *f, const struct help_cmd *c)
{
	fputs(".B slither ", f);
	troff_str(f, c->name);
	fputc('\n', f);
	if (*c->synopsis) {
		troff_str(f, c->synopsis);
		fputc('\n', f);
	}
}

void help_man(FILE *f)
{
	const struct help_cmd *c;

	fprintf(f, ".\\\" Generated by 'slither --man' from src/cli/help.c; do not edit.\n");
	fprintf(f, ".TH SLITHER 1 \"\" \"slither %s\" \"User Commands\"\n", SLITHER_VERSION);
	fputs(".SH NAME\nslither \\- turn a Python application into one fully static executable\n", f);
	fputs(".SH SYNOPSIS\n", f);
	fputs(".B slither\n", f);
	troff_str(f, global_synopsis);
	fputc('\n', f);
	for (c = help_cmds; c->name; c++) {
		fputs(".br\n", f);
		man_usage(f, c);
	}
	fputs(".SH DESCRIPTION\n"
	      "slither turns a Python application into one fully static executable:\n"
	      "CPython, every standard\\-library C module and the application's byte\\-code,\n"
	      "in one ELF file that imports its modules from memory, making no file\\-system\n"
	      "call to find a module.  With \\fB\\-\\-mpi\\fR, rank 0 of an MPI job alone reads\n"
	      "what the job loads from disk.\n",
	      f);
	fputs(".SH OPTIONS\n", f);
	man_opts(f, global_opts);
	fputs(".SH COMMANDS\n", f);
	for (c = help_cmds; c->name; c++) {
		fputs(".SS \"", f);
		troff_str(f, c->name);
		fputs("\"\n", f);
		man_usage(f, c);
		fputs(".PP\n", f);
		if (c->summary) {
			troff_str(f, c->summary);
			fputs(".\n.PP\n", f);
		}
		man_text(f, c->text);
		if (c->opts) {
			fputs(".PP\nOptions:\n", f);
			man_opts(f, c->opts);
		}
	}
	fputs(".SH ENVIRONMENT\n", f);
	man_opts(f, environment);
	fputs(".SH FILES\n", f);
	man_opts(f, files);
	fputs(".SH SEE ALSO\n"
	      "The README of slither's source, for the whole story: what a build embeds,\n"
	      "C extensions, MPI builds and the collective loader, installing it for a site.\n",
	      f);
}

/* --- bash completion ---------------------------------------------------- */

/* The words of the options `o`: each flag ("-O, -OO" gives two), without
 * the value's name. */
static void opt_words(struct buf *b, const struct help_opt *o)
{
	for (; o && o->flags; o++) {
		const char *p = o->flags;
		while (*p) {
			size_t n = strcspn(p, " ,");
			if (*p == '-')
				buf_printf(b, " %.*s", (int)n, p);
			p += n;
			p += strspn(p, " ,");
		}
	}
}

/* The options of `o` that take a directory, a file or nothing known. */
static void opt_values(struct buf *b, const struct help_opt *o, const char *kind)
{
	for (; o && o->flags; o++) {
		const char *sp = strchr(o->flags, ' ');
		if (o->flags[0] == '-' && sp && !strchr(o->flags, ',') && strstr(sp + 1, kind) &&
		    (strcmp(kind, "DIR") || !strstr(sp + 1, "TARBALL")))
			buf_printf(b, "|%.*s", (int)(sp - o->flags), o->flags);
	}
}

void help_bash_completion(FILE *f)
{
	const struct help_cmd *c;
	struct buf b = {0}, dirs = {0}, fls = {0};

	buf_puts(&b, "");
	buf_puts(&dirs, "--toolchains");
	buf_puts(&fls, "--__none__");
	for (c = help_cmds; c->name; c++) {
		opt_values(&dirs, c->opts, "DIR");
		opt_values(&fls, c->opts, "FILE");
		opt_values(&fls, c->opts, "TARBALL");
	}
	fprintf(f, "# bash completion for slither; generated by 'slither --bash-completion'\n"
		   "# from src/cli/help.c, as the manual page and --help are.\n"
		   "_slither() {\n"
		   "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
		   "\tlocal cmd='' sub='' i w words\n"
		   "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		   "\t\tw=${COMP_WORDS[i]}\n"
		   "\t\tcase $w in\n"
		   "\t\t--toolchains) ((i++)) ;;\n"
		   "\t\t-*) ;;\n"
		   "\t\t*) if [ -z \"$cmd\" ]; then cmd=$w; elif [ \"$cmd\" = toolchain ] && [ -z \"$sub\" ]; then sub=$w; fi ;;\n"
		   "\t\tesac\n"
		   "\tdone\n"
		   "\tcase $prev in\n"
		   "\t%s) COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n"
		   "\t%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
		   "\t--linker) COMPREPLY=($(compgen -W 'mold lld bfd' -- \"$cur\")); return ;;\n"
		   "\tesac\n"
		   "\tcase \"$cmd${sub:+ $sub}\" in\n",
		dirs.data, fls.data);
	buf_release(&dirs);
	buf_release(&fls);
	/* slither itself: its commands and options */
	buf_puts(&b, "");
	for (c = help_cmds; c->name; c++)
		if (c->summary)
			buf_printf(&b, " %s", c->name);
	opt_words(&b, global_opts);
	fprintf(f, "\t'') words='%s' ;;\n", b.data + 1);
	for (c = help_cmds; c->name; c++) {
		const struct help_cmd *sub;
		b.len = 0;
		b.data[0] = '\0';
		for (sub = c + 1; sub->name && is_sub(sub, c->name); sub++)
			buf_printf(&b, " %s", sub->name + strlen(c->name) + 1);
		opt_words(&b, c->opts);
		fprintf(f, "\t'%s') words='%s' ;;\n", c->name, b.len ? b.data + 1 : "");
	}
	buf_release(&b);
	/* a command's options when the word starts with '-', else (a
	 * script, a file) the file names bash completes by default */
	fputs("\t*) words='' ;;\n"
	      "\tesac\n"
	      "\tcase $cur in\n"
	      "\t-*) ;;\n"
	      "\t*) [ -z \"$cmd\" ] || { [ \"$cmd\" = toolchain ] && [ -z \"$sub\" ]; } || return ;;\n"
	      "\tesac\n"
	      "\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	      "}\n"
	      "complete -o default -F _slither slither\n",
	      f);
}
