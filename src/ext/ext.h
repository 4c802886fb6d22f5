/* Third-party C extensions as relocatable objects: what `slither pip`'s
 * link shim makes in place of each extension's shared library (a partial
 * link, `ld -r`, of its objects and the static libraries it names), and
 * how `slither build` isolates each one before the final link (every
 * symbol it defines made local but its init function, renamed after the
 * full dotted name).  CLI side only: these die with a message naming the
 * module on failure.
 *
 * An object made by the shim carries a section SLITHER_EXT_SECTION (not
 * loaded, removed again by ext_isolate()), text lines:
 *
 *     slither-ext 1
 *     lib -lstdc++        link flags for the final link, one a line: the
 *                         toolchain's runtime libraries (libc, libm,
 *                         libstdc++, ...) are never copied into an object
 *
 * Its presence is what tells an extension made by the shim from any other
 * file with a .so name.
 *
 * The file the shim writes under the extension's .so name is, whenever the
 * package's own link line links, that ordinary shared library, which the
 * module builder (a dynamic python, see toolchain.c) can import while
 * later builds run, carrying the relocatable object above whole in a
 * section SLITHER_OBJ_SECTION (not loaded); when it does not link (a -l
 * with a static library only), the file is the relocatable object itself.
 * slither build links the object either way.
 */
#ifndef SL_EXT_H
#define SL_EXT_H

#include <stddef.h>

#define SLITHER_EXT_SECTION ".slither_ext"
#define SLITHER_OBJ_SECTION ".slither_obj"

/* What a file named like an extension module holds. */
enum ext_kind {
	EXT_NOT_ELF = 0,	/* unreadable, not 64-bit ELF, or damaged */
	EXT_OBJECT,		/* made by `slither pip`: its object, or a shared library
				   carrying it */
	EXT_FOREIGN_OBJECT,	/* a relocatable object without slither's section */
	EXT_SHARED,		/* a shared library (ET_DYN): cannot be linked statically */
};

/* Classify the file at `path`. */
enum ext_kind ext_file_kind(const char *path);

/* A link line as a compiler driver would get it to make an extension's
 * shared library, reduced to what a partial link needs. */
struct ext_link {
	const char *output;	/* -o: keeps its .so name (see above) */
	char **line;		/* the whole link line, for the shared library: */
	size_t n_line;		/*   the compiler and its arguments; NULL: none */
	const char *module;	/* dotted name, for messages ("pkg._mod") */
	char **inputs;		/* objects (.o) and archives (.a), in order */
	size_t n_inputs;
	char **libdirs;		/* -L, in order */
	size_t n_libdirs;
	char **libs;		/* -l arguments ("foo", ":libfoo.a"), in order */
	size_t n_libs;
	int cxx;		/* linked as C++: the final link needs libstdc++ */
	const char *cc;		/* the real compiler, for its library search path */
	const char *tools;	/* the target's binutils prefix ("aarch64-linux-gnu-"
				   for ITS-objcopy, ITS-ld), "" for this machine's */
	const char *record;	/* NULL, or a file to append "archive PATH" lines to:
				   the static archives linked (slither pip's cache) */
};

/* Make `l->output` (see above) from a relocatable object: `ld -r` of the inputs and of the
 * static library (lib*.a) each -l names, searched in the -L directories
 * and then the compiler's own, and of the static libraries those need in
 * turn (found through pkg-config files: see static_libs() in ext.c); the
 * toolchain's runtime libraries are recorded for the final link instead,
 * libstdc++ too when an archive is C++.  Dies naming the module and the
 * library (and which -l pulled it in) when a library has no static
 * archive, or when an input is a shared library. */
void ext_partial_link(const struct ext_link *l);

/* The init function of module `dotted` after ext_isolate(), newly
 * allocated: "_slither_init_" followed by each dotted component prefixed
 * with its length in decimal (pkg.sub._mod -> _slither_init_3pkg3sub4_mod),
 * so that no two dotted names give the same symbol.  NULL if `dotted` is
 * not an ASCII dotted name. */
char *ext_init_symbol(const char *dotted);

/* Copy (with the binutils of prefix `tools`: "" or "aarch64-linux-gnu-")
 * the extension object `object` of module `dotted` to `out` with
 * every symbol it defines made local, but its PyInit_<last component>,
 * which is renamed to ext_init_symbol(dotted).  Symbols in COMDAT groups
 * (C++ inline functions and templates) stay global: the linker keeps one
 * copy of each group, and identical definitions may be shared.  Sets
 * `*init` to the new init symbol and `*libs` to the link flags the object
 * asks for (space-separated, possibly ""), both newly allocated. */
void ext_isolate(const char *object, const char *dotted, const char *out, char **init,
                 char **libs, const char *tools);

#endif
