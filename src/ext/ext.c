/* Extension objects (see ext.h): the partial link behind `slither pip`'s
 * shim, and the isolation of each object before `slither build`'s final
 * link.  The ELF reading here is of objects the user's own build just
 * made, but every offset is still checked before it is used. */
#include "ext/ext.h"

#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/alloc.h"
#include "lib/argv.h"
#include "lib/buf.h"
#include "lib/file.h"
#include "lib/msg.h"
#include "lib/proc.h"
#include "archive/elf.h"
#include "ext/pcfile.h"

/* The relocatable object in the file `p` (`size` bytes), opened into `e`:
 * the file itself, or the object a shared library made by slither pip
 * carries in SLITHER_OBJ_SECTION.  The file's kind. */
static enum ext_kind ext_object(const unsigned char *p, size_t size, struct sl_elf *e)
{
	struct sl_elf_section s;

	if (sl_elf_open(e, p, size) != SL_ELF_OK)
		return EXT_NOT_ELF;
	if (e->type == SL_ELF_DYN) {
		if (!sl_elf_find(e, SLITHER_OBJ_SECTION, &s) || !s.data)
			return EXT_SHARED;
		if (sl_elf_open(e, s.data, s.size) != SL_ELF_OK || e->type != SL_ELF_REL)
			return EXT_NOT_ELF;
	} else if (e->type != SL_ELF_REL) {
		return EXT_NOT_ELF;
	}
	return sl_elf_find(e, SLITHER_EXT_SECTION, &s) ? EXT_OBJECT : EXT_FOREIGN_OBJECT;
}

enum ext_kind ext_file_kind(const char *path)
{
	struct buf b = {0};
	struct sl_elf e;
	enum ext_kind k = EXT_NOT_ELF;

	if (read_file(path, &b) == 0)
		k = ext_object((const unsigned char *)b.data, b.len, &e);
	buf_release(&b);
	return k;
}

/* --- the partial link (slither pip's shim) ----------------------------- */

/* The libraries of the C and C++ runtime.  They are linked once into the
 * final executable (whose link already has most of them), never copied
 * into an extension's object: a private copy of libc's or libstdc++'s
 * global state would be a second one that disagrees with the first.
 * A NULL flag means there is nothing to add (always linked). */
static const struct {
	const char *name, *flag;
} runtime_libs[] = {
	{"c", NULL},		{"gcc", NULL},		  {"gcc_s", NULL},
	{"gcc_eh", NULL},	{"m", "-lm"},		  {"pthread", "-lpthread"},
	{"dl", "-ldl"},		{"rt", "-lrt"},		  {"util", "-lutil"},
	{"resolv", "-lresolv"}, {"crypt", "-lcrypt"},	  {"stdc++", "-lstdc++"},
	{"atomic", "-latomic"}, {"gfortran", "-lgfortran"}, {"quadmath", "-lquadmath"},
	{"gomp", "-lgomp"},
	/* MPI: linked once, by the final link of an --mpi build; a copy in
	 * the extension would be a second MPI that nobody initialised */
	{"mpich", "-lmpich"},	{"mpi", "-lmpich"},
};

/* Is -l`name` a runtime library?  Sets `*flag` (NULL: add nothing). */
static int runtime_lib(const char *name, const char **flag)
{
	size_t i;

	/* libpython: the final link has the toolchain's own */
	if (!strncmp(name, "python", 6)) {
		*flag = NULL;
		return 1;
	}
	for (i = 0; i < LEN(runtime_libs); i++)
		if (!strcmp(name, runtime_libs[i].name)) {
			*flag = runtime_libs[i].flag;
			return 1;
		}
	return 0;
}

