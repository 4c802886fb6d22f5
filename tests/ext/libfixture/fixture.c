/* Fixture: a static library an extension links with -lfixture.  Its own
 * global `helper` must not meet the extensions' ones. */
int fixture_offset(void);

int helper(int x)
{
	return x + 1000;
}

int fixture_scale(int x)
{
	return helper(x * 2) + fixture_offset();
}
