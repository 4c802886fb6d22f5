/* Fixture: a second member of libfixture.a, needed by the first. */
int fixture_offset(void)
{
	return 5;
}
