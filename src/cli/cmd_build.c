/* `slither build`: scan an app's imports, compile them with the toolchain's
 * own interpreter (src/scan/scan.py), pack them into an archive and link one
 * static executable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive/archive_write.h"
#include "archive/manifest.h"
#include "link/frozen.h"
#include "cli/cmds.h"
#include "cli/help.h"
#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/cache.h"
#include "lib/embed.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "lib/progress.h"
#include "lib/sha256.h"
#include "ext/ext.h"
#include "link/link.h"
#include "link/timing.h"
#include "toolchain/target.h"
#include "toolchain/toolchain.h"

/* the usage, from the one table of the command line (help.c) */
#define usage_text help_text("build")

/* Grow-only list of strings. */
struct strv {
	char **v;
	size_t n;
};

static void strv_push(struct strv *s, const char *x)
{
	argv_push(&s->v, &s->n, x);
}

struct build_opts {
	const char *script, *module, *output, *toolchain, *linker;
	struct strv paths, includes, excludes, exclude_data;
	int optimize, no_source, no_freeze, keep, interpreter, mpi, strip, timings;
};

/* The value of the "--opt=VALUE" being parsed until need_value() takes
 * it, else NULL. */
static const char *inline_value;

static const char *need_value(int argc, char **argv, int *i)
{
	const char *v = inline_value;

	if (v) {
		inline_value = NULL;	/* used */
		return v;
	}
	if (*i + 1 >= argc)
		die("build: %s needs a value\n%s", argv[*i], usage_text);
	return argv[++*i];
}

static void parse(struct build_opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = NULL;
		char *name = NULL;
		if (!strncmp(a, "--", 2) && (eq = strchr(a, '='))) {
			/* "--opt=VALUE" as "--opt VALUE" */
			a = name = xasprintf("%.*s", (int)(eq - a), a);
			inline_value = eq + 1;
		}
		if (!strcmp(a, "-o"))
			o->output = need_value(argc, argv, &i);
		else if (!strcmp(a, "-m"))
			o->module = need_value(argc, argv, &i);
		else if (!strcmp(a, "--toolchain"))
			o->toolchain = need_value(argc, argv, &i);
		else if (!strcmp(a, "--linker"))
			o->linker = need_value(argc, argv, &i);
		else if (!strcmp(a, "--path"))
			strv_push(&o->paths, need_value(argc, argv, &i));
		else if (!strcmp(a, "--include"))
			strv_push(&o->includes, need_value(argc, argv, &i));
		else if (!strcmp(a, "--exclude"))
			strv_push(&o->excludes, need_value(argc, argv, &i));
		else if (!strcmp(a, "--exclude-data"))
			strv_push(&o->exclude_data, need_value(argc, argv, &i));
		else if (!strcmp(a, "-O"))
			o->optimize = 1;
		else if (!strcmp(a, "-OO"))
			o->optimize = 2;
		else if (!strcmp(a, "--no-source"))
			o->no_source = 1;
		else if (!strcmp(a, "--no-freeze"))
			o->no_freeze = 1;
		else if (!strcmp(a, "--keep-work"))
			o->keep = 1;
		else if (!strcmp(a, "--interpreter"))
			o->interpreter = 1;
		else if (!strcmp(a, "--mpi"))
			o->mpi = 1;
		else if (!strcmp(a, "--strip"))
			o->strip = 1;
		else if (!strcmp(a, "--timings"))
			o->timings = 1;
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			exit(0);
		} else if (a[0] == '-' && a[1])
			die("build: unknown option '%s'\n%s", a, usage_text);
		else if (!o->script && !o->module)
			o->script = a;
		else
			die("build: unexpected argument '%s' (one SCRIPT or -m MODULE)\n%s", a,
			    usage_text);
		if (eq && inline_value)
			die("build: %s takes no value (given '%s')", a, argv[i]);
		inline_value = NULL;
		free(name);
	}
	if (!!o->script + !!o->module + o->interpreter != 1)
		die("build: give one of SCRIPT, -m MODULE or --interpreter\n%s", usage_text);
	if (!o->output)
		die("build: give the output file with -o FILE");
	if (o->script && !path_exists(o->script))
		die("%s: no such file (the app's script)", o->script);
	for (size_t k = 0; k < o->paths.n; k++)
		if (!is_dir(o->paths.v[k]))
			die("%s: not a directory (given with --path)", o->paths.v[k]);
}

