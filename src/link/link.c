/* The final static link (see link.h).  Everything generated here is
 * deterministic: no timestamps, and the scratch directory's name is mapped
 * away from debug information with -ffile-prefix-map. */
#include "link/link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive/elf.h"
#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/embed.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/progress.h"
#include "lib/sha256.h"
#include "link/headers.h"
#include "link/objcache.h"
#include "link/timing.h"
#include "toolchain/target.h"

/* Bumped when the same inputs compile to different runtime objects. */
#define RUNTIME_OBJECTS_VERSION "slither-runtime-objects-1"

/* Add -Wl,--wrap=SYM to av for each global symbol __wrap_SYM that the
 * object `obj` (relative to `dir`) defines. */
static void add_wraps(const char *dir, const char *obj, char ***av, size_t *n)
{
	char *path = xasprintf("%s/%s", dir, obj);
	struct buf b = {0};
	struct sl_elf e;
	struct sl_elf_symbols t;
	size_t i, count;

	if (read_file(path, &b) < 0)
		die("cannot read %s:", path);
	if (sl_elf_open(&e, b.data, b.len) != SL_ELF_OK)
		die("%s: not an ELF object (a slither bug: please report)", path);
	count = sl_elf_symbols(&e, &t);
	for (i = 1; i < count; i++) {
		struct sl_elf_symbol sym;
		char *flag;

		sl_elf_symbol(&t, i, &sym);
		if (!sym.shndx || sym.bind != 1 /* STB_GLOBAL */ || !sym.name ||
		    strncmp(sym.name, "__wrap_", 7) || !sym.name[7])
			continue;
		flag = xasprintf("-Wl,--wrap=%s", sym.name + 7);
		argv_push(av, n, flag);
		free(flag);
	}
	buf_release(&b);
	free(path);
}

/* Is the embedded file `name` a source of the runtime that this job
 * compiles?  The archive reader, every C file of src/runtime/, of
 * src/runtime/mpi/ the backend of the job's processes (runtime.h): MPICH,
 * or one process, and of src/runtime/pyver/ the toolchain's CPython
 * version's (pyver.h). */
static int runtime_source(const char *name, const struct link_job *j)
{
	static const char dir[] = "src/runtime/";
	const char *rel = name + sizeof(dir) - 1;
	size_t n = strlen(name);

	if (!strcmp(name, "src/archive/archive_read.c"))
		return 1;
	if (strncmp(name, dir, sizeof(dir) - 1) || n < 2 || strcmp(name + n - 2, ".c"))
		return 0;
	if (!strchr(rel, '/'))
		return 1;
	if (!strcmp(rel, "mpi/none.c"))
		return !j->mpi;
	if (!strcmp(rel, "mpi/mpich.c"))
		return j->mpi != NULL;
	if (!strcmp(rel, "mpi/udev.c"))
		return j->mpi && j->mpi->udev_stub;
	if (!strncmp(rel, "pyver/", 6))
		return !strncmp(rel + 6, j->tc->xy, strlen(j->tc->xy)) && !strcmp(rel + 6 + strlen(j->tc->xy), ".c");
	die("%s: a runtime source that the link does not know (a slither bug: please report)", name);
}

/* The linkers a build can use, the default order first: gcc's
 * -fuse-ld=NAME runs ld.NAME from PATH.  mold, then lld: each links the
 * heavy app (74 MB) in about 1.0 s and 1.4 s against ld.bfd's 2.5-3.5 s on
 * two cores, with --wrap, the .incbin section, static glibc's TLS and IFUNCs
 * alike (the suite passes with each); ld.bfd is the fallback.  See
 * HACKING.md, "The final link". */
static const struct linker {
	const char *name, *program, *package;
	int any_target;		/* one program links for every target: a cross
				   compiler is shown it with -B (it looks for
				   TRIPLE-ld.NAME otherwise); ld.bfd is per target
				   (binutils-TRIPLE has the cross one) */
} linkers[] = {
	{"mold", "ld.mold", "mold", 1},
	{"lld", "ld.lld", "lld", 1},
	{"bfd", "ld.bfd", "binutils", 0},
};

