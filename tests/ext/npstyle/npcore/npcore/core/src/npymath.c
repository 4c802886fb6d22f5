/* A static helper library built by the package's own build (build_clib),
 * as numpy's libnpymath.a, which its extensions link with -lnpymath. */
#include <math.h>

double npy_hypot3(double x, double y, double z)
{
	return sqrt(x * x + y * y + z * z);
}