/* The C extensions a manifest lists: linked into the executable, not
 * stored in the archive. */
struct exts {
	char **names, **objects;
	size_t n;
	struct frozen_mod *code;	/* modules and packages with byte-code */
	size_t ncode;
	size_t ndata;			/* data files */
};

/* Collect an entry of the manifest into `x`: the C extensions, and the
 * code files of modules and packages (for deep-freezing). */
static void collect(void *ctx, const struct manifest_entry *e)
{
	struct exts *x = ctx;

	if (e->kind == SL_KIND_DATA)
		x->ndata++;
	if (e->kind == SL_KIND_EXTENSION) {
		/* an object to link, by absolute path; no bytes stored */
		if (!e->file)
			die("the scanner's manifest lists extension '%s' with no object (a slither "
			    "bug: please report)", e->name);
		x->names = xrealloc(x->names, (x->n + 1) * sizeof(*x->names));
		x->objects = xrealloc(x->objects, (x->n + 1) * sizeof(*x->objects));
		x->names[x->n] = xstrdup(e->name);
		x->objects[x->n] = xstrdup(e->file);
		x->n++;
	} else if (e->file && (e->kind == SL_KIND_MODULE || e->kind == SL_KIND_PACKAGE)) {
		x->code = xrealloc(x->code, (x->ncode + 1) * sizeof(*x->code));
		x->code[x->ncode] = (struct frozen_mod){.name = xstrdup(e->name),
		                                         .code_file = xstrdup(e->file)};
		sha256_hex(e->code, e->code_len, x->code[x->ncode++].code_sha);
	}
}

/* Write the archive file: the byte-code of every module deep-frozen into
 * the executable (those of `x` with a symbol) leaves it, their source
 * stays. */
static void write_archive(struct sl_writer *w, const struct exts *x, const char *out)
{
	void *bytes;
	size_t len, i;

	for (i = 0; i < x->ncode; i++)
		if (x->code[i].symbol && sl_writer_freeze(w, x->code[i].name) < 0)
			die("cannot mark module '%s' deep-frozen: %s (a slither bug: please "
			    "report)", x->code[i].name, sl_writer_error(w));
	if (sl_writer_finish(w, &bytes, &len) < 0)
		die("cannot write the archive: %s", sl_writer_error(w));
	if (write_file_atomic(out, bytes, len) < 0)
		die("cannot write %s:", out);
	free(bytes);
}

/* Isolate each extension object into the scratch directory (ext_isolate:
 * its symbols made local, its init function renamed after its dotted name)
 * and describe it for the link. */
static struct link_ext *isolate_extensions(const struct exts *x, const char *work,
					   const char *tools)
{
	struct link_ext *lx = xcalloc(x->n, sizeof(*lx));
	char *dir = xasprintf("%s/ext", work);
	size_t i;

	if (x->n) {
		progress_phase("isolate the C extensions");
		if (mkdir_p(dir) < 0)
			die("cannot create %s:", dir);
	}
	for (i = 0; i < x->n; i++) {
		char *out = xasprintf("%s/%zu.o", dir, i), *init, *libs;
		ext_isolate(x->objects[i], x->names[i], out, &init, &libs, tools);
		lx[i].name = x->names[i];
		lx[i].object = out;
		lx[i].init = init;
		lx[i].libs = libs;
	}
	free(dir);
	return lx;
}

/* An extension that calls MPI (it links -lmpich: see ext.c) needs the MPI
 * that only an --mpi build links. */
static void check_mpi_use(const struct build_opts *o, const struct link_ext *lx, size_t n)
{
	size_t i;

	for (i = 0; i < n && !o->mpi; i++)
		if (lx[i].libs && strstr(lx[i].libs, "-lmpich"))
			die("the C extension '%s' calls MPI (it links -lmpich); build with --mpi",
			    lx[i].name);
}

