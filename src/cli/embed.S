/* The files ./slither carries inside itself and writes out when it builds
 * an app: the runtime's sources (compiled against each toolchain) and the
 * scanner.  Paths are relative to the top of the source tree, where make
 * runs; the list matches EMBEDDED in the Makefile.  Read through
 * src/cli/embed.h. */

	.macro EMBED id, path
	.section .rodata
	.balign 8
\id\()_data:
	.incbin "\path"
\id\()_end:
	.byte 0
\id\()_name:
	.asciz "\path"
	.section .data.rel.ro
	.quad \id\()_name, \id\()_data, \id\()_end
	.endm

	.section .data.rel.ro
	.balign 8
	.globl sl_embedded
sl_embedded:
	EMBED f0, "src/archive/archive.h"
	EMBED f1, "src/archive/archive_read.c"
	EMBED f2, "src/runtime/runtime.h"
	EMBED f3, "src/runtime/main.c"
	EMBED f4, "src/runtime/importer.c"
	EMBED f5, "src/runtime/quiet.c"
	EMBED f6, "src/scan/scan.py"
	EMBED f7, "src/archive/crc32_tables.h"
	EMBED f8, "src/runtime/collective.c"
	EMBED f9, "src/runtime/mpi.c"
	EMBED f10, "src/runtime/mpi_none.c"
	EMBED f11, "src/runtime/mpi_udev.c"
	EMBED f12, "src/runtime/py/slither.py"
	EMBED f13, "src/runtime/nss.c"
	EMBED f14, "src/scan/freeze.py"
	EMBED f15, "src/toolchain/cpython-3.11.patch"
	EMBED f16, "src/runtime/role.c"
	EMBED f17, "src/runtime/importer.h"
	EMBED f18, "src/runtime/run.c"
	EMBED f19, "src/runtime/code.c"
	EMBED f20, "src/runtime/files.c"
	EMBED f21, "src/runtime/resources.c"
	EMBED f22, "src/runtime/extension.c"
	EMBED f23, "src/runtime/hooks.c"
	EMBED f24, "src/runtime/notfound.c"
	.section .data.rel.ro
	.quad 0, 0, 0

	.section .note.GNU-stack,"",@progbits
