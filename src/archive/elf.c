/* Reading a 64-bit little-endian ELF image (see elf.h),
 * decoding bytes rather than casting, since the image may sit anywhere. */
#include "archive/elf.h"

#include <stdint.h>
#include <string.h>

/* Offsets of the fields we use in the ELF header and a section header
 * (System V ABI, ELF-64). */
enum {
	EI_CLASS = 4,
	EI_DATA = 5,
	ELFCLASS64 = 2,
	ELFDATA2LSB = 1,
	EHDR_SIZE = 64,
	E_SHOFF = 0x28,
	E_SHENTSIZE = 0x3a,
	E_SHNUM = 0x3c,
	E_SHSTRNDX = 0x3e,
	SHDR_SIZE = 64,
	SH_NAME = 0,
	SH_TYPE = 4,
	SH_OFFSET = 24,
	SH_SIZE = 32,
	SH_LINK = 40,
	SH_INFO = 44,
	SH_ENTSIZE = 56,
	E_TYPE = 0x10,
	E_MACHINE = 0x12,
	SHT_SYMTAB = 2,
	SHT_SYMTAB_SHNDX = 18,
	SHT_NOBITS = 8,
	SYM_SIZE = 24,		/* Elf64_Sym: name, info, other, shndx, value, size */
	ST_NAME = 0,
	ST_INFO = 4,
	ST_SHNDX = 6,
	SHN_UNDEF = 0,
	SHN_XINDEX = 0xffff,
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

int sl_elf_is_elf(const void *base, size_t size)
{
	return size >= 4 && memcmp(base, "\177ELF", 4) == 0;
}

/* The file bytes of section header `sh`, checked to lie inside the image. */
static int section_bytes(const unsigned char *sh, size_t size, uint64_t *off, uint64_t *len)
{
	*off = le64(sh + SH_OFFSET);
	*len = le64(sh + SH_SIZE);
	if (le32(sh + SH_TYPE) == SHT_NOBITS)
		*len = 0;
	return *off <= size && *len <= size - *off;
}

enum sl_elf_status sl_elf_open(struct sl_elf *e, const void *base, size_t size)
{
	const unsigned char *b = base;
	uint64_t shoff, shnum, shstrndx;
	size_t shentsize;

	memset(e, 0, sizeof(*e));
	e->base = b;
	e->size = size;
	if (!sl_elf_is_elf(b, size))
		return SL_ELF_NOT_ELF;
	if (size < EHDR_SIZE)
		return SL_ELF_CORRUPT;
	if (b[EI_CLASS] != ELFCLASS64 || b[EI_DATA] != ELFDATA2LSB)
		return SL_ELF_UNSUPPORTED;
	e->type = le16(b + E_TYPE);
	e->machine = le16(b + E_MACHINE);

	shoff = le64(b + E_SHOFF);
	shentsize = le16(b + E_SHENTSIZE);
	shnum = le16(b + E_SHNUM);
	shstrndx = le16(b + E_SHSTRNDX);
	if (shoff == 0)
		return SL_ELF_OK;	/* the section table was stripped: no sections */
	if (shentsize < SHDR_SIZE || shoff > size || shentsize > size - shoff)
		return SL_ELF_CORRUPT;