char *link_cross_linker(const struct toolchain *tc, const char *linker, const char *workdir)
{
	char *dir, *link, *path, *flag;
	size_t i;

	if (!target_cross(tc->target))
		return NULL;
	for (i = 0; i < LEN(linkers); i++)
		if (!strcmp(linkers[i].name, linker) && linkers[i].any_target)
			break;
	if (i == LEN(linkers))
		return NULL;
	path = which(linkers[i].program);
	dir = xasprintf("%s/ld", workdir);
	link = xasprintf("%s/%s", dir, linkers[i].program);
	if (!path || mkdir_p(dir) < 0 || (symlink(path, link) < 0 && errno != EEXIST))
		die("cannot show %s to the cross compiler in %s:", linkers[i].program, dir);
	flag = xasprintf("-B%s/", dir);
	free(path);
	free(dir);
	free(link);
	return flag;
}

static void cross_linker(const struct link_job *j, char ***av, size_t *n)
{
	char *flag = link_cross_linker(j->tc, j->linker, j->workdir);

	if (flag)
		argv_push(av, n, flag);
	free(flag);
}

const char *link_linker(const char *forced)
{
	const char *env = getenv("SLITHER_LINKER");
	const char *how = "--linker";
	size_t i;

	if (!forced && env && *env) {
		forced = env;
		how = "SLITHER_LINKER";
	}
	for (i = 0; i < LEN(linkers); i++) {
		char *path;
		if (forced && strcmp(forced, linkers[i].name))
			continue;
		path = which(linkers[i].program);
		if (path) {
			free(path);
			return linkers[i].name;
		}
		if (forced)
			die("%s=%s: the linker %s is not installed (not on PATH); install Debian's "
			    "package %s (apt-get install %s), or choose another: --linker=bfd, lld "
			    "or mold (or unset SLITHER_LINKER for the fastest installed)",
			    how, forced, linkers[i].program, linkers[i].package, linkers[i].package);
	}
	if (forced)
		die("%s=%s: not a linker slither knows; choose bfd, lld or mold", how, forced);
	die("no linker found: none of ld.lld, ld.mold, ld.bfd is on PATH; install Debian's "
	    "binutils (apt-get install binutils)");
}

/* The options every runtime object is compiled with, before the
 * toolchain's -I (and MPI's, for --mpi); then headers_argv()'s, which do
 * not change the object. */
static const char *const runtime_cflags[] = {"-c", "-O2", "-g", "-std=gnu11"};

/* The command compiling `src` into `obj` (both relative to the work
 * directory), newly allocated. */
static char **compile_argv(const struct link_job *j, const char *map, const char *src,
			   const char *obj)
{
	char **av = NULL;
	size_t n = 0, i;

	argv_push(&av, &n, j->tc->cc);
	for (i = 0; i < LEN(runtime_cflags); i++)
		argv_push(&av, &n, runtime_cflags[i]);
	argv_push(&av, &n, map);
	argv_push(&av, &n, "-I.");
	argv_push_words(&av, &n, j->tc->cflags);
	if (j->mpi)
		argv_push_words(&av, &n, j->mpi->cflags);
	headers_argv(&av, &n, obj);
	argv_push(&av, &n, "-o");
	argv_push(&av, &n, obj);
	argv_push(&av, &n, src);
	return av;
}

/* Everything the runtime's objects depend on, as text (its SHA-256 names
 * the cached bundle): slither's version of this recipe, the toolchain (its
 * key: CPython's source, options; its headers are part of it), the
 * compiler and its version, the flags, MPI's flags, the sources compiled
 * and the content of every embedded file they may include (all of
 * src/runtime/ and src/archive/).  Not the scratch directory: the
 * objects do not depend on it (-ffile-prefix-map).  Not the system
 * headers: headers_state() adds those, from the list the last compile
 * of this key recorded. */
