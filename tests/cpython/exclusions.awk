# An exclusions file (exclusions-3.11.txt, exclusions-3.13.txt): `reason KEY
# TEXT` defines a reason, `ID KEY` excludes a test id for it; '#' lines and
# empty ones are comments.  With -v ids=1, print the excluded ids; without,
# print what is wrong (a reason without text or unused, an id line that is
# not ID KEY, a key never defined), nothing when all is well.
/^#/ || !NF { next }
$1 == "reason" { if (NF < 3) bad = bad "reason " $2 " has no text\n"; r[$2] = 1; next }
ids { print $1; next }
{ if (NF != 2) bad = bad $0 ": not ID REASON\n"; else used[$2] = used[$2] " " $1 }
END {
	if (ids) exit
	printf "%s", bad
	for (k in r) if (!(k in used)) print "reason " k " is not used"
	for (k in used) if (!(k in r)) print "undefined reason " k " for" used[k]
}