	/* With 0xff00 sections or more, the real count and string table index
	 * live in section 0 (the ELF "extended numbering"). */
	e->sh0 = b + shoff;
	if (shnum == 0)
		shnum = le64(e->sh0 + SH_SIZE);
	if (shstrndx == SHN_XINDEX)
		shstrndx = le32(e->sh0 + SH_LINK);
	if (shnum > (size - shoff) / shentsize)
		return SL_ELF_CORRUPT;
	if (shstrndx != SHN_UNDEF && shstrndx >= shnum)
		return SL_ELF_CORRUPT;
	e->shentsize = shentsize;
	e->shnum = (size_t)shnum;
	e->shstrndx = (size_t)shstrndx;
	return SL_ELF_OK;
}

void sl_elf_section(const struct sl_elf *e, size_t i, struct sl_elf_section *s)
{
	const unsigned char *sh = e->sh0 + i * e->shentsize;
	uint64_t off, len;

	memset(s, 0, sizeof(*s));
	if (i >= e->shnum)
		return;
	s->type = le32(sh + SH_TYPE);
	s->link = le32(sh + SH_LINK);
	s->info = le32(sh + SH_INFO);
	s->entsize = le64(sh + SH_ENTSIZE);
	s->name = e->shstrndx ? sl_elf_string(e, e->shstrndx, le32(sh + SH_NAME)) : NULL;
	if (s->type != SHT_NOBITS && section_bytes(sh, e->size, &off, &len)) {
		s->data = e->base + off;
		s->size = (size_t)len;
	}
}

const char *sl_elf_string(const struct sl_elf *e, size_t strtab, size_t off)
{
	const unsigned char *sh;
	uint64_t toff, tlen;

	if (strtab == SHN_UNDEF || strtab >= e->shnum)
		return NULL;
	sh = e->sh0 + strtab * e->shentsize;
	if (le32(sh + SH_TYPE) == SHT_NOBITS || !section_bytes(sh, e->size, &toff, &tlen) ||
	    off >= tlen || !memchr(e->base + toff + off, '\0', (size_t)(tlen - off)))
		return NULL;
	return (const char *)e->base + toff + off;
}

size_t sl_elf_find(const struct sl_elf *e, const char *name, struct sl_elf_section *s)
{
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		sl_elf_section(e, i, s);
		if (s->name && !strcmp(s->name, name))
			return i;
	}
	return 0;
}

size_t sl_elf_symbols(const struct sl_elf *e, struct sl_elf_symbols *t)
{
	struct sl_elf_section s;
	size_t i, n = 0;

	memset(t, 0, sizeof(*t));
	t->elf = e;
	for (i = 1; i < e->shnum; i++) {
		sl_elf_section(e, i, &s);
		if (s.type == SHT_SYMTAB && s.entsize == SYM_SIZE && s.data) {
			t->syms = s.data;
			t->strtab = s.link;
			n = s.size / SYM_SIZE;
			t->index = i;
			break;
		}
	}
	/* the section indices too big for st_shndx, when there are any */
	for (i = 1; n && i < e->shnum; i++) {
		sl_elf_section(e, i, &s);
		if (s.type == SHT_SYMTAB_SHNDX && s.link == t->index && s.data && s.size / 4 >= n)
			t->shndx = s.data;
	}
	t->count = n;
	return n;
}

void sl_elf_symbol(const struct sl_elf_symbols *t, size_t i, struct sl_elf_symbol *sym)
{
	const unsigned char *p = t->syms + i * SYM_SIZE;

	sym->name = sl_elf_string(t->elf, t->strtab, le32(p + ST_NAME));
	sym->bind = p[ST_INFO] >> 4;
	sym->shndx = le16(p + ST_SHNDX);
	if (sym->shndx == SHN_XINDEX)
		sym->shndx = t->shndx ? le32(t->shndx + i * 4) : 0;
}

enum sl_elf_status sl_elf_find_section(const void *base, size_t size, const char *name,
                                       size_t *off, size_t *len)
{
	struct sl_elf e;
	struct sl_elf_section s;
	enum sl_elf_status st = sl_elf_open(&e, base, size);

	if (st != SL_ELF_OK)
		return st;
	if (!e.shnum || !e.shstrndx)
		return SL_ELF_NO_SECTION;	/* stripped, or sections without names */
	sl_elf_section(&e, e.shstrndx, &s);
	if (!s.data)
		return SL_ELF_CORRUPT;
	if (!sl_elf_find(&e, name, &s))
		return SL_ELF_NO_SECTION;
	if (!s.data)
		return SL_ELF_CORRUPT;
	*off = (size_t)(s.data - e.base);
	*len = s.size;
	return SL_ELF_OK;
}

const char *sl_elf_strerror(enum sl_elf_status st)
{
	switch (st) {
	case SL_ELF_OK:
		return "no error";
	case SL_ELF_NOT_ELF:
		return "not an ELF file";
	case SL_ELF_UNSUPPORTED:
		return "not a 64-bit little-endian ELF file";
	case SL_ELF_CORRUPT:
		return "corrupted or truncated ELF file";
	case SL_ELF_NO_SECTION:
		return "no such section";
	}
	return "unknown ELF error";
}

const char *sl_elf_machine_name(int m)
{
	switch (m) {
	case SL_ELF_X86_64:
		return "x86-64";
	case SL_ELF_AARCH64:
		return "aarch64";
	default:
		return NULL;
	}
}