static char *runtime_key(const struct link_job *j, char *const *srcs, size_t n)
{
	const struct embedded *e;
	struct buf k = {0};
	const char *ver = cc_version(j->tc->cc);
	size_t i;

	buf_printf(&k, "%s\ntoolchain %s\ncc %s\n%s\ncflags", RUNTIME_OBJECTS_VERSION,
		   j->tc->key, j->tc->cc, ver);
	for (i = 0; i < LEN(runtime_cflags); i++)
		buf_printf(&k, " %s", runtime_cflags[i]);
	buf_printf(&k, " -I. %s\nmpi %s\n", j->tc->cflags, j->mpi ? j->mpi->cflags : "(none)");
	for (i = 0; i < n; i++)
		buf_printf(&k, "source %s\n", srcs[i]);
	for (e = sl_embedded; e->name; e++)
		if (!strncmp(e->name, "src/runtime/", 12) || !strncmp(e->name, "src/archive/", 12)) {
			char hex[65];
			sha256_hex(e->data, (size_t)(e->end - e->data), hex);
			buf_printf(&k, "file %s %s\n", e->name, hex);
		}
	return k.data;
}

/* Compile srcs[i] into objs[i] for i in [from, to), in parallel; dies
 * with the log's tail on failure. */
static void compile_range(const struct link_job *j, const char *map, const char *log,
			  char *const *srcs, char *const *objs, size_t from, size_t to)
{
	struct job *jobs = xcalloc(to - from + 1, sizeof(*jobs));
	size_t i, nj = 0;
	long bad;

	for (i = from; i < to; i++) {
		jobs[nj].argv = compile_argv(j, map, srcs[i], objs[i]);
		jobs[nj].cwd = j->workdir;
		jobs[nj++].log = log;
	}
	bad = run_jobs(jobs, nj, 0);
	if (bad >= 0) {
		progress_done();
		print_tail(log, 30);
		die("compiling the runtime (%s) failed (exit %d); the full log is %s",
		    srcs[from + (size_t)bad], jobs[bad].status, log);
	}
	for (i = 0; i < nj; i++)
		argv_free(jobs[i].argv);
	free(jobs);
}

/* The runtime's objects, rt0.o... in the work directory, pushed on
 * objs: those of the runtime's own sources restored from the cache
 * (<cache>/runtime) when this toolchain, compiler, flags and sources were
 * compiled before, else compiled and stored; then this app's tables
 * (extensions.c) and archive (archive.S), compiled every time.  The names
 * and the commands are the same either way, so the executable is too. */
static void runtime_objects(const struct link_job *j, const char *map, const char *log,
			    char ***objs, size_t *nobjs)
{
	const struct embedded *e;
	char **srcs = NULL, *key, *manifest, *headers, *bundle, *why = NULL;
	size_t nsrcs = 0, nrt, i;
	enum objcache_status st;
	int pyver = 0;

	for (e = sl_embedded; e->name; e++)
		if (runtime_source(e->name, j)) {
			argv_push(&srcs, &nsrcs, e->name + 4);	/* "runtime/..." */
			pyver |= !strncmp(e->name, "src/runtime/pyver/", 18);
		}
	if (!pyver)
		die("the toolchain %s is CPython %s, which slither's runtime does not support "
		    "(src/runtime/pyver/ has no %s.c); build with a CPython 3.11 or 3.13 toolchain",
		    j->tc->prefix, j->tc->version, j->tc->xy);
	nrt = nsrcs;
	argv_push(&srcs, &nsrcs, "extensions.c");
	argv_push(&srcs, &nsrcs, "archive.S");
	for (i = 0; i < nsrcs; i++) {
		char *obj = xasprintf("rt%zu.o", i);
		argv_push(objs, nobjs, obj);
		free(obj);
	}

	timing_phase("the runtime's objects");
	key = runtime_key(j, srcs, nrt);
	manifest = headers_manifest("runtime", key);
	st = OBJCACHE_ABSENT;
	if ((headers = headers_state(manifest))) {
		bundle = objcache_path("runtime", key, headers);
		st = objcache_restore(bundle, j->workdir, *objs, nrt, &why);
		free(bundle);
		free(headers);
	}
	if (st == OBJCACHE_DAMAGED) {
		warn("a damaged cache entry: %s; it is removed and the runtime compiled again", why);
		free(why);
	}
	if (st == OBJCACHE_RESTORED) {
		progress_phase("the runtime's objects restored from the cache; compile the app's tables");
		timing_phase("compile the app's tables and archive");
		compile_range(j, map, log, srcs, *objs, nrt, nsrcs);
	} else {
		progress_phase("compile the runtime (cached for the next builds)");
		timing_phase("compile the runtime, tables, archive");
		compile_range(j, map, log, srcs, *objs, 0, nsrcs);
		/* stored under the headers this compile read (unless one
		 * vanished meanwhile: then not stored) */
		headers_record(manifest, j->workdir, *objs, nrt);
		if ((headers = headers_state(manifest))) {
			bundle = objcache_path("runtime", key, headers);
			objcache_store(bundle, j->workdir, *objs, nrt);
			free(bundle);
			free(headers);
		}
	}
	argv_free(srcs);
	free(manifest);
	free(key);
}

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

