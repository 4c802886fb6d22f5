/* Deep-frozen byte-code (see frozen.h and src/scan/freeze.py).
 *
 * The object of a module depends on its marshalled code, its name, the
 * toolchain (headers, compiler and its version), the generator and the
 * system headers Python.h includes (headers.h: the same for every module,
 * so one manifest serves all) alone, so it is cached under that key: the
 * standard library is compiled to C once per toolchain, and a later build
 * only freezes what changed.  Cached objects appear by rename, so an
 * interrupted build leaves none half-written; one no build has used for 30
 * days is removed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
#include "link/frozen.h"
#include "link/headers.h"
#include "link/link.h"

/* Bumped when the C generated for the same input changes meaning. */
#define FROZEN_VERSION "slither-frozen-2"

/* The CPython versions whose code objects freeze.py lays out (its
 * LAYOUTS): a new layout is a new row here and a new class there. */
static const char *const frozen_layouts[] = {"3.11", "3.13"};

int frozen_supported(const struct toolchain *tc)
{
	size_t i;

	for (i = 0; i < LEN(frozen_layouts); i++)
		if (!strcmp(tc->xy, frozen_layouts[i]))
			return 1;
	return 0;
}

/* "_slither_code_" and the dotted name with every byte outside [A-Za-z0-9]
 * escaped: "_" as "__", "." as "_d", anything else as "_xHH". */
static char *code_symbol(const char *name)
{
	struct buf b = {0};
	const unsigned char *p;

	buf_puts(&b, "_slither_code_");
	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			buf_put(&b, p, 1);
		else if (*p == '_')
			buf_puts(&b, "__");
		else if (*p == '.')
			buf_puts(&b, "_d");
		else
			buf_printf(&b, "_x%02x", *p);
	}
	return b.data;
}

/* Compile c_files[0..n) into objects[0..n), in parallel. */
static void compile_all(const struct toolchain *tc, const char *work, char **c_files,
			char **objects, size_t n, const char *log)
{
	struct job *jobs = xcalloc(n ? n : 1, sizeof(*jobs));
	char *map = xasprintf("-ffile-prefix-map=%s=.", work);
	size_t i;
	long bad;

	for (i = 0; i < n; i++) {
		char **av = NULL;
		size_t na = 0;
		argv_push(&av, &na, tc->cc);
		argv_push(&av, &na, "-c");
		/* data and one small function: optimising buys nothing */
		argv_push(&av, &na, "-O0");
		argv_push(&av, &na, map);
		argv_push_words(&av, &na, tc->cflags);	/* the -I of Python.h */
		headers_argv(&av, &na, objects[i]);
		argv_push(&av, &na, "-o");
		argv_push(&av, &na, objects[i]);
		argv_push(&av, &na, c_files[i]);
		jobs[i].argv = av;
		jobs[i].cwd = work;
		jobs[i].log = log;
	}
	bad = run_jobs(jobs, n, 0);
	if (bad >= 0) {
		progress_done();
		warn("compiling %s failed", c_files[bad]);
		print_tail(log, 20);
		die("compiling deep-frozen byte-code failed (a slither bug: please report); "
		    "the full log is %s; slither build --no-freeze embeds marshalled byte-code instead",
		    log);
	}
	for (i = 0; i < n; i++)
		argv_free(jobs[i].argv);
	free(jobs);
	free(map);
}

