// libsldepc.a: C++, so the final link needs libstdc++
#include <string>

static std::string last;

extern "C" const char *sldep_c(int x)
{
	last = "chain:" + std::to_string(x);
	return last.c_str();
}
