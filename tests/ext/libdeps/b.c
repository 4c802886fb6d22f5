/* libsldepb.a: needs libsldepc.a and libm */
#include <math.h>

const char *sldep_c(int x);

const char *sldep_b(int x)
{
	return sldep_c((int)sqrt((double)x * x) * 2);
}
