/* The final static link (see link.h).  Everything generated here is
 * deterministic: no timestamps, and the scratch directory's name is mapped
 * away from debug information with -ffile-prefix-map. */
#include "link/link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/util.h"

void embed_extract(const char *dir, const char *prefix)
{
	const struct embedded *e;

	for (e = sl_embedded; e->name; e++) {
		const char *rel = e->name;
		char *path, *slash;

		if (strncmp(rel, prefix, strlen(prefix)))
			continue;
		if (!strncmp(rel, "src/", 4))
			rel += 4;
		path = xasprintf("%s/%s", dir, rel);
		slash = strrchr(path, '/');
		*slash = '\0';
		if (mkdir_p(path) < 0)
			die("cannot create %s:", path);
		*slash = '/';
		if (write_file_atomic(path, e->data, (size_t)(e->end - e->data)) < 0)
			die("cannot write %s:", path);
		free(path);
	}
}

const struct embedded *embed_find(const char *name)
{
	const struct embedded *e;

	for (e = sl_embedded; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

void push_words(char ***av, size_t *n, const char *s)
{
	char *copy = xstrdup(s), *w, *save = NULL;

	for (w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		argv_push(av, n, w);
	free(copy);
}

static void run_or_die(char **av, const char *cwd, const char *log, const char *what)
{
	int rc = run(av, cwd, NULL, log);

	if (rc != 0) {
		print_tail(log, 30);
		die("%s failed (exit %d); the full log is %s", what, rc, log);
	}
}

static const char *const runtime_sources[] = {
	"runtime/main.c",
	"runtime/run.c",
	"runtime/importer.c",
	"runtime/code.c",
	"runtime/files.c",
	"runtime/resources.c",
	"runtime/extension.c",
	"runtime/hooks.c",
	"runtime/notfound.c",
	"runtime/quiet.c",
	"runtime/nss.c",
	"runtime/collective.c",
	"runtime/role.c",
	"archive/archive_read.c",
};

/* The archive as data in its own section, so `slither inspect` finds it by
 * name and the runtime uses it in place. */
static const char archive_asm[] =
	"\t.section .slither,\"a\"\n"
	"\t.balign 16\n"
	"\t.globl _slither_archive_start\n"
	"_slither_archive_start:\n"
	"\t.incbin \"archive.bin\"\n"
	"\t.globl _slither_archive_end\n"
	"_slither_archive_end:\n"
	"\t.section .note.GNU-stack,\"\",@progbits\n";

static void write_text(const char *path, const char *text, size_t len)
{
	if (write_file_atomic(path, text, len) < 0)
		die("cannot write %s:", path);
}

/* The final link failed: if its log (GNU ld's messages) shows undefined
 * references made by extension objects, a message naming each module and
 * the symbols it needs, and the likely fix; else NULL. */
static char *undefined_in_extensions(const struct link_job *j, const char *log)
{
	struct buf b = {0}, msg = {0};
	char *line, *save = NULL, *ctx = NULL, **pairs = NULL;
	size_t npairs = 0, i, k;

	if (read_file(log, &b) < 0)
		return NULL;
	for (line = strtok_r(b.data ? b.data : "", "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = strstr(line, "undefined reference to `"), *end;
		if (strstr(line, ": in function `")) {
			ctx = line;	/* "ld: OBJECT: in function `f':" before the reference */
			continue;
		}
		if (!p || !(end = strchr(p + 24, '\'')))
			continue;
		for (i = 0; i < j->n_exts; i++) {
			const char *o = j->exts[i].object;
			if (strstr(line, o) || (ctx && strstr(ctx, o))) {
				/* "index symbol", each once, in the log's order */
				char *pair = xasprintf("%zu %.*s", i, (int)(end - p - 24), p + 24);
				int seen = 0;
				for (k = 0; k < npairs && !seen; k++)
					seen = !strcmp(pairs[k], pair);
				if (!seen)
					argv_push(&pairs, &npairs, pair);
				free(pair);
				break;
			}
		}
	}
	buf_release(&b);
	if (!npairs)
		return NULL;
	buf_puts(&msg, "the executable cannot be linked: C extensions use symbols that nothing "
		       "in the link defines:\n");
	for (i = 0; i < j->n_exts; i++) {
		size_t shown = 0;
		for (k = 0; k < npairs; k++) {
			const char *sym = strchr(pairs[k], ' ') + 1;
			if ((size_t)strtoul(pairs[k], NULL, 10) != i)
				continue;
			if (shown == 0)
				buf_printf(&msg, "    extension '%s' needs %s", j->exts[i].name, sym);
			else if (shown < 8)
				buf_printf(&msg, ", %s", sym);
			shown++;
		}
		if (shown > 8)
			buf_printf(&msg, " and %zu more", shown - 8);
		if (shown)
			buf_puts(&msg, "\n");
	}
	buf_puts(&msg, "a library they need was not linked with them: slither pip links the "
		       "static archive of each -l an extension's build names, and what those "
		       "libraries' pkg-config files list; name the missing library with -l in "
		       "the package's build (libraries=[...] in setup.py) or its .pc file's "
		       "Libs.private, install its static archive (lib*.a), and rebuild with "
		       "slither pip; ");
	argv_free(pairs);
	return msg.data;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct frozen_mod *const *)a)->name,
		      (*(const struct frozen_mod *const *)b)->name);
}