static const char *const default_excludes[] = {"test", "tkinter", "idlelib", "turtledemo"};

static void scan(const struct build_opts *o, const struct toolchain *tc, const char *work,
                 const char *scan_dir)
{
	struct strv av = {0};
	char *script = xasprintf("%s/scan/scan.py", work);
	char *cache = cache_dir(), *scan_cache = xasprintf("%s/scan", cache);
	struct prune_rule prune = {.suffix = ".scan", .days = CACHE_UNUSED_DAYS};
	char *env[] = {"PYTHONHASHSEED=0", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP",
		       "PYTHONSAFEPATH", "PYTHONNOUSERSITE", NULL};
	char opt[8], **envp;
	size_t i;
	int rc;

	embed_extract(work, "src/scan/");
	strv_push(&av, tc->python);
	strv_push(&av, "-s");
	strv_push(&av, "-S");
	strv_push(&av, script);
	strv_push(&av, "--out");
	strv_push(&av, scan_dir);
	snprintf(opt, sizeof(opt), "%d", o->optimize);
	strv_push(&av, "--optimize");
	strv_push(&av, opt);
	/* each module's analysis and byte-code, kept for the next builds */
	strv_push(&av, "--cache");
	strv_push(&av, scan_cache);
	strv_push(&av, "--cache-key");
	strv_push(&av, tc->key);
	if (o->no_source)
		strv_push(&av, "--no-source");
	if (verbose)
		strv_push(&av, "-v");
	for (i = 0; i < o->paths.n; i++) {
		strv_push(&av, "--path");
		strv_push(&av, abspath(o->paths.v[i]));
	}
	/* what the runtime itself imports: the codecs while the interpreter
	 * starts, and traceback for sys.excepthook (CPython's C traceback
	 * printer reads source lines from disk only) */
	strv_push(&av, "--include");
	strv_push(&av, "encodings.*");
	strv_push(&av, "--include");
	strv_push(&av, "traceback");
	if (o->mpi) {
		/* the collective loader's Python side (src/runtime/py), which
		 * the runtime imports at start-up in a job */
		char *py = xasprintf("%s/runtime/py", work);
		embed_extract(work, "src/runtime/py/");
		strv_push(&av, "--path");
		strv_push(&av, py);
		strv_push(&av, "--include");
		strv_push(&av, "slither");
	}
	if (o->module) {
		/* `-m` runs through runpy, as python3 -m does */
		strv_push(&av, "--include");
		strv_push(&av, "runpy");
	}
	for (i = 0; i < o->includes.n; i++) {
		strv_push(&av, "--include");
		strv_push(&av, o->includes.v[i]);
	}
	for (i = 0; i < o->excludes.n; i++) {
		strv_push(&av, "--exclude");
		strv_push(&av, o->excludes.v[i]);
	}
	for (i = 0; i < o->exclude_data.n; i++) {
		strv_push(&av, "--exclude-data");
		strv_push(&av, o->exclude_data.v[i]);
	}
	/* Stdlib packages no app needs at run time, reached only through
	 * imports inside functions (multiprocessing.util imports test.support),
	 * or that cannot work in a static build (no _tkinter); an --include
	 * brings them back. */
	for (i = 0; i < LEN(default_excludes); i++) {
		const char *x = default_excludes[i];
		size_t k, n = strlen(x);
		int asked = 0;
		for (k = 0; k < o->includes.n; k++)
			if (!strncmp(o->includes.v[k], x, n) &&
			    (o->includes.v[k][n] == '\0' || o->includes.v[k][n] == '.'))
				asked = 1;
		if (!asked) {
			strv_push(&av, "--exclude");
			strv_push(&av, x);
		}
	}
	if (o->script) {
		strv_push(&av, "--script");
		strv_push(&av, abspath(o->script));
	} else if (o->interpreter) {
		strv_push(&av, "--interpreter");
	} else {
		strv_push(&av, "--module");
		strv_push(&av, o->module);
	}
	/* a cross toolchain's: the build python, seeing the target's stdlib,
	 * site-packages and sysconfig */
	envp = toolchain_python_env(tc, env);
	rc = run(av.v, NULL, envp, NULL);
	argv_free(envp);
	if (rc != 0)
		exit(1);	/* the scanner has said why */
	cache_prune(scan_cache, &prune);
	free(av.v);
	free(script);
	free(scan_cache);
	free(cache);
}

