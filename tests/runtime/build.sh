#!/bin/sh
# Build the runtime's test binaries into WORK (default /tmp/slither-rt):
#   t-script   the app in tests/runtime/app run as `python3 main.py`
#   t-module   the same app run as `python3 -m cli`
#   t-corrupt  t-script with module `bad`'s byte-code damaged
#   t-none     no entry point: an interpreter taking python's command line
#   t-badmagic, t-badroot, t-noenc   archives the runtime must refuse
# with the slither toolchain at TOOLCHAIN (a prefix made by `slither
# toolchain build`; its recipe gives the headers and libraries) and the
# interpreter PYTHON (default: the toolchain's own).
#   t-asan     t-script with AddressSanitizer and UBSan on the runtime and on
#              deep-frozen byte-code (src/scan/freeze.py) of the app's modules
#              and of some of the standard library's; ASan cannot link
#              statically, so this one links glibc dynamically
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${1:-/tmp/slither-rt}
tc=${TOOLCHAIN:?set TOOLCHAIN to a slither toolchain prefix}
xy=$(sed -n 's/^version \([0-9]*\.[0-9]*\).*/\1/p' "$tc/lib/slither/toolchain.txt")
py=${PYTHON:-$tc/bin/python$xy}
inc=$tc/include/python$xy
cflags="-O2 -g -std=gnu11 -Wall -Wextra -Wshadow -Wno-unused-parameter -I$inc -I$top/src"
san="-fsanitize=address,undefined -fno-omit-frame-pointer"
libs=$(sed -n 's/^libs //p' "$tc/lib/slither/toolchain.txt" | sed "s|\${prefix}|$tc|g")
mkdir -p "$work"
cd "$work"

# the runtime as link.c compiles it: every C file of src/runtime/, the
# one-process backend of src/runtime/mpi/ and the toolchain's CPython
# version's file of src/runtime/pyver/
rt=
for src in "$top"/src/runtime/*.c "$top/src/runtime/mpi/none.c" "$top/src/runtime/pyver/$xy.c"; do
	f=$(basename "$src" .c)
	case $src in */pyver/*) f=pyver-$f ;; esac
	gcc $cflags -Werror -c -o $f.o "$src"
	gcc $cflags $san -c -o asan-$f.o "$src"
	rt="$rt $f"
done
gcc $cflags -c -o archive_read.o "$top/src/archive/archive_read.c"
gcc $cflags $san -c -o asan-archive_read.o "$top/src/archive/archive_read.c"
gcc $cflags -c -o ext_single.o "$here/ext_single.c"
gcc $cflags -c -o ext_multi.o "$here/ext_multi.c"
gcc $cflags -D_GNU_SOURCE -o pack "$here/pack.c" "$top/src/archive/archive_write.c" \
	"$top/src/archive/manifest.c" \
	"$top/src/archive/archive_read.c" \
	$(for f in alloc buf file msg progress; do echo "$top/src/lib/$f.c"; done)

cat > gen_ext.c <<'C'
#include "runtime/runtime.h"
PyObject *sl_test_init_single(void);
PyObject *sl_test_init_multi(void);
const struct sl_static_ext _slither_extensions[] = {
	{"pkg._multi", sl_test_init_multi},
	{"pkg._single", sl_test_init_single},
	{NULL, NULL},
};
/* nothing deep-frozen: every module is unmarshalled */
const struct sl_frozen_code _slither_frozen_code[] = {{NULL, NULL}};
const size_t _slither_frozen_code_count = 0;
C
gcc $cflags -c -o gen_ext.o gen_ext.c

exts="--extension pkg._single=/slither/app/pkg/_single.cpython-311-x86_64-linux-gnu.so
 --extension pkg._multi=/slither/app/pkg/_multi.cpython-311-x86_64-linux-gnu.so
 --extension pkg._missing=/slither/app/pkg/_missing.so"
data="--data pkg/data.txt=$here/app/pkg/data.txt
 --data pkg.inner/res/deep.txt=$here/app/pkg/inner/res/deep.txt
 --data pkg/inner/res/deep2.txt=$here/app/pkg/inner/res/deep2.txt
 --data app/pkg/inner/res/deep3.txt=$here/app/pkg/inner/res/deep3.txt"
stdlib=$tc/lib/python$xy
"$py" "$here/mkmanifest.py" scan-script --app "$here/app" --stdlib "$stdlib" \
	--script main.py $exts $data