size_t frozen_build(const struct toolchain *tc, const char *work, struct frozen_mod *m, size_t n)
{
	const struct embedded *gen = embed_find("src/scan/freeze.py");
	char *cache = cache_dir(), *dir = xasprintf("%s/frozen", cache);
	char *wdir = xasprintf("%s/frozen", work), *log = xasprintf("%s/frozen.log", work);
	char *script = xasprintf("%s/scan/freeze.py", work);
	char *jobs_path = xasprintf("%s/jobs.txt", wdir);
	char **bases = xcalloc(n ? n : 1, sizeof(*bases));
	char **keys = xcalloc(n ? n : 1, sizeof(*keys));
	char **c_files = xcalloc(n ? n : 1, sizeof(*c_files));
	char **objects = xcalloc(n ? n : 1, sizeof(*objects));
	size_t *todo = xcalloc(n ? n : 1, sizeof(*todo));
	size_t ntodo = 0, nc = 0, frozen = 0, i;
	struct buf jobs = {0};
	char gen_hex[65], *manifest, *headers;

	if (!gen)
		die("src/scan/freeze.py is not carried inside slither (a slither bug: please report)");
	if (mkdir_p(dir) < 0)
		die("cannot create %s:", dir);
	if (mkdir_p(wdir) < 0)
		die("cannot create %s:", wdir);
	sha256_hex(gen->data, (size_t)(gen->end - gen->data), gen_hex);
	{
		char *k = xasprintf("%s\n%s\n%s\n%s\n%s\n", FROZEN_VERSION, gen_hex, tc->key, tc->cc,
				    cc_version(tc->cc));
		manifest = headers_manifest("frozen", k);
		free(k);
	}
	/* NULL: no module's object is known good */
	headers = headers_state(manifest);

	/* what the cache holds already */
	for (i = 0; i < n; i++) {
		char hex[65];

		bases[i] = xasprintf("%s\n%s\n%s\n%s\n%s\n%s\n%s\n", FROZEN_VERSION, gen_hex, tc->key,
				     tc->cc, cc_version(tc->cc), m[i].name, m[i].code_sha);
		m[i].symbol = code_symbol(m[i].name);
		keys[i] = headers ? cache_entry("frozen", bases[i], headers, ".o") : NULL;
		/* a cached object is marked used now; the C and object files
		 * of the others are named by the key without the headers,
		 * since an object records its source's name, which must not
		 * depend on what else this build holds nor on what an earlier
		 * one did */
		if (!keys[i] || (utimensat(AT_FDCWD, keys[i], NULL, 0) < 0 && !path_exists(keys[i]))) {
			sha256_hex(bases[i], strlen(bases[i]), hex);
			todo[ntodo++] = i;
			buf_printf(&jobs, "%s\t%s\t%s/%s.c\t%s\n", m[i].name, m[i].code_file, wdir, hex,
				   m[i].symbol);
		}
	}

	if (ntodo) {
		char *av[] = {tc->python, "-s", "-S", script, jobs_path, NULL};
		struct buf out = {0};
		char *base[] = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", NULL};
		char **env = toolchain_python_env(tc, base);

		progress_phase(xasprintf("deep-freeze %zu modules' byte-code (%zu cached; log %s)",
					 ntodo, n - ntodo, log));
		embed_extract(work, "src/scan/");
		if (write_file_atomic(jobs_path, jobs.data, jobs.len) < 0)
			die("cannot write %s:", jobs_path);
		if (run_capture(av, NULL, env, log, &out) != 0) {
			print_tail(log, 20);
			die("deep-freezing byte-code failed (a slither bug: please report); the "
			    "full log is %s", log);
		}
		buf_release(&out);	/* "skip NAME: why" lines; those modules stay marshalled */
		argv_free(env);
		for (i = 0; i < ntodo; i++) {
			char hex[65], *c;

			sha256_hex(bases[todo[i]], strlen(bases[todo[i]]), hex);
			c = xasprintf("%s/%s.c", wdir, hex);
			if (!path_exists(c)) {
				free(c);
				continue;
			}
			c_files[nc] = c;
			objects[nc] = xasprintf("%s/%s.o", wdir, hex);
			todo[nc++] = todo[i];
		}
		compile_all(tc, work, c_files, objects, nc, log);
		/* into the cache, each by rename, under the headers read */
		if (nc) {
			headers_record(manifest, NULL, objects, nc);
			free(headers);
			if (!(headers = headers_state(manifest)))
				die("a header the deep-frozen byte-code was compiled with (%s lists "
				    "them) vanished during the build; build again", manifest);
		}
		for (i = 0; i < nc; i++) {
			size_t k = todo[i];
			struct buf o = {0};

			free(keys[k]);
			keys[k] = cache_entry("frozen", bases[k], headers, ".o");
			if (read_file(objects[i], &o) < 0 || write_file_atomic(keys[k], o.data, o.len) < 0)
				die("cannot store %s in the cache as %s:", objects[i], keys[k]);
			buf_release(&o);
		}
		progress_done();
	}

	{
		struct prune_rule r = {.suffix = ".o", .days = CACHE_UNUSED_DAYS};
		cache_prune(dir, &r);
	}
	for (i = 0; i < n; i++) {
		free(bases[i]);
		if (keys[i] && path_exists(keys[i])) {
			m[i].object = keys[i];
			frozen++;
		} else {
			free(m[i].symbol);
			m[i].symbol = NULL;
			free(keys[i]);
		}
	}
	for (i = 0; i < nc; i++) {
		free(c_files[i]);
		free(objects[i]);
	}
	free(c_files);
	free(objects);
	free(keys);
	free(bases);
	free(headers);
	free(manifest);
	free(todo);
	buf_release(&jobs);
	free(jobs_path);
	free(script);
	free(log);
	free(wdir);
	free(dir);
	free(cache);
	return frozen;
}