int cmd_build(int argc, char **argv)
{
	struct build_opts o = {0};
	struct toolchain tc;
	char *work, *scan_dir, *archive, *output;
	char tmpl[] = "/tmp/slither-build.XXXXXX";
	const char *tmpdir = getenv("TMPDIR");
	size_t count = 0, i;
	struct sl_writer *w;
	struct stat st;
	struct exts x = {0};
	struct link_ext *lx;
	struct mpi_recipe mpi;

	parse(&o, argc, argv);
	o.linker = link_linker(o.linker);	/* a missing one fails before the work */
	output = abspath(o.output);
	timing_phase("find the toolchain");
	toolchain_use(&tc, o.toolchain);

	if (tmpdir && *tmpdir)
		work = xasprintf("%s/slither-build.XXXXXX", tmpdir);
	else
		work = xstrdup(tmpl);
	if (!mkdtemp(work))
		die("cannot create a scratch directory %s:", work);
	scan_dir = xasprintf("%s/scan-out", work);
	archive = xasprintf("%s/archive.bin", work);

	progress_phase("scan and compile");
	progress_done();
	timing_phase("scan and compile the modules");
	scan(&o, &tc, work, scan_dir);
	timing_phase("read the scan's manifest");
	w = manifest_read(scan_dir, collect, &x, &count);
	if (o.no_source)
		sl_writer_set_flags(w, SL_ARCHIVE_NO_SOURCE);
	timing_phase("isolate the C extensions");
	lx = isolate_extensions(&x, work, tc.target->tools);
	if (!o.no_freeze && !frozen_supported(&tc))
		info("note: deep-freezing does not know CPython %s's code objects yet: the modules "
		     "are embedded marshalled, as with --no-freeze (unmarshalled as they are "
		     "imported)", tc.xy);
	else if (!o.no_freeze) {
		timing_phase("deep-frozen objects");
		frozen_build(&tc, work, x.code, x.ncode);
	}
	timing_phase("write the archive");
	write_archive(w, &x, archive);
	sl_writer_free(w);
	check_mpi_use(&o, lx, x.n);
	if (o.mpi) {
		timing_phase("find MPI");
		mpi_recipe_find(&mpi, tc.cc, tc.target);
	}

	{
		struct link_job j = {.tc = &tc, .workdir = work, .archive = archive, .output = output,
				     .exts = lx, .n_exts = x.n, .code = x.code, .n_code = x.ncode,
				     .mpi = o.mpi ? &mpi : NULL,
				     .strip = o.strip, .linker = o.linker};
		link_executable(&j);
	}
	if (o.mpi)
		mpi_recipe_release(&mpi);
	if (stat(output, &st) < 0)
		die("%s:", output);
	{
		char exts[64] = "", data[64] = "";
		if (x.n)
			snprintf(exts, sizeof(exts), ", %zu of them C extensions", x.n);
		if (x.ndata)
			snprintf(data, sizeof(data), "; %zu data file%s", x.ndata,
				 x.ndata == 1 ? "" : "s");
		info("wrote %s (%.1f MB, %zu modules embedded%s%s)", o.output, st.st_size / 1e6,
		     count - x.ndata, exts, data);
	}
	timing_phase("remove the scratch directory");
	if (o.keep)
		info("scratch directory kept: %s", work);
	else
		rm_rf(work);
	if (o.timings)
		timing_report();
	for (i = 0; i < x.n; i++) {
		free(x.names[i]);
		free(x.objects[i]);
		free((char *)lx[i].object);
		free((char *)lx[i].init);
		free((char *)lx[i].libs);
	}
	for (i = 0; i < x.ncode; i++) {
		free(x.code[i].name);
		free(x.code[i].code_file);
		free(x.code[i].symbol);
		free(x.code[i].object);
	}
	free(x.code);
	free(x.names);
	free(x.objects);
	free(lx);
	free(work);
	free(scan_dir);
	free(archive);
	free(output);
	return 0;
}