# the variants share scan-script's byte-code
variant() {	# variant DIR SED-SCRIPT
	rm -rf "$1"
	mkdir -p "$1"
	ln -sfn ../scan-script/code "$1/code"
	sed -e "$2" scan-script/manifest.txt > "$1/manifest.txt"
}
variant scan-module 's/^main\t.*/main\tmodule\tcli/; /^entry\t[a-z]*\t__main__\t/d'
variant scan-none 's/^main\t.*/main\tnone\t/'
variant scan-badmagic 's/^magic\t.*/magic\t0a0d0000/'
variant scan-badroot 's|^root\t.*|root\t/|'
variant scan-noenc '/^entry\tmodule\tencodings.utf_8\t/d'

# the C library's entry points the runtime wraps, as link.c finds them:
# each __wrap_SYM an object defines (nss.c, vfs.c)
wraps=$(nm --defined-only $(for f in $rt; do echo $f.o; done) |
	sed -n 's/^[0-9a-f]* T __wrap_\(.*\)/-Wl,--wrap=\1/p' | sort -u)

link() {	# link OUT ARCHIVE
	printf '\t.section .slither,"a"\n\t.balign 16\n\t.globl _slither_archive_start\n_slither_archive_start:\n\t.incbin "%s"\n\t.globl _slither_archive_end\n_slither_archive_end:\n\t.section .note.GNU-stack,"",@progbits\n' "$2" > "$1.S"
	gcc -c -o "$1-archive.o" "$1.S"
	gcc -static $wraps -o "$1" $(for f in $rt; do echo $f.o; done) \
		archive_read.o gen_ext.o ext_single.o ext_multi.o "$1-archive.o" $libs \
		2> "$1.link.log" ||
		{ cat "$1.link.log"; exit 1; }
}
./pack scan-script script.bin
./pack scan-module module.bin
./pack scan-script corrupt.bin --corrupt bad
for v in none badmagic badroot noenc; do
	./pack scan-$v $v.bin
done
for t in script module corrupt none badmagic badroot noenc; do
	link t-$t $t.bin
done

# t-asan runs these modules deep-frozen, as slither build compiles them
# (link/frozen.c): the app's and, for code objects of every kind, some of
# the standard library's (their byte-code stays in the archive too; the
# runtime looks in the table first)
frozen="dis enum functools inspect linecache re re._compiler re._parser tokenize traceback"
mkdir -p frozen
awk -F '\t' '$1 == "entry" && ($2 == "module" || $2 == "package") { print $3, $4, $5 }' \
	scan-script/manifest.txt | while read -r name vpath code; do
	case " $frozen " in *" $name "*) ;; *) case $vpath in /slither/app/*) ;; *) continue ;; esac ;; esac
	sym=_slither_code_$(printf %s "$name" | sed 's/_/__/g; s/\./_d/g')
	printf '%s\t%s\t%s\t%s\n' "$name" "scan-script/$code" "frozen/$sym.c" "$sym"
done > frozen/jobs
"$py" -s -S "$top/src/scan/freeze.py" frozen/jobs
{
	echo '#include "runtime/runtime.h"'
	LC_ALL=C sort frozen/jobs | while IFS="$(printf '\t')" read -r name code c sym; do
		[ -f "$c" ] || continue
		gcc -O0 -g -I$inc $san -c -o "${c%.c}.o" "$c"
		echo "PyObject *$sym(void);"
	done
	echo 'const struct sl_frozen_code _slither_frozen_code[] = {'
	LC_ALL=C sort frozen/jobs | while IFS="$(printf '\t')" read -r name code c sym; do
		[ -f "$c" ] && echo "	{\"$name\", $sym},"
	done
	echo '	{NULL, NULL},'
	echo '};'
	echo "const size_t _slither_frozen_code_count = $(ls frozen/*.o | wc -l);"
} > gen_frozen.c
sed -e '/nothing deep-frozen/,$d' gen_ext.c > gen_ext_asan.c
cat gen_frozen.c >> gen_ext_asan.c
gcc $cflags -c -o gen_ext_asan.o gen_ext_asan.c
gcc $san $wraps -o t-asan $(for f in $rt; do echo asan-$f.o; done) asan-archive_read.o gen_ext_asan.o \
	frozen/*.o ext_single.o ext_multi.o t-script-archive.o $libs
ls -l t-script script.bin