static int is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The path of `file` (libfoo.a) in the -L directories, then in `more`
 * (directories the libraries' .pc files name), then in the compiler's
 * search path; NULL if there is none. */
static char *find_lib_file(const struct ext_link *l, char *const *more, size_t n_more,
                           const char *file)
{
	struct buf out = {0};
	char *arg, *found = NULL;
	size_t i;

	for (i = 0; i < l->n_libdirs + n_more; i++) {
		const char *dir = i < l->n_libdirs ? l->libdirs[i] : more[i - l->n_libdirs];
		char *p = xasprintf("%s/%s", dir, file);
		if (is_regular(p))
			return p;
		free(p);
	}
	/* the compiler prints the bare name back when it has no such file */
	arg = xasprintf("-print-file-name=%s", file);
	{
		char *argv[] = {(char *)l->cc, arg, NULL};
		if (run_capture(argv, NULL, NULL, "/dev/null", &out) == 0) {
			out.data[strcspn(out.data, "\n")] = '\0';
			if (strchr(out.data, '/') && is_regular(out.data))
				found = xstrdup(out.data);
		}
	}
	buf_release(&out);
	free(arg);
	return found;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* A shared library given as an input: libfoo.so or libfoo.so.1.2 */
static int is_shared_name(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return ends_with(base, ".so") || strstr(base, ".so.") != NULL;
}

/* Is "lib FLAG" one of the lines of the note `text`? */
static int has_line(const char *text, const char *flag)
{
	size_t n = strlen(flag);
	const char *p;

	for (p = text; p && (p = strstr(p, "lib ")); p += 4)
		if ((p == text || p[-1] == '\n') && !strncmp(p + 4, flag, n) && p[4 + n] == '\n')
			return 1;
	return 0;
}

/* The compiler runtimes a static library written in another language
 * than the extension needs in the final link, told by the symbols it
 * leaves undefined: C++ (ICU, under libxml2: operator new, __cxa_throw,
 * std::...) and Fortran (OpenBLAS's LAPACK, reference LAPACK, any f2py
 * extension: _gfortran_*, whose runtime needs libquadmath in turn). */
static const struct {
	const char *prefix;
	const char *libs;	/* note lines, in link order */
} runtime_symbols[] = {
	{"_Z", "lib -lstdc++\nlib -lm\n"},
	{"__cxa_", "lib -lstdc++\nlib -lm\n"},
	{"__gxx_personality", "lib -lstdc++\nlib -lm\n"},
	{"_gfortran_", "lib -lgfortran\nlib -lquadmath\nlib -lm\n"},
	{"quadmath_", "lib -lquadmath\n"},
};

/* Add to `note` the runtime libraries (runtime_symbols) that the
 * relocatable object at `path` needs and the note lacks. */
static void add_runtimes(const char *path, struct buf *note)
{
	struct buf b = {0};
	struct sl_elf e;
	struct sl_elf_symbols t;
	size_t i, r, n;
	unsigned found = 0;

	if (read_file(path, &b) < 0 || sl_elf_open(&e, b.data, b.len) != SL_ELF_OK)
		goto out;
	n = sl_elf_symbols(&e, &t);
	for (i = 1; i < n; i++) {
		struct sl_elf_symbol sym;
		sl_elf_symbol(&t, i, &sym);
		if (sym.shndx != SHN_UNDEF || sym.bind == STB_LOCAL)
			continue;
		for (r = 0; sym.name && r < LEN(runtime_symbols); r++)
			if (!strncmp(sym.name, runtime_symbols[r].prefix,
			             strlen(runtime_symbols[r].prefix)))
				found |= 1u << r;
	}
	for (r = 0; r < LEN(runtime_symbols); r++) {
		char *lines, *line, *save = NULL;
		if (!(found & 1u << r))
			continue;
		lines = xstrdup(runtime_symbols[r].libs);
		for (line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (!has_line(note->data, line + 4))
				buf_printf(note, "%s\n", line);
		free(lines);
	}
out:
	buf_release(&b);
}

/* Is `s` one of the `n` strings of `v`? */
static int has_str(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

/* Push the directory `dir` (taken over) onto `*dirs` unless it is there. */
static void argv_push_dir(char ***dirs, size_t *n, char *dir)
{
	if (!has_str(*dirs, *n, dir))
		argv_push(dirs, n, dir);
	free(dir);
}

/* The directory part of `path` with symbolic links resolved, and its
 * last component kept (libfoo.so is a link to libfoo.so.1, owned by
 * another package); newly allocated, or NULL. */
static char *canonical_dir_path(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/'), *dir, *out = NULL;

	if (slash) {
		*slash = '\0';
		if ((dir = realpath(*copy ? copy : "/", NULL))) {
			out = xasprintf("%s/%s", dir, slash + 1);
			free(dir);
		}
	}
	free(copy);
	return out;
}

/* Die for -l`name`, which has no static archive `file`; `why` says which
 * -l pulled it in ("" for one on the link line).  A hint only: the
 * shared library that is there instead and the Debian package that ships
 * it (dpkg -S). */
static _Noreturn void no_static_lib(const struct ext_link *l, char *const *more, size_t n_more,
                                    const char *name, const char *file, const char *why)
{
	char *so = NULL, *shared = NULL, *canon = NULL, *pkg = NULL;
	const char *via = *why ? " (" : "", *via_end = *why ? ")" : "";

	if (name[0] != ':' && ends_with(file, ".a")) {
		so = xasprintf("%.*s.so", (int)(strlen(file) - 2), file);
		shared = find_lib_file(l, more, n_more, so);
	}
	if (shared && (canon = canonical_dir_path(shared))) {
		struct buf out = {0};
		char *argv[] = {"dpkg", "-S", canon, NULL};
		/* "libxslt1-dev:amd64: /usr/lib/x86_64-linux-gnu/libxslt.so" */
		if (run_capture(argv, NULL, NULL, "/dev/null", &out) == 0 && out.data &&
		    strstr(out.data, ": ")) {
			out.data[strcspn(out.data, ":,")] = '\0';
			pkg = xstrdup(out.data);
		}
		buf_release(&out);
	}
	if (pkg)
		die("extension '%s' links -l%s%s%s%s, which has no static library %s: Debian's %s "
		    "ships only the shared %s; build the library from source as a static one "
		    "(configure --enable-static) and name its directory with -L or PKG_CONFIG_PATH",
		    l->module, name, via, why, via_end, file, pkg, canon);
	if (shared)
		die("extension '%s' links -l%s%s%s%s, which has no static library %s, only the "
		    "shared %s; build it statically and name its directory with -L or "
		    "PKG_CONFIG_PATH",
		    l->module, name, via, why, via_end, file, canon ? canon : shared);
	die("extension '%s' links -l%s%s%s%s, which has no static library %s; install its "
	    "-dev package or build it statically",
	    l->module, name, via, why, via_end, file);
}

/* The directories searched for the .pc file of a static library found at
 * `archive`: first its own directory's pkgconfig/ (the .pc that goes with
 * that very archive), then those of the -L directories, then pkg-config's
 * own search path (PKG_CONFIG_PATH, then PKG_CONFIG_LIBDIR or the default
 * directories, with the compiler's multiarch name). */
static void pc_search_dirs(const struct ext_link *l, const char *archive, char *const *more,
                           size_t n_more, char ***dirs, size_t *n)
{
	static char *multiarch;
	const char *env;
	char *dir = xstrdup(archive), *slash = strrchr(dir, '/'), *copy, *w, *save = NULL;
	size_t i;

	if (slash) {
		*slash = '\0';
		argv_push_dir(dirs, n, xasprintf("%s/pkgconfig", dir));
	}
	free(dir);
	for (i = 0; i < l->n_libdirs + n_more; i++)
		argv_push_dir(dirs, n,
			      xasprintf("%s/pkgconfig", i < l->n_libdirs ? l->libdirs[i]
								: more[i - l->n_libdirs]));
	if ((env = getenv("PKG_CONFIG_PATH"))) {
		copy = xstrdup(env);
		for (w = strtok_r(copy, ":", &save); w; w = strtok_r(NULL, ":", &save))
			argv_push_dir(dirs, n, xstrdup(w));
		free(copy);
	}
	if ((env = getenv("PKG_CONFIG_LIBDIR"))) {
		copy = xstrdup(env);
		for (w = strtok_r(copy, ":", &save); w; w = strtok_r(NULL, ":", &save))
			argv_push_dir(dirs, n, xstrdup(w));
		free(copy);
		return;
	}
	if (!multiarch) {
		struct buf out = {0};
		char *argv[] = {(char *)l->cc, "-print-multiarch", NULL};
		if (run_capture(argv, NULL, NULL, "/dev/null", &out) == 0 && out.data)
			out.data[strcspn(out.data, "\n")] = '\0';
		multiarch = xstrdup(out.data && *out.data ? out.data : "");
		buf_release(&out);
	}
	for (i = 0; i < 2; i++) {
		const char *prefix = i ? "/usr" : "/usr/local";
		if (*multiarch)
			argv_push_dir(dirs, n, xasprintf("%s/lib/%s/pkgconfig", prefix, multiarch));
		argv_push_dir(dirs, n, xasprintf("%s/lib/pkgconfig", prefix));
		argv_push_dir(dirs, n, xasprintf("%s/share/pkgconfig", prefix));
	}
}

/* The archives for the link line's -l flags (appended to `*archives`),
 * and the toolchain's runtime libraries recorded in `note` instead.  A
 * static library comes with what it needs in turn: the .pc file whose
 * Libs names it gives the closure of its Libs.private, Requires and
 * Requires.private, as `pkg-config --static --libs` does, and every
 * library found that way is looked up the same way (libexslt.pc names
 * -lgcrypt, whose libgcrypt.pc requires gpg-error). */
static void static_libs(const struct ext_link *l, struct buf *note, char ***archives, size_t *na)
{
	struct pc_db *db = pc_db_new();
	char **names = NULL, **whys = NULL, **more = NULL;
	size_t nn = 0, nw = 0, nmore = 0, i, k;

	for (i = 0; i < l->n_libs; i++)
		if (!has_str(names, nn, l->libs[i])) {
			argv_push(&names, &nn, l->libs[i]);
			argv_push(&whys, &nw, "");
		}
	for (i = 0; i < nn; i++) {
		const char *name = names[i], *why = whys[i], *flag, *pcfile, *who, *mod;
		char *file, *path, *libname, *missing;
		char **dirs = NULL, **words = NULL, **via = NULL;
		size_t nd = 0, nwords = 0;

		if (name[0] != ':' && runtime_lib(name, &flag)) {
			if (flag && !has_line(note->data, flag))
				buf_printf(note, "lib %s\n", flag);
			continue;
		}
		file = name[0] == ':' ? xstrdup(name + 1) : xasprintf("lib%s.a", name);
		if (name[0] == ':' && is_shared_name(file))
			die("extension '%s' links -l%s, a shared library, which cannot go into a "
			    "static binary; link its static archive (.a) instead",
			    l->module, name);
		path = find_lib_file(l, more, nmore, file);
		if (!path)
			no_static_lib(l, more, nmore, name, file, why);
		if (!has_str(*archives, *na, path))
			argv_push(archives, na, path);

		/* what it needs in turn, from its .pc file */
		libname = name[0] != ':' ? xstrdup(name)
		          : !strncmp(file, "lib", 3) && ends_with(file, ".a")
		                  ? xasprintf("%.*s", (int)(strlen(file) - 5), file + 3)
		                  : NULL;
		pc_search_dirs(l, path, more, nmore, &dirs, &nd);
		mod = libname ? pc_find_lib(db, dirs, nd, libname, &pcfile) : NULL;
		if (!mod)
			goto next;
		missing = pc_static_libs(db, dirs, nd, mod, &words, &nwords, &via, &who);
		if (missing)
			die("extension '%s' links -l%s, whose %s requires the pkg-config module "
			    "'%s'%s%s%s, which has no .pc file; install its -dev package or add its "
			    "directory to PKG_CONFIG_PATH",
			    l->module, name, pcfile, missing, strcmp(who, mod) ? " (through " : "",
			    strcmp(who, mod) ? who : "", strcmp(who, mod) ? ".pc)" : "");
		if (verbose)
			fprintf(stderr, "slither: ext-link: -l%s: %s (%s)\n", name, pcfile, mod);
		for (k = 0; k < nwords; k++) {
			const char *w = words[k], *dep = NULL;
			if (!strcmp(w, "-L") || !strcmp(w, "-l")) {
				if (k + 1 < nwords && w[1] == 'L' && !has_str(more, nmore, words[k + 1]))
					argv_push(&more, &nmore, words[k + 1]);
				else if (k + 1 < nwords)
					dep = words[k + 1];
				k++;
			} else if (!strncmp(w, "-L", 2)) {
				if (!has_str(more, nmore, w + 2))
					argv_push(&more, &nmore, w + 2);
			} else if (!strncmp(w, "-l", 2)) {
				dep = w + 2;
			} else if (!strcmp(w, "-pthread")) {
				dep = "pthread";
			} else if (w[0] == '/' && ends_with(w, ".a") && !has_str(*archives, *na, w)) {
				argv_push(archives, na, w);
			}
			if (dep && !has_str(names, nn, dep)) {
				char *how = xasprintf("needed by -l%s through %s%s%s", name, via[k],
						      *why ? ", " : "", why);
				argv_push(&names, &nn, dep);
				argv_push(&whys, &nw, how);
				free(how);
			}
		}
	next:
		argv_free(words);
		argv_free(via);
		argv_free(dirs);
		free(libname);
		free(path);
		free(file);
	}
	argv_free(names);
	argv_free(whys);
	argv_free(more);
	pc_db_free(db);
}

/* The package's own link line, its output the shared library the module
 * builder imports, with the relocatable object `object` inside (see ext.h):
 * 0 when it is in place at l->output, -1 when the line does not link
 * (then only the object serves, which slither build needs). */
static int shared_with_object(const struct ext_link *l, const char *object)
{
	char **av = NULL, *so = xasprintf("%s.so.tmp", object);
	char *section = xasprintf("%s=%s", SLITHER_OBJ_SECTION, object);
	size_t n = 0, i;
	int rc;

	for (i = 0; i < l->n_line; i++) {
		if (strncmp(l->line[i], "-o", 2)) {
			argv_push(&av, &n, l->line[i]);
			continue;
		}
		/* -o OUTPUT or -oOUTPUT: the temporary file instead */
		argv_push(&av, &n, "-o");
		argv_push(&av, &n, so);
		i += !l->line[i][2] && i + 1 < l->n_line;
	}
	rc = run(av, NULL, NULL, verbose ? NULL : "/dev/null");
	if (rc == 0) {
		char *objcopy = xasprintf("%sobjcopy", l->tools);
		char *argv[] = {objcopy, "--add-section", section, so, NULL};
		rc = run(argv, NULL, NULL, NULL);
		free(objcopy);
	}
	if (rc == 0 && rename(so, l->output) < 0)
		die("cannot move %s to %s:", so, l->output);
	if (rc != 0) {
		unlink(so);
		if (verbose)
			fprintf(stderr, "slither: extension '%s': its own link line does not link "
			        "(exit status %d), so the module builder cannot import it; slither "
			        "build links it all the same\n", l->module, rc);
	}
	argv_free(av);
	free(section);
	free(so);
	return rc == 0 ? 0 : -1;
}

void ext_partial_link(const struct ext_link *l)
{
	char **av = NULL, **archives = NULL;
	size_t n = 0, na = 0, i;
	struct buf note = {0};
	char *tmp, *note_path, *section;
	int rc;

	if (!l->output)
		die("extension '%s': the link line has no -o OUTPUT", l->module);
	buf_puts(&note, "slither-ext 1\n");
	if (l->cxx)
		buf_puts(&note, "lib -lstdc++\nlib -lm\n");
	for (i = 0; i < l->n_inputs; i++) {
		const char *in = l->inputs[i];
		if (is_shared_name(in))
			die("extension '%s' links the shared library %s, which cannot go into a "
			    "static binary; link its static archive (.a) instead",
			    l->module, in);
		if (ends_with(in, ".a"))
			argv_push(&archives, &na, in);
	}
	static_libs(l, &note, &archives, &na);

	tmp = xasprintf("%s.slither-tmp.%ld", l->output, (long)getpid());
	note_path = xasprintf("%s.note", tmp);
	argv_push_fmt(&av, &n, "%sld", l->tools);
	argv_push(&av, &n, "-r");
	argv_push(&av, &n, "-d");	/* common symbols get space, so they can be made local */
	argv_push(&av, &n, "-o");
	argv_push(&av, &n, tmp);
	for (i = 0; i < l->n_inputs; i++)
		if (!ends_with(l->inputs[i], ".a"))
			argv_push(&av, &n, l->inputs[i]);
	if (na) {
		argv_push(&av, &n, "--start-group");
		for (i = 0; i < na; i++)
			argv_push(&av, &n, archives[i]);
		argv_push(&av, &n, "--end-group");
	}
	if (verbose) {
		fprintf(stderr, "slither: ext-link:");
		for (i = 0; i < n; i++)
			fprintf(stderr, " %s", av[i]);
		fputc('\n', stderr);
	}
	rc = run(av, NULL, NULL, NULL);
	if (rc == 0 && l->record) {
		struct buf rec = {0};
		int fd = open(l->record, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		char *cwd = getcwd(NULL, 0);
		size_t ncwd = cwd ? strlen(cwd) : 0;
		for (i = 0; i < na; i++) {
			char *abs = realpath(archives[i], NULL);
			/* an archive of the package's own build tree (numpy's
			 * libnpymath.a) is made from the sources the cache key
			 * hashes, and is gone after the build: not an input */
			if (!(abs && cwd && !strncmp(abs, cwd, ncwd) && abs[ncwd] == '/'))
				buf_printf(&rec, "archive %s\n", abs ? abs : archives[i]);
			free(abs);
		}
		free(cwd);
		if (fd < 0 || write(fd, rec.data ? rec.data : "", rec.len) != (ssize_t)rec.len)
			die("cannot write %s:", l->record);
		close(fd);
		buf_release(&rec);
	}
	if (rc != 0) {
		unlink(tmp);
		die("extension '%s': the partial link (ld -r) failed with exit status %d%s", l->module,
		    rc, rc == 127 ? "; is binutils installed?" : "");
	}
	argv_free(av);
	add_runtimes(tmp, &note);

	if (write_file_atomic(note_path, note.data, note.len) < 0)
		die("cannot write %s:", note_path);
	section = xasprintf("%s=%s", SLITHER_EXT_SECTION, note_path);
	{
		char *objcopy = xasprintf("%sobjcopy", l->tools);
		char *argv[] = {objcopy, "--add-section", section, tmp, NULL};
		rc = run(argv, NULL, NULL, NULL);
		free(objcopy);
	}
	unlink(note_path);
	if (rc != 0) {
		unlink(tmp);
		die("extension '%s': objcopy failed with exit status %d%s", l->module, rc,
		    rc == 127 ? "; is binutils installed?" : "");
	}
	if (l->line && shared_with_object(l, tmp) == 0) {
		unlink(tmp);
	} else if (rename(tmp, l->output) < 0) {
		unlink(tmp);
		die("cannot move %s to %s:", tmp, l->output);
	}
	free(section);
	free(note_path);
	free(tmp);
	argv_free(archives);
	buf_release(&note);
}

/* --- isolation (slither build) ----------------------------------------- */

static int ident_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

char *ext_init_symbol(const char *dotted)
{
	struct buf b = {0};
	const char *p = dotted;

	buf_puts(&b, "_slither_init_");
	for (;;) {
		size_t n = 0;
		while (p[n] && p[n] != '.') {
			if (!ident_char(p[n], n == 0)) {
				buf_release(&b);
				return NULL;
			}
			n++;
		}
		if (n == 0) {
			buf_release(&b);
			return NULL;
		}
		buf_printf(&b, "%zu%.*s", n, (int)n, p);
		if (!p[n])
			break;
		p += n + 1;
	}
	return b.data;
}

/* Is `word` one of the blank-separated words of `list`? */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The link flags listed in the object's slither section (see ext.h). */
static char *note_libs(const char *dotted, const char *object, const unsigned char *d,
                       size_t len)
{
	char *text = xmalloc(len + 1), *line, *save = NULL;
	struct buf libs = {0};
	int first = 1;

	memcpy(text, d, len);
	text[len] = '\0';
	buf_puts(&libs, "");
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (first) {
			if (strcmp(line, "slither-ext 1"))
				die("extension '%s' (%s) was made by another version of slither pip; "
				    "rebuild it with this one",
				    dotted, object);
			first = 0;
		} else if (!strncmp(line, "lib ", 4) && line[4] == '-') {
			if (!has_word(libs.data, line + 4))	/* each flag once */
				buf_printf(&libs, "%s%s", libs.len ? " " : "", line + 4);
		}
	}
	if (first)
		die("extension '%s' (%s): its %s section is empty; rebuild it with slither pip",
		    dotted, object, SLITHER_EXT_SECTION);
	free(text);
	return libs.data;
}

void ext_isolate(const char *object, const char *dotted, const char *out, char **init,
                 char **libs, const char *tools)
{
	struct buf file = {0}, locals = {0};
	struct sl_elf e;
	struct sl_elf_section s;
	struct sl_elf_symbols t;
	size_t i, nsyms;
	unsigned char *comdat;
	const char *stem;
	char *pyinit, *newinit, *list, *redefine;
	int found_init = 0, rc;

	newinit = ext_init_symbol(dotted);
	if (!newinit)
		die("extension '%s' (%s): not an ASCII dotted module name; slither links only "
		    "those",
		    dotted, object);
	if (read_file(object, &file) < 0)
		die("cannot read %s (extension '%s'):", object, dotted);
	if (ext_object((const unsigned char *)file.data, file.len, &e) == EXT_SHARED)
		die("extension '%s' (%s) is a shared library, not made by slither pip; rebuild it "
		    "with slither pip", dotted, object);
	if (e.base != (const unsigned char *)file.data) {
		/* the object a shared library carries: objcopy works on a file */
		char *inner = xasprintf("%s.in", out);
		if (write_file_atomic(inner, (const char *)e.base, e.size) < 0)
			die("cannot write %s:", inner);
		object = inner;
	}
	if (e.type != SL_ELF_REL)
		die("extension '%s' (%s) is not a relocatable object; rebuild it with slither pip",
		    dotted, object);
	if (!sl_elf_find(&e, SLITHER_EXT_SECTION, &s) || !s.data)
		die("extension '%s' (%s) was not made by slither pip; rebuild it with slither pip",
		    dotted, object);
	*libs = note_libs(dotted, object, s.data, s.size);

	/* sections that belong to COMDAT groups */
	comdat = xcalloc(e.shnum ? e.shnum : 1, 1);
	for (i = 1; i < e.shnum; i++) {
		uint32_t flags, member;
		size_t k;

		sl_elf_section(&e, i, &s);
		if (s.type != SHT_GROUP || !s.data || s.size < 4)
			continue;
		memcpy(&flags, s.data, 4);
		for (k = 4; (flags & GRP_COMDAT) && k + 4 <= s.size; k += 4) {
			memcpy(&member, s.data + k, 4);
			if (member < e.shnum)
				comdat[member] = 1;
		}
	}
	nsyms = sl_elf_symbols(&e, &t);
	if (!nsyms)
		die("extension '%s' (%s) has no symbol table; rebuild it with slither pip", dotted,
		    object);

	stem = strrchr(dotted, '.');
	stem = stem ? stem + 1 : dotted;
	pyinit = xasprintf("PyInit_%s", stem);
	for (i = 1; i < nsyms; i++) {
		struct sl_elf_symbol sym;

		sl_elf_symbol(&t, i, &sym);
		if (sym.bind != STB_GLOBAL && sym.bind != STB_WEAK)
			continue;	/* local already; STB_GNU_UNIQUE is the linker's to merge */
		if (sym.shndx == SHN_UNDEF || sym.shndx == SHN_COMMON)
			continue;	/* references stay global; commons were given space by ld -d */
		if (!sym.name || !*sym.name)
			continue;
		if (!strcmp(sym.name, pyinit)) {
			found_init = sym.bind == STB_GLOBAL;
			continue;
		}
		if (sym.shndx < e.shnum && comdat[sym.shndx])
			continue;
		buf_printf(&locals, "%s\n", sym.name);
	}
	if (!found_init)
		die("extension '%s' (%s) defines no global function %s, so Python cannot load it "
		    "as module '%s'; is the file named after its module?",
		    dotted, object, pyinit, dotted);

	list = xasprintf("%s.locals", out);
	if (write_file_atomic(list, locals.len ? locals.data : "", locals.len) < 0)
		die("cannot write %s:", list);
	{
		/* objcopy fails, silently, on an empty --localize-symbols file */
		char *loc = xasprintf("--localize-symbols=%s", list);
		char *rm = xasprintf("--remove-section=%s", SLITHER_EXT_SECTION);
		char *objcopy = xasprintf("%sobjcopy", tools);
		char *argv[] = {objcopy, rm, "--redefine-sym", NULL, (char *)object, (char *)out,
				locals.len ? loc : NULL, NULL};
		redefine = xasprintf("%s=%s", pyinit, newinit);
		argv[3] = redefine;
		rc = run(argv, NULL, NULL, NULL);
		if (rc != 0)
			die("extension '%s': objcopy %s failed with exit status %d%s", dotted, object,
			    rc, rc == 127 ? "; is binutils installed?" : "");
		free(loc);
		free(rm);
		free(objcopy);
	}
	*init = newinit;
	free(redefine);
	free(list);
	free(pyinit);
	free(comdat);
	buf_release(&locals);
	buf_release(&file);
}
