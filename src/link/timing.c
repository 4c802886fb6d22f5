/* Phase times of a build (see timing.h).  Recorded always (a clock read
 * per phase), printed only when asked for. */
#include "link/timing.h"

#include <stdio.h>
#include <time.h>

#include "lib/alloc.h"
#include "lib/msg.h"

struct phase {
	const char *name;
	double seconds;
};

static struct phase *phases;
static size_t nphases;
static double started, first;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void end_phase(double t)
{
	if (nphases)
		phases[nphases - 1].seconds = t - started;
}

void timing_phase(const char *name)
{
	double t = now();

	end_phase(t);
	if (!nphases)
		first = t;
	phases = xrealloc(phases, (nphases + 1) * sizeof(*phases));
	phases[nphases++] = (struct phase){.name = name};
	started = t;
}

void timing_report(void)
{
	double t = now();
	size_t i;

	end_phase(t);
	fprintf(stderr, "%s: timings:\n", argv0);
	for (i = 0; i < nphases; i++)
		fprintf(stderr, "%s:   %-40s %7.3f s\n", argv0, phases[i].name, phases[i].seconds);
	fprintf(stderr, "%s:   %-40s %7.3f s\n", argv0, "total", nphases ? t - first : 0.0);
}
