/* libsldepa.a: needs libsldepb.a */
const char *sldep_b(int x);

const char *sldep_a(int x)
{
	return sldep_b(x + 1);
}