void link_executable(const struct link_job *j)
{
	const struct toolchain *tc = j->tc;
	char *log = xasprintf("%s/link.log", j->workdir);
	char *map = xasprintf("-ffile-prefix-map=%s=.", j->workdir);
	char *tmp_out = xasprintf("%s.tmp.%ld", j->output, (long)getpid());
	char **objs = NULL, **av = NULL;
	size_t nobjs = 0, n = 0, i;
	struct buf ext = {0};

	embed_extract(j->workdir, "src/runtime/");
	embed_extract(j->workdir, "src/archive/");

	/* the archive, as data */
	{
		char *bin = xasprintf("%s/archive.bin", j->workdir);
		char *s = xasprintf("%s/archive.S", j->workdir);
		if (strcmp(j->archive, bin)) {
			struct buf b = {0};
			if (read_file(j->archive, &b) < 0)
				die("cannot read %s:", j->archive);
			write_text(bin, b.data, b.len);
			buf_release(&b);
		}
		write_text(s, archive_asm, sizeof(archive_asm) - 1);
		free(bin);
		free(s);
	}

	/* the table of static extensions, by dotted name */
	buf_puts(&ext, "/* Generated by slither: statically linked extensions. */\n"
		       "#include \"runtime/runtime.h\"\n\n");
	for (i = 0; i < j->n_exts; i++)
		buf_printf(&ext, "extern PyObject *%s(void);\n", j->exts[i].init);
	buf_puts(&ext, "\nconst struct sl_static_ext _slither_extensions[] = {\n");
	for (i = 0; i < j->n_exts; i++)
		buf_printf(&ext, "\t{\"%s\", %s},\n", j->exts[i].name, j->exts[i].init);
	buf_puts(&ext, "\t{NULL, NULL},\n};\n");

	/* the table of deep-frozen code objects, sorted by name */
	{
		const struct frozen_mod **fz = xcalloc(j->n_code + 1, sizeof(*fz));
		size_t nf = 0;
		for (i = 0; i < j->n_code; i++)
			if (j->code[i].symbol)
				fz[nf++] = &j->code[i];
		qsort(fz, nf, sizeof(*fz), by_name);
		buf_puts(&ext, "\n");
		for (i = 0; i < nf; i++)
			buf_printf(&ext, "extern PyObject *%s(void);\n", fz[i]->symbol);
		buf_puts(&ext, "\nconst struct sl_frozen_code _slither_frozen_code[] = {\n");
		for (i = 0; i < nf; i++) {
			const unsigned char *c = (const unsigned char *)fz[i]->name;
			buf_puts(&ext, "\t{\"");
			for (; *c; c++)
				if (*c == '"' || *c == '\\' || *c < 0x20 || *c >= 0x7f)
					buf_printf(&ext, "\\%03o", *c);
				else
					buf_put(&ext, c, 1);
			buf_printf(&ext, "\", %s},\n", fz[i]->symbol);
		}
		buf_printf(&ext, "\t{NULL, NULL},\n};\nconst size_t _slither_frozen_code_count = %zu;\n",
			   nf);
		free(fz);
	}
	{
		char *p = xasprintf("%s/extensions.c", j->workdir);
		write_text(p, ext.data, ext.len);
		free(p);
	}
	buf_release(&ext);

	/* compile the runtime against this toolchain */
	progress_phase("compile the runtime");
	{
		const char *srcs[LEN(runtime_sources) + 4];
		size_t ns = 0;
		for (i = 0; i < LEN(runtime_sources); i++)
			srcs[ns++] = runtime_sources[i];
		/* the job's processes: MPI, or one process (runtime.h) */
		srcs[ns++] = j->mpi ? "runtime/mpi.c" : "runtime/mpi_none.c";
		if (j->mpi && j->mpi->udev_stub)
			srcs[ns++] = "runtime/mpi_udev.c";
		srcs[ns++] = "extensions.c";
		srcs[ns++] = "archive.S";
		for (i = 0; i < ns; i++) {
			char *obj = xasprintf("rt%zu.o", i);
			n = 0;
			av = NULL;
			argv_push(&av, &n, tc->cc);
			argv_push(&av, &n, "-c");
			argv_push(&av, &n, "-O2");
			argv_push(&av, &n, "-g");
			argv_push(&av, &n, "-std=gnu11");
			argv_push(&av, &n, map);
			argv_push(&av, &n, "-I.");
			push_words(&av, &n, tc->cflags);
			if (j->mpi)
				push_words(&av, &n, j->mpi->cflags);
			argv_push(&av, &n, "-o");
			argv_push(&av, &n, obj);
			argv_push(&av, &n, srcs[i]);
			run_or_die(av, j->workdir, log, "compiling the runtime");
			argv_free(av);
			argv_push(&objs, &nobjs, obj);
			free(obj);
		}
	}

	/* one static executable */
	/* an --optimize toolchain's libpython carries LTO code: the link
	 * optimises across the whole interpreter, which takes minutes */
	progress_phase(tc->optimize ? "link (link-time optimisation of the interpreter: a few minutes)"
				    : "link");
	n = 0;
	av = NULL;
	argv_push(&av, &n, tc->cc);
	push_words(&av, &n, tc->ldflags);
	/* glibc's NSS must not load shared modules: see src/runtime/nss.c */
	argv_push(&av, &n, "-Wl,--wrap=__libc_dlopen_mode");
	/* UCX must not search for ucx.conf: see src/runtime/mpi.c */
	if (j->mpi)
		argv_push(&av, &n, "-Wl,--wrap=fopen");
	if (j->strip)
		argv_push(&av, &n, "-s");
	argv_push(&av, &n, "-o");
	argv_push(&av, &n, tmp_out);
	for (i = 0; i < nobjs; i++)
		argv_push(&av, &n, objs[i]);
	for (i = 0; i < j->n_exts; i++)
		argv_push(&av, &n, j->exts[i].object);
	for (i = 0; i < j->n_code; i++)
		if (j->code[i].object)
			argv_push(&av, &n, j->code[i].object);
	/* the runtime libraries the extensions need, before the toolchain's */
	for (i = 0; i < j->n_exts; i++)
		if (j->exts[i].libs)
			push_words(&av, &n, j->exts[i].libs);
	if (j->mpi)
		push_words(&av, &n, j->mpi->libs);
	push_words(&av, &n, tc->libs);
	unlink(tmp_out);
	if (run(av, j->workdir, NULL, log) != 0) {
		char *why = undefined_in_extensions(j, log);
		if (why)
			die("%sthe full log is %s", why, log);
		print_tail(log, 30);
		die("linking the executable failed; the full log is %s", log);
	}
	argv_free(av);
	if (rename(tmp_out, j->output) < 0) {
		unlink(tmp_out);
		die("cannot move %s to %s:", tmp_out, j->output);
	}
	progress_done();
	argv_free(objs);
	free(tmp_out);
	free(map);
	free(log);
}
