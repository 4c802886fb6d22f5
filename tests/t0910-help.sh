#!/bin/bash
# --help, the manual page (slither --man) and the bash completion come from
# one table (src/cli/help.c): every option and variable --help names is in
# the manual page; every option a command's parser accepts (a string
# literal it compares an argument with) is in that command's --help; the
# page renders without troff warnings and is the same every time.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 1

"$SLITHER" --man >slither.1
"$SLITHER" --man >slither.1.again
check "slither --man prints a page" test -s slither.1
check "... the same way twice" cmp -s slither.1 slither.1.again
groff -man -ww -z slither.1 >groff.out 2>&1
check "... which renders without troff warnings" test ! -s groff.out
sed 's/^/    /' groff.out
MANWIDTH=80 man -l slither.1 2>/dev/null | col -b >man.txt
# words of the page, so that an option broken across lines still counts
tr -s ' \t\n' '\n' <man.txt | sed "s/[],.;:)('\"]*\$//; s/^[[('\"]*//" >man.words

for cmd in "" toolchain build inspect pip source; do
	name=${cmd:-slither}
	if ! "$SLITHER" $cmd --help >"help.$name" 2>&1; then
		not_ok "slither $cmd --help"; continue
	fi
	# options (-x, --xyz) and environment variables (SLITHER_*) it names
	grep -oE '(^|[ ,[(|])(--?[A-Za-z][A-Za-z0-9-]*|[A-Z][A-Z_]*_[A-Z_]+)' "help.$name" |
		sed 's/^[ ,[(|]//' | sort -u >"opts.$name"
	missing=$(grep -vxFf man.words "opts.$name" | tr '\n' ' ')
	check "every option and variable 'slither${cmd:+ $cmd} --help' names ($(wc -l <"opts.$name")) is in the manual page" \
		test -z "$missing"
	[ -z "$missing" ] || echo "    missing: $missing"
done
check "the page has a section for every command" test "$(grep -c '^   \(toolchain\|build\|inspect\|pip\|source\)' man.txt)" -ge 5

# every option a parser accepts is documented in its command's --help
for pair in slither.c:slither cmd_build.c:build cmd_toolchain.c:toolchain cmd_inspect.c:inspect \
	cmd_pip.c:pip cmd_source.c:source; do
	src=${pair%%:*} name=${pair##*:}
	grep -ohE 'strn?cmp\((a|argv\[[a-z0-9 +]+\]), "-[^"]*"' "$TOP/src/cli/$src" |
		sed 's/.*"\(-[^"]*\)"/\1/; s/=$//' | grep -vx -- '--' | sort -u >"parsed.$name"
	missing=$(while read -r o; do grep -qE -- "(^|[ ,[(|])$o([] ,=)|]|$)" "help.$name" || echo "$o"; done <"parsed.$name" | tr '\n' ' ')
	check "every option src/cli/$src parses ($(wc -l <"parsed.$name")) is in 'slither $name --help'" \
		test -z "$missing"
	[ -z "$missing" ] || echo "    undocumented: $missing"
done
done_testing
