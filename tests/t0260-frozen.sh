#!/bin/bash
# Deep-frozen byte-code (src/scan/freeze.py, src/link/frozen.c): the code
# objects built into the executable as static data are what CPython gives,
# constant for constant and field for field, and a hot function specialises
# as it does there (3.13: each code object's version, adaptive counters);
# --no-freeze gives the same through marshal; the objects are cached and the
# output is the same bytes with a cold cache; a module that cannot be frozen
# stays marshalled.  On CPython 3.11 (the default toolchain), then on 3.13
# (lib.sh's also_on).
. "$(dirname "$0")/lib.sh"
also_on 3.13

TC=$(toolchain)
XY=$(sed -n 's/^version \([0-9]*\.[0-9]*\)\..*/\1/p' "$TC/lib/slither/toolchain.txt")
PY=$TC/bin/python$XY
# what the app's output is compared with: the machine's python of the
# toolchain's version (Debian's python3.11), else the toolchain's module
# builder (a dynamic CPython from the same source) running the source
REF=$STOCK_PYTHON
[ "$("$REF" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$XY" ] ||
	REF=$TC/builder/bin/python$XY
APP=$TOP/tests/apps/constapp

# run NAME: the app's output, with the addresses dis prints masked
run() {
	"$@" 2>"$TMP/err" | sed -e 's/ at 0x[0-9a-f]*/ at ADDR/g' -e "s|$APP/|APP/|g"
}

run "$REF" "$APP/main.py" >"$TMP/stock.out"
check "$REF runs the constants app ($(wc -l <"$TMP/stock.out") lines)" \
	test "$(wc -l <"$TMP/stock.out")" -gt 60

for variant in frozen no-freeze; do
	flag=; [ $variant = no-freeze ] && flag=--no-freeze
	if "$SLITHER" build --toolchain "$TC" $flag "$APP/main.py" -o "$TMP/$variant" \
		2>"$TMP/$variant.build"; then
		ok "$variant: builds"
	else
		not_ok "$variant: builds"; sed 's/^/    /' "$TMP/$variant.build"; continue
	fi
	run "$TMP/$variant" >"$TMP/$variant.out"
	if diff -u "$TMP/stock.out" "$TMP/$variant.out" >"$TMP/diff"; then
		ok "$variant: every constant, code object field and specialisation as python$XY gives it"
	else
		not_ok "$variant: differs from python$XY"; sed 's/^/    /' "$TMP/diff" | head -40
	fi
	# the app prints whether its module's code object is static data
	want=True; [ $variant = no-freeze ] && want=False
	check "$variant: the module's code object is static data: $want" \
		grep -qx "frozen $want" "$TMP/err"
	"$SLITHER" inspect "$TMP/$variant" >"$TMP/$variant.inspect" 2>&1
	if [ $variant = frozen ]; then
		# the byte-code is in the executable; the archive keeps the source
		check "frozen: the archive holds no byte-code for a deep-frozen module, only its source" \
			grep -Eq '^module +frozen +[1-9][0-9]* +__main__$' "$TMP/frozen.inspect"
	else
		check "no-freeze: the archive holds every module's byte-code" \
			bash -c "grep -Eq '^module +[1-9][0-9]* +[1-9][0-9]* +__main__$' '$TMP/no-freeze.inspect' &&
				! grep -q ' frozen ' '$TMP/no-freeze.inspect'"
	fi
done
check "deep-freezing leaves the marshalled byte-code out of the archive" \
	test "$(grep -c ' frozen ' "$TMP/frozen.inspect")" -gt 300

# the byte-code compiled to C once: a rebuild finds every object cached
"$SLITHER" build --toolchain "$TC" "$APP/main.py" -o "$TMP/again" 2>"$TMP/again.build"
check "a rebuild compiles no byte-code to C again" \
	bash -c "! grep -q 'deep-freeze' '$TMP/again.build'"
check "a rebuild gives the same bytes" cmp -s "$TMP/frozen" "$TMP/again"
# the same bytes from a cold cache: the C and its objects are deterministic
SLITHER_CACHE=$TMP/cache "$SLITHER" build --toolchain "$TC" "$APP/main.py" -o "$TMP/cold.bin" \
	2>"$TMP/cold.build"
check "a cold cache deep-freezes the modules again" grep -q 'deep-freeze' "$TMP/cold.build"
check "a cold cache gives the same bytes" cmp -s "$TMP/frozen" "$TMP/cold.bin"
# objects no build used for 30 days go; those a build uses stay
n_objs=$(ls "$TMP/cache/frozen" | wc -l)
touch -d '40 days ago' "$TMP/cache/frozen/"*.o
touch -d '40 days ago' "$TMP/cache/frozen/unused.o" "$TMP/cache/frozen/x.o.tmp.1"
SLITHER_CACHE=$TMP/cache "$SLITHER" build --toolchain "$TC" "$APP/main.py" -o "$TMP/cold2.bin" \
	2>"$TMP/cold2.build"
check "cached objects the build uses are kept ($n_objs)" \
	test "$(ls "$TMP/cache/frozen" | wc -l)" -eq "$n_objs"
check "an object unused for 40 days and a left-over temporary file are removed" \
	test ! -e "$TMP/cache/frozen/unused.o" -a ! -e "$TMP/cache/frozen/x.o.tmp.1"
check "... and the build compiled nothing again" bash -c "! grep -q 'deep-freeze' '$TMP/cold2.build'"

# a constant C cannot spell (a NaN with a payload): that module is skipped
# and stays marshalled; the others are frozen
"$PY" -c '
import marshal, struct, sys
code = compile("X = (1.5, 2.5)\n", "/slither/app/m.py", "exec")
data = marshal.dumps(code)
payload = struct.pack("<d", 1.5)
assert data.count(payload) == 1
nan = struct.pack("<Q", 0x7ff8000000000001)
open(sys.argv[1] + "/nan.code", "wb").write(data.replace(payload, nan))
open(sys.argv[1] + "/ok.code", "wb").write(data)
' "$TMP"
printf 'nanmod\t%s/nan.code\t%s/nan.c\t_slither_code_nanmod\nokmod\t%s/ok.code\t%s/ok.c\t_slither_code_okmod\n' \
	"$TMP" "$TMP" "$TMP" "$TMP" >"$TMP/jobs"
"$PY" -s -S "$TOP/src/scan/freeze.py" "$TMP/jobs" >"$TMP/freeze.out"
check "freeze.py names the module it cannot freeze, and why" \
	grep -qx "skip nanmod: a NaN constant with a payload" "$TMP/freeze.out"
check "... and writes no C for it" test ! -e "$TMP/nan.c"
check "... but freezes the others" grep -q "_slither_code_okmod(void)" "$TMP/ok.c"

done_testing
