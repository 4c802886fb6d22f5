/* Reading 64-bit little-endian ELF files, the one ELF reader of slither:
 * the section that holds the archive of an executable (`slither inspect`),
 * and what slither pip's extension objects are made of (src/ext: a shared
 * library's embedded object, the symbol table, COMDAT groups).  Files are
 * untrusted input, so every offset is checked, and nothing is cast from
 * the image's bytes; the fuzzer covers this. */
#ifndef SL_ELF_H
#define SL_ELF_H

#include <stddef.h>
#include <stdint.h>

enum sl_elf_status {
	SL_ELF_OK = 0,
	SL_ELF_NOT_ELF,		/* no ELF magic number */
	SL_ELF_UNSUPPORTED,	/* an ELF file, but not 64-bit little-endian */
	SL_ELF_CORRUPT,		/* a header, offset or size is impossible */
	SL_ELF_NO_SECTION,	/* no section of that name (or no section table) */
};

/* Whether the `size` bytes at `base` start with the ELF magic number. */
int sl_elf_is_elf(const void *base, size_t size);

/* Find the section called `name` in the ELF image of `size` bytes at `base`;
 * on SL_ELF_OK its bytes are [base+*off, base+*off+*len), inside the image. */
enum sl_elf_status sl_elf_find_section(const void *base, size_t size, const char *name,
                                       size_t *off, size_t *len);

/* A checked view of an image's section table. */
struct sl_elf {
	const unsigned char *base;
	size_t size;
	int type;		/* e_type: SL_ELF_REL, SL_ELF_DYN, ... */
	int machine;		/* e_machine: SL_ELF_X86_64, SL_ELF_AARCH64, ... */
	const unsigned char *sh0;	/* the section headers */
	size_t shentsize, shnum, shstrndx;	/* shnum 0: no section table */
};
#define SL_ELF_REL 1
#define SL_ELF_DYN 3
#define SL_ELF_X86_64 62
#define SL_ELF_AARCH64 183

/* The processor of e_machine `m` ("x86-64", "aarch64"), or NULL (static). */
const char *sl_elf_machine_name(int m);

/* Open the image of `size` bytes at `base`; SL_ELF_OK with shnum 0 when
 * its section table was stripped. */
enum sl_elf_status sl_elf_open(struct sl_elf *e, const void *base, size_t size);

struct sl_elf_section {
	const char *name;	/* NULL if it has none in the image */
	uint32_t type, link, info;
	uint64_t entsize;
	const unsigned char *data;	/* NULL if not in the image (NOBITS, or out of bounds) */
	size_t size;
};
/* Section `i` (< e->shnum) into `s`; all zero for another i. */
void sl_elf_section(const struct sl_elf *e, size_t i, struct sl_elf_section *s);
/* The index of the first section called `name`, filled into `s`; 0 if none. */
size_t sl_elf_find(const struct sl_elf *e, const char *name, struct sl_elf_section *s);
/* The NUL-terminated string at `off` of string-table section `strtab`, or
 * NULL if it does not lie inside the image. */
const char *sl_elf_string(const struct sl_elf *e, size_t strtab, size_t off);

/* The symbol table (SHT_SYMTAB) of an image. */
struct sl_elf_symbols {
	const struct sl_elf *elf;
	const unsigned char *syms, *shndx;	/* shndx: its SHT_SYMTAB_SHNDX, or NULL */
	size_t count, index, strtab;		/* symbols; the table's section; its names' */
};
struct sl_elf_symbol {
	const char *name;	/* NULL if it does not lie inside the image */
	int bind;		/* STB_LOCAL 0, STB_GLOBAL 1, STB_WEAK 2, ... */
	size_t shndx;		/* its section, extended indices resolved (0: undefined) */
};
/* Find the symbol table: the number of symbols (0 if none). */
size_t sl_elf_symbols(const struct sl_elf *e, struct sl_elf_symbols *t);
/* Symbol `i` (< t->count). */
void sl_elf_symbol(const struct sl_elf_symbols *t, size_t i, struct sl_elf_symbol *sym);

/* A static English sentence for a status. */
const char *sl_elf_strerror(enum sl_elf_status st);

#endif