/* The final link failed: if its log (GNU ld's, lld's or mold's messages) shows undefined
 * references made by extension objects, a message naming each module and
 * the symbols it needs, and the likely fix; else NULL. */
static char *undefined_in_extensions(const struct link_job *j, const char *log)
{
	struct buf b = {0}, msg = {0};
	char *line, *save = NULL, *ctx = NULL, **pairs = NULL;
	const char *undef = NULL;
	size_t npairs = 0, i, k;

	if (read_file(log, &b) < 0)
		return NULL;
	for (line = strtok_r(b.data ? b.data : "", "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p, *sym = NULL, *end = NULL;
		if (strstr(line, ": in function `")) {
			ctx = line;	/* "ld: OBJECT: in function `f':" before the reference */
			continue;
		}
		/* lld and mold: "error: undefined symbol: SYM", then one
		 * ">>> referenced by" line per place, naming the object */
		if ((p = strstr(line, "error: undefined symbol: "))) {
			undef = p + 25;
			continue;
		}
		if (undef && !strncmp(line, ">>> ", 4)) {
			sym = undef;
			end = sym + strlen(sym);
		} else if ((p = strstr(line, "undefined reference to `")) &&
			   (end = strchr(p + 24, '\''))) {
			sym = p + 24;	/* GNU ld */
		} else {
			undef = NULL;
			continue;
		}
		for (i = 0; i < j->n_exts; i++) {
			const char *o = j->exts[i].object;
			if (strstr(line, o) || (ctx && strstr(ctx, o))) {
				/* "index symbol", each once, in the log's order */
				char *pair = xasprintf("%zu %.*s", i, (int)(end - sym), sym);
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

	timing_phase("write the runtime's sources and tables");
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

	runtime_objects(j, map, log, &objs, &nobjs);

	/* one static executable */
	/* an --optimize toolchain's libpython carries LTO code: the link
	 * optimises across the whole interpreter, which takes minutes */
	{
		char *what = xasprintf("link with %s%s", j->linker,
				       tc->optimize ? " (link-time optimisation of the interpreter: "
						      "a few minutes)" : "");
		progress_phase(what);
		timing_phase(what);	/* kept for the report */
	}
	n = 0;
	av = NULL;
	argv_push(&av, &n, tc->cc);
	{
		char *use = xasprintf("-fuse-ld=%s", j->linker);
		argv_push(&av, &n, use);
		free(use);
	}
	cross_linker(j, &av, &n);
	argv_push_words(&av, &n, tc->ldflags);
	/* the C library's entry points the runtime wraps: each __wrap_SYM a
	 * runtime object defines (nss.c: glibc's NSS loads no shared module;
	 * vfs.c: the embedded tree as files; mpi/mpich.c: UCX's ucx.conf) */
	for (i = 0; i < nobjs; i++)
		add_wraps(j->workdir, objs[i], &av, &n);
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
			argv_push_words(&av, &n, j->exts[i].libs);
	if (j->mpi)
		argv_push_words(&av, &n, j->mpi->libs);
	argv_push_words(&av, &n, tc->libs);
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
